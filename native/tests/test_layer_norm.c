/* agn_layer_norm / agn_layer_norm_backward against a two-pass scalar reference (mean, then the
 * variance of the centred values, in long double), with and without weight and bias, float32 and
 * float64, row lengths 1..257, a large-mean row (no cancellation), 1 vs 2 threads bit for bit, every
 * SIMD level (each against the reference, so the scalar and SIMD float32 kernels agree to twice its
 * tolerance), mean and rstd saved as float64 for float32 rows, a broadcast grad_out (every stride 0),
 * RMS normalisation (the same kernels with the mean taken as 0), and error statuses. */
#include "autograd_native.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double urand(void) { return (double)rand() / RAND_MAX * 2 - 1; }

static agn_tensor t1(void *data, int64_t *shape, int64_t *stride, int dt) {
    *stride = 1;
    agn_tensor t = {data, shape, stride, 1, dt};
    return t;
}

static double get(const void *p, int dt, int64_t i) {
    return dt == AGN_DTYPE_FLOAT32 ? ((const float *)p)[i] : ((const double *)p)[i];
}

/* reference y, dx, dw, db for M rows of n */
static void reference(int64_t M, int64_t n, const double *x, const double *w, const double *b, const double *dy,
                      double eps, int rms, double *y, double *dx, double *dw, double *db) {
    for (int64_t c = 0; c < n; c++) dw[c] = db[c] = 0;
    for (int64_t r = 0; r < M; r++) {
        const double *xr = x + r * n, *gr = dy + r * n;
        long double m = 0, v = 0, sg = 0, sgx = 0;
        for (int64_t c = 0; c < n && !rms; c++) m += xr[c];
        m /= n; /* RMS normalisation: the mean taken as 0 */
        for (int64_t c = 0; c < n; c++) v += (xr[c] - m) * (xr[c] - m);
        v /= n;
        double rstd = (double)(1 / sqrtl(v + eps));
        for (int64_t c = 0; c < n; c++) {
            double xh = (double)(xr[c] - m) * rstd, g = gr[c] * (w ? w[c] : 1);
            y[r * n + c] = xh * (w ? w[c] : 1) + (b ? b[c] : 0);
            sg += g, sgx += g * xh;
            dw[c] += gr[c] * xh, db[c] += gr[c];
        }
        for (int64_t c = 0; c < n; c++) {
            double xh = (double)(xr[c] - m) * rstd, g = gr[c] * (w ? w[c] : 1);
            dx[r * n + c] = rstd * (g - (rms ? 0 : (double)(sg / n)) - xh * (double)(sgx / n));
        }
    }
}

static void *to_dt(const double *v, int64_t n, int dt) {
    void *p = malloc((size_t)(n ? n : 1) * 8);
    for (int64_t i = 0; i < n; i++)
        if (dt == AGN_DTYPE_FLOAT32) ((float *)p)[i] = (float)v[i]; else ((double *)p)[i] = v[i];
    return p;
}

typedef struct ln_case {
    int simd, stats64, bcast, rms; /* SIMD level; mean/rstd as FLOAT64; grad_out one value broadcast; RMS */
} ln_case;

static void run_case(int64_t M, int64_t n, int dt, int affine, double offset, ln_case k) {
    int64_t total = M * n;
    int sdt = k.stats64 ? AGN_DTYPE_FLOAT64 : dt;
    CHECK(agn_set_simd_level(k.simd) == AGN_OK);
    double *x = malloc((size_t)(total + 1) * 8), *dy = malloc((size_t)(total + 1) * 8);
    double *w = malloc((size_t)n * 8), *b = malloc((size_t)n * 8);
    for (int64_t i = 0; i < total; i++) x[i] = urand() * 2 + offset, dy[i] = k.bcast && i ? dy[0] : urand();
    for (int64_t c = 0; c < n; c++) w[c] = urand() + 1.5, b[c] = urand();
    if (dt == AGN_DTYPE_FLOAT32) /* the reference sees the rounded inputs */
        for (int64_t i = 0; i < total; i++) x[i] = (float)x[i], dy[i] = (float)dy[i];
    if (dt == AGN_DTYPE_FLOAT32)
        for (int64_t c = 0; c < n; c++) w[c] = (float)w[c], b[c] = (float)b[c];
    double *ry = malloc((size_t)(total + 1) * 8), *rdx = malloc((size_t)(total + 1) * 8);
    double *rdw = malloc((size_t)n * 8), *rdb = malloc((size_t)n * 8);
    reference(M, n, x, affine ? w : NULL, affine && !k.rms ? b : NULL, dy, 1e-5, k.rms, ry, rdx, rdw, rdb);
    void *px = to_dt(x, total, dt), *pdy = to_dt(dy, total, dt), *pw = to_dt(w, n, dt), *pb = to_dt(b, n, dt);
    void *py = to_dt(x, total, dt), *pdx = to_dt(x, total, dt), *pdw = to_dt(w, n, dt), *pdb = to_dt(w, n, dt);
    void *pm = to_dt(x, M, sdt), *pr = to_dt(x, M, sdt);
    void *py1 = to_dt(x, total, dt), *pdx1 = to_dt(x, total, dt), *pdw1 = to_dt(w, n, dt), *pdb1 = to_dt(w, n, dt);
    int64_t st, sn = n, sM = M, sT = total, s1, s2, s3, s4, s5, s6, s7, s8, s9;
    agn_tensor tx = t1(px, &sT, &st, dt), tdy = t1(pdy, &sT, &s1, dt), tw = t1(pw, &sn, &s2, dt), tb = t1(pb, &sn, &s3, dt);
    agn_tensor ty = t1(py, &sT, &s4, dt), tdx = t1(pdx, &sT, &s5, dt), tdw = t1(pdw, &sn, &s6, dt), tdb = t1(pdb, &sn, &s7, dt);
    agn_tensor tm = t1(pm, &sM, &s8, sdt), tr = t1(pr, &sM, &s9, sdt);
    if (k.bcast) s1 = 0;
    agn_tensor ty1 = ty, tdx1 = tdx, tdw1 = tdw, tdb1 = tdb;
    ty1.data = py1, tdx1.data = pdx1, tdw1.data = pdw1, tdb1.data = pdb1;
    const agn_tensor *aw = affine ? &tw : NULL, *ab = affine ? &tb : NULL;
    for (int threads = 1; threads <= 2; threads++) {
        agn_set_num_threads(threads);
        const agn_tensor *oy = threads == 1 ? &ty : &ty1, *odx = threads == 1 ? &tdx : &tdx1;
        const agn_tensor *odw = threads == 1 ? &tdw : &tdw1, *odb = threads == 1 ? &tdb : &tdb1;
        if (k.rms) {
            CHECK(agn_rms_norm(&tx, aw, oy, &tr, n, 1e-5) == AGN_OK);
            CHECK(agn_rms_norm_backward(&tdy, &tx, &tr, aw, odx, odw, n) == AGN_OK);
        } else {
            CHECK(agn_layer_norm(&tx, aw, ab, oy, &tm, &tr, n, 1e-5) == AGN_OK);
            CHECK(agn_layer_norm_backward(&tdy, &tx, &tm, &tr, aw, odx, odw, odb, n) == AGN_OK);
        }
    }
    size_t es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8;
    CHECK(memcmp(py, py1, (size_t)total * es) == 0 && memcmp(pdx, pdx1, (size_t)total * es) == 0);
    CHECK(memcmp(pdw, pdw1, (size_t)n * es) == 0 && (k.rms || memcmp(pdb, pdb1, (size_t)n * es) == 0));
    double tol = dt == AGN_DTYPE_FLOAT32 ? 2e-5 : 1e-11;
    int ok = 1;
    for (int64_t i = 0; i < total; i++) {
        ok &= close_to(get(py, dt, i), ry[i], tol, tol);
        ok &= close_to(get(pdx, dt, i), rdx[i], tol * 10, tol * 10);
    }
    for (int64_t c = 0; c < n; c++)
        ok &= close_to(get(pdw, dt, c), rdw[c], tol, tol * M) && (k.rms || close_to(get(pdb, dt, c), rdb[c], tol, tol * M));
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  case M=%lld n=%lld dtype=%d affine=%d offset=%g simd=%d stats64=%d bcast=%d rms=%d\n",
                (long long)M, (long long)n, dt, affine, offset, k.simd, k.stats64, k.bcast, k.rms);
    free(x), free(dy), free(w), free(b), free(ry), free(rdx), free(rdw), free(rdb);
    free(px), free(pdy), free(pw), free(pb), free(py), free(pdx), free(pdw), free(pdb), free(pm), free(pr);
    free(py1), free(pdx1), free(pdw1), free(pdb1);
}

static void hand_worked(void) {
    /* one row {1, 2, 3, 4}: mean 2.5, var 1.25; eps 0 gives xhat = (x - 2.5) / sqrt(1.25) */
    double x[4] = {1, 2, 3, 4}, y[4], m, r;
    int64_t s4 = 4, s1 = 1, a, b2, c, d;
    agn_tensor tx = t1(x, &s4, &a, AGN_DTYPE_FLOAT64), ty = t1(y, &s4, &b2, AGN_DTYPE_FLOAT64);
    agn_tensor tm = t1(&m, &s1, &c, AGN_DTYPE_FLOAT64), tr = t1(&r, &s1, &d, AGN_DTYPE_FLOAT64);
    CHECK(agn_layer_norm(&tx, NULL, NULL, &ty, &tm, &tr, 4, 0) == AGN_OK);
    CHECK(m == 2.5 && close_to(r, 1 / sqrt(1.25), 1e-15, 0));
    CHECK(close_to(y[0], -1.5 / sqrt(1.25), 1e-15, 0) && close_to(y[3], 1.5 / sqrt(1.25), 1e-15, 0));
    /* any eps, as in LibTorch: var + eps = 1.25 - 1 gives rstd 2; a negative sum gives NaN */
    CHECK(agn_layer_norm(&tx, NULL, NULL, &ty, &tm, &tr, 4, -1) == AGN_OK);
    CHECK(close_to(r, 2, 1e-15, 0) && close_to(y[0], -3, 1e-15, 0));
    CHECK(agn_layer_norm(&tx, NULL, NULL, &ty, &tm, &tr, 4, -2) == AGN_OK && isnan(r) && isnan(y[0]));
    /* RMS: {1, 2, 3, 4} has mean(x^2) 7.5 */
    CHECK(agn_rms_norm(&tx, NULL, &ty, &tr, 4, 0) == AGN_OK);
    CHECK(close_to(r, 1 / sqrt(7.5), 1e-15, 0) && close_to(y[3], 4 / sqrt(7.5), 1e-15, 0));
    CHECK(agn_rms_norm(&tx, NULL, &ty, NULL, 4, 0) == AGN_ERR_NULL_ARGUMENT);
    /* errors */
    double g8[8] = {0}, dxv[4];
    int64_t e;
    agn_tensor tg = t1(g8, &s4, &e, AGN_DTYPE_FLOAT64), tdx = t1(dxv, &s4, &e, AGN_DTYPE_FLOAT64);
    e = 2; /* grad_out strided, neither contiguous nor broadcast */
    CHECK(agn_layer_norm_backward(&tg, &tx, &tm, &tr, NULL, &tdx, NULL, NULL, 4) == AGN_ERR_INVALID_ARGUMENT);
    tm.dtype = AGN_DTYPE_FLOAT32; /* mean and rstd of different dtypes */
    CHECK(agn_layer_norm(&tx, NULL, NULL, &ty, &tm, &tr, 4, 0) == AGN_ERR_DTYPE);
    tm.dtype = AGN_DTYPE_FLOAT64;
    CHECK(agn_layer_norm(&tx, NULL, NULL, &ty, &tm, &tr, 3, 0) == AGN_ERR_SHAPE);
    CHECK(agn_layer_norm(&tx, NULL, NULL, &ty, &tm, &tr, 0, 0) == AGN_ERR_SHAPE);
    CHECK(agn_layer_norm(NULL, NULL, NULL, &ty, &tm, &tr, 4, 0) == AGN_ERR_NULL_ARGUMENT);
    ty.dtype = AGN_DTYPE_FLOAT32;
    CHECK(agn_layer_norm(&tx, NULL, NULL, &ty, &tm, &tr, 4, 0) == AGN_ERR_DTYPE);
    tx.dtype = AGN_DTYPE_INT64;
    CHECK(agn_layer_norm(&tx, NULL, NULL, &ty, &tm, &tr, 4, 0) == AGN_ERR_DTYPE);
}

int main(void) {
    srand(5);
    hand_worked();
    for (int level = AGN_SIMD_SCALAR; level <= agn_simd_supported(); level++)
        for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++)
            for (int variant = 0; variant < 4; variant++) {
                ln_case k = {level, variant == 1, variant == 2, variant == 3};
                for (int64_t n = 1; n <= 257; n++) run_case(3, n, dt, (int)(n % 2), 0, k);
                run_case(64, 512, dt, 1, 0, k);   /* the benchmark's shape: threaded rows and column blocks */
                run_case(40, 77, dt, 0, 0, k);    /* row blocks of a column sum with a tail, no weight */
                run_case(5, 300, dt, 1, 1000, k); /* a mean far from zero against the spread */
                run_case(5, 1100, dt, 1, 3, k);   /* rows of several float-lane blocks */
                run_case(0, 8, dt, 1, 0, k);      /* no rows */
            }
    agn_set_simd_level(agn_simd_supported());
    return check_summary("test_layer_norm");
}
