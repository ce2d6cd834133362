/* agn_reduce: every op and dtype against a reference loop over random 0..4-d shapes and reduce
 * masks, with permuted (transposed), broadcast (stride 0), negative-stride and unaligned inputs and
 * permuted outputs; argmax/argmin (first extreme, first NaN); 1-d lengths 0..257; empty extents;
 * float32 accuracy and bit-identical results for 1 vs 4 threads on large inputs (horizontal,
 * vertical and chunked paths); error statuses; the float block sums (lengths around lane rows and
 * blocks, unaligned starts, 1/2/3 threads bit-identical, inf/NaN, a derived error bound); broadcast
 * runs against the same run written out. */
#include "autograd_native.h"
#include "check.h"
#include "tview.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A view with a random memory order of dims; weird >= 1 adds flipped (negative-stride) dims and an
 * odd byte offset, weird == 2 also stride-0 (broadcast) dims. */
static void make_view(tview *v, int ndim, const int64_t *shape, int dt, int weird) {
    int perm[4];
    dim_order(perm, ndim, 1);
    v->ndim = ndim;
    v->dt = dt;
    int64_t stride = 1, offset = 0;
    for (int k = ndim - 1; k >= 0; k--) { /* perm[ndim-1] is innermost in memory */
        int d = perm[k];
        v->shape[d] = shape[d];
        if (weird == 2 && rand() % 5 == 0) { v->strides[d] = 0; continue; }
        v->strides[d] = stride;
        stride *= shape[d] > 0 ? shape[d] : 1;
    }
    for (int d = 0; d < ndim; d++)
        if (weird && v->strides[d] > 0 && shape[d] > 1 && rand() % 5 == 0) {
            offset += (shape[d] - 1) * v->strides[d];
            v->strides[d] = -v->strides[d];
        }
    int64_t es = esize(dt), pad = weird ? 1 : 0;
    v->buf = calloc((size_t)(stride * es + pad + 8), 1);
    v->data = v->buf + pad + offset * es;
    for (int64_t i = 0; i < stride; i++) { /* fill the whole buffer */
        char *p = v->buf + pad + i * es;
        int r = rand() % 13 - 6; /* small ints: ties for argmax, exact int products */
        double f = r == 0 ? 0 : (double)rand() / RAND_MAX + 0.5; /* positive, prods stay finite */
        if (rand() % 2) f = -f;
        if (dt == AGN_DTYPE_FLOAT32) { float x = (float)f; memcpy(p, &x, 4); }
        else if (dt == AGN_DTYPE_FLOAT64) memcpy(p, &f, 8);
        else if (dt == AGN_DTYPE_INT64) { int64_t x = r; memcpy(p, &x, 8); }
        else *p = (char)(r > 0);
    }
}

static int64_t geti(const tview *v, const int64_t *idx) {
    int64_t k;
    if (v->dt == AGN_DTYPE_BOOL) return *at(v, idx) != 0;
    memcpy(&k, at(v, idx), 8);
    return k;
}

/* Reference: out element e (row-major over out's shape) folds all x elements mapping to it in
 * row-major x order, in double or wrapping int64. */
static void check_case(int op, int dt, int ndim, const int64_t *shape, unsigned mask, int with_idx) {
    int64_t oshape[4];
    int reduced = 0;
    for (int d = 0; d < ndim; d++) {
        oshape[d] = (mask >> d) & 1 ? 1 : shape[d];
        reduced += (mask >> d) & 1 && shape[d] != 1;
    }
    if (with_idx && (reduced > 1 || op < AGN_REDUCE_MAX)) with_idx = 0;
    int odt = (dt == AGN_DTYPE_BOOL && op <= AGN_REDUCE_PROD) ? AGN_DTYPE_INT64 : dt;
    tview x, o, ix;
    make_view(&x, ndim, shape, dt, 2);
    make_view(&o, ndim, oshape, odt, rand() % 2);
    make_view(&ix, ndim, oshape, AGN_DTYPE_INT64, 0);
    agn_tensor tx = as_tensor(&x), to = as_tensor(&o), ti = as_tensor(&ix);
    int64_t xn = 1, on = 1;
    for (int d = 0; d < ndim; d++) { xn *= shape[d]; on *= oshape[d]; }
    int empty = xn == 0 && on > 0;
    agn_status want_status = (empty && op >= AGN_REDUCE_MAX) ? AGN_ERR_SHAPE : AGN_OK;
    agn_status got_status = agn_reduce(op, &tx, &to, with_idx ? &ti : NULL);
    CHECK(got_status == want_status);
    if (want_status != AGN_OK || got_status != want_status) goto done;
    int fl = dt <= AGN_DTYPE_FLOAT64;
    for (int64_t e = 0; e < on; e++) {
        int64_t oi[4] = {0}, rem = e;
        for (int d = ndim - 1; d >= 0; d--) { oi[d] = rem % oshape[d]; rem /= oshape[d]; }
        double f = op == AGN_REDUCE_PROD ? 1 : op == AGN_REDUCE_MAX ? -INFINITY : op == AGN_REDUCE_MIN ? INFINITY : 0;
        double fabs_sum = 0;
        int64_t iv = op == AGN_REDUCE_PROD ? 1 : op == AGN_REDUCE_MAX ? INT64_MIN : op == AGN_REDUCE_MIN ? INT64_MAX : 0;
        int64_t arg = 0, pos = 0;
        for (int64_t k = 0; k < xn; k++) {
            int64_t xi[4] = {0}, r = k, match = 1;
            for (int d = ndim - 1; d >= 0; d--) { xi[d] = r % shape[d]; r /= shape[d]; }
            for (int d = 0; d < ndim; d++) match &= oshape[d] == 1 || xi[d] == oi[d];
            if (!match) continue;
            double v = get(&x, xi);
            int64_t w = geti(&x, xi);
            fabs_sum += fabs(v);
            switch (op) {
            case AGN_REDUCE_SUM: f += v; iv = (int64_t)((uint64_t)iv + (uint64_t)w); break;
            case AGN_REDUCE_PROD: f *= v; iv = (int64_t)((uint64_t)iv * (uint64_t)w); break;
            case AGN_REDUCE_MAX:
                if (fl ? (!isnan(f) && (v > f || isnan(v))) : w > iv) { f = v; iv = w; arg = pos; }
                break;
            case AGN_REDUCE_MIN:
                if (fl ? (!isnan(f) && (v < f || isnan(v))) : w < iv) { f = v; iv = w; arg = pos; }
                break;
            }
            pos++;
        }
        if (fl) {
            double got = get(&o, oi);
            double tol = dt == AGN_DTYPE_FLOAT32 ? 1e-6 : 1e-13;
            double want = dt == AGN_DTYPE_FLOAT32 ? (float)f : f;
            CHECK(close_to(got, want, tol, tol * fabs_sum));
        } else if (odt == AGN_DTYPE_BOOL) {
            CHECK(geti(&o, oi) == (iv != 0));
        } else {
            CHECK(geti(&o, oi) == iv);
        }
        if (with_idx) CHECK(geti(&ix, oi) == arg);
    }
done:
    free(x.buf);
    free(o.buf);
    free(ix.buf);
}

static void check_random(void) {
    for (int iter = 0; iter < 3000; iter++) {
        int ndim = rand() % 5;
        int64_t shape[4];
        for (int d = 0; d < ndim; d++) shape[d] = rand() % 10 == 0 ? 0 : rand() % 6 + 1;
        unsigned mask = (unsigned)rand() & ((1u << ndim) - 1);
        check_case(iter % 4, (iter / 4) % 4, ndim, shape, mask, rand() % 2);
    }
    for (int64_t n = 0; n <= 257; n++)
        for (int op = 0; op < 4; op++) {
            int64_t shape[1] = {n};
            check_case(op, AGN_DTYPE_FLOAT32, 1, shape, 1, 1);
            check_case(op, AGN_DTYPE_FLOAT64, 1, shape, 1, 1);
            int64_t shape2[2] = {n, 3}, shape3[2] = {3, n};
            check_case(op, AGN_DTYPE_FLOAT64, 2, shape2, 1, 1); /* vertical */
            check_case(op, AGN_DTYPE_INT64, 2, shape3, 2, 1);
        }
    int64_t big[3] = {300, 7, 5}; /* more than one vertical tile */
    for (int op = 0; op < 4; op++) check_case(op, AGN_DTYPE_FLOAT32, 3, big, 2, 1);
}

static void check_nan_and_ties(void) {
    float x[6] = {1, NAN, 3, NAN, 3, -1};
    int64_t s6[1] = {6}, s1[1] = {1}, st[1] = {1}, idx = -1;
    float o = 0;
    agn_tensor tx = {x, s6, st, 1, AGN_DTYPE_FLOAT32}, to = {&o, s1, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor ti = {&idx, s1, st, 1, AGN_DTYPE_INT64};
    CHECK(agn_reduce(AGN_REDUCE_MAX, &tx, &to, &ti) == AGN_OK && isnan(o) && idx == 1);
    CHECK(agn_reduce(AGN_REDUCE_MIN, &tx, &to, &ti) == AGN_OK && isnan(o) && idx == 1);
    x[1] = x[3] = 3;
    CHECK(agn_reduce(AGN_REDUCE_MAX, &tx, &to, &ti) == AGN_OK && o == 3 && idx == 1);
    float ninf[3] = {-INFINITY, -INFINITY, -INFINITY};
    int64_t s3[1] = {3};
    agn_tensor tn = {ninf, s3, st, 1, AGN_DTYPE_FLOAT32};
    CHECK(agn_reduce(AGN_REDUCE_MAX, &tn, &to, &ti) == AGN_OK && o == -INFINITY && idx == 0);
    /* empty extents: identity for SUM/PROD, error for MAX/MIN; empty out: nothing to do */
    int64_t s0[1] = {0};
    agn_tensor te = {NULL, s0, st, 1, AGN_DTYPE_FLOAT32};
    o = 5;
    CHECK(agn_reduce(AGN_REDUCE_SUM, &te, &to, NULL) == AGN_OK && o == 0);
    CHECK(agn_reduce(AGN_REDUCE_PROD, &te, &to, NULL) == AGN_OK && o == 1);
    CHECK(agn_reduce(AGN_REDUCE_MAX, &te, &to, &ti) == AGN_ERR_SHAPE);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &te, &te, NULL) == AGN_OK);
}

static void check_errors(void) {
    float x[6] = {0};
    int64_t s23[2] = {2, 3}, s13[2] = {1, 3}, s11[2] = {1, 1}, s22[2] = {2, 2}, st[2] = {3, 1}, s3[1] = {3};
    float o[3];
    int64_t idx[3];
    agn_tensor tx = {x, s23, st, 2, AGN_DTYPE_FLOAT32};
    agn_tensor to = {o, s13, st, 2, AGN_DTYPE_FLOAT32}, t11 = {o, s11, st, 2, AGN_DTYPE_FLOAT32};
    agn_tensor tbad = {o, s22, st, 2, AGN_DTYPE_FLOAT32}, t1d = {o, s3, st + 1, 1, AGN_DTYPE_FLOAT32};
    agn_tensor tod = {o, s13, st, 2, AGN_DTYPE_FLOAT64}, ti = {idx, s13, st, 2, AGN_DTYPE_INT64};
    agn_tensor ti11 = {idx, s11, st, 2, AGN_DTYPE_INT64}, tif = {idx, s13, st, 2, AGN_DTYPE_FLOAT64};
    CHECK(agn_reduce(AGN_REDUCE_SUM, &tx, &to, NULL) == AGN_OK);
    CHECK(agn_reduce(4, &tx, &to, NULL) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &tx, &tbad, NULL) == AGN_ERR_SHAPE);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &tx, &t1d, NULL) == AGN_ERR_SHAPE);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &tx, &tod, NULL) == AGN_ERR_DTYPE);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &tx, &to, &ti) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_reduce(AGN_REDUCE_MAX, &tx, &to, &tif) == AGN_ERR_DTYPE);
    CHECK(agn_reduce(AGN_REDUCE_MAX, &tx, &to, &ti11) == AGN_ERR_SHAPE);
    CHECK(agn_reduce(AGN_REDUCE_MAX, &tx, &t11, &ti11) == AGN_ERR_INVALID_ARGUMENT); /* 2 dims */
    CHECK(agn_reduce(AGN_REDUCE_MAX, &tx, &to, &ti) == AGN_OK);
    CHECK(agn_reduce(AGN_REDUCE_SUM, NULL, &to, NULL) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &tx, NULL, NULL) == AGN_ERR_NULL_ARGUMENT);
    agn_tensor tb = {x, s23, st, 2, AGN_DTYPE_BOOL}, tbo = {o, s13, st, 2, AGN_DTYPE_BOOL};
    CHECK(agn_reduce(AGN_REDUCE_SUM, &tb, &tbo, NULL) == AGN_ERR_DTYPE); /* bool sums into INT64 */
    CHECK(agn_reduce(AGN_REDUCE_MAX, &tb, &tbo, NULL) == AGN_OK);
}

/* Runs op on x into o twice (1 and 4 threads) and checks identical bits. */
static void run_both(int op, agn_tensor *tx, agn_tensor *to, agn_tensor *ti, size_t obytes) {
    char *first = malloc(obytes);
    CHECK(agn_set_num_threads(1) == AGN_OK);
    CHECK(agn_reduce(op, tx, to, ti) == AGN_OK);
    memcpy(first, to->data, obytes);
    memset(to->data, 0, obytes);
    CHECK(agn_set_num_threads(4) == AGN_OK);
    CHECK(agn_reduce(op, tx, to, ti) == AGN_OK);
    CHECK(memcmp(first, to->data, obytes) == 0);
    free(first);
}

static void check_large(void) {
    const int64_t R = 1536, C = 1536, N = R * C;
    float *x = malloc((size_t)N * 4), *o = malloc((size_t)N * 4);
    double exact = 0;
    for (int64_t i = 0; i < N; i++) {
        x[i] = (float)((i * 7919) % 1000) * 0.001f + 0.1f;
        exact += x[i];
    }
    int32_t threads = agn_get_num_threads();
    int64_t sN[1] = {N}, s1[1] = {1}, st1[1] = {1};
    agn_tensor tflat = {x, sN, st1, 1, AGN_DTYPE_FLOAT32}, tone = {o, s1, st1, 1, AGN_DTYPE_FLOAT32};
    run_both(AGN_REDUCE_SUM, &tflat, &tone, NULL, 4); /* chunked full reduction */
    CHECK(fabs(o[0] - exact) <= 1e-6 * exact);      /* float accumulation would be off by ~1e-3 */
    int64_t idx[1536];
    agn_tensor tidx1 = {idx, s1, st1, 1, AGN_DTYPE_INT64};
    run_both(AGN_REDUCE_MAX, &tflat, &tone, &tidx1, 4);
    CHECK(o[0] == x[idx[0]]);
    int64_t s2[2] = {R, C}, st2[2] = {C, 1}, srow[2] = {1, C}, scol[2] = {R, 1}, so[2] = {1, 1};
    int64_t tst[2] = {1, R}; /* transposed view of the same buffer */
    agn_tensor tx = {x, s2, st2, 2, AGN_DTYPE_FLOAT32}, txt = {x, s2, tst, 2, AGN_DTYPE_FLOAT32};
    agn_tensor orow = {o, srow, so, 2, AGN_DTYPE_FLOAT32}, ocol = {o, scol, so, 2, AGN_DTYPE_FLOAT32};
    agn_tensor irow = {idx, srow, so, 2, AGN_DTYPE_INT64};
    run_both(AGN_REDUCE_SUM, &tx, &orow, NULL, (size_t)C * 4); /* dim 0: vertical */
    for (int64_t c = 0; c < C; c += 97) {
        double s = 0;
        for (int64_t r = 0; r < R; r++) s += x[r * C + c];
        CHECK(close_to(o[c], s, 1e-6, 0));
    }
    run_both(AGN_REDUCE_SUM, &tx, &ocol, NULL, (size_t)R * 4); /* dim 1: horizontal */
    run_both(AGN_REDUCE_SUM, &txt, &orow, NULL, (size_t)C * 4);
    run_both(AGN_REDUCE_MIN, &txt, &orow, &irow, (size_t)C * 4);
    for (int64_t c = 0; c < C; c += 101) CHECK(o[c] == x[c * R + idx[c]]);
    /* tall and thin: few vertical tiles, long reduced extent -> chunked vertical path */
    int64_t s3[2] = {N / 3, 3}, st3[2] = {3, 1}, so3[2] = {1, 3};
    agn_tensor t3 = {x, s3, st3, 2, AGN_DTYPE_FLOAT32}, o3 = {o, so3, so, 2, AGN_DTYPE_FLOAT32};
    run_both(AGN_REDUCE_SUM, &t3, &o3, NULL, 12);
    double s = 0;
    for (int64_t r = 0; r < N / 3; r++) s += x[r * 3 + 1];
    CHECK(close_to(o[1], s, 1e-6, 0));
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    free(x);
    free(o);
}

/* Note [Float sum blocks] in reduce.c: a contiguous float SUM run of at least SUM_BLOCK elements is
 * summed in blocks of SUM_BLOCK elements by SUM_LANES lanes of the input type; the block partials
 * are added in double. Keep these in step with reduce.c: the error bound below is derived from them
 * (and holds for the all-double sums of shorter runs too). */
#define SUM_BLOCK 2048
#define SUM_LANES 64

/* Bound on |result - exact sum| for n elements with sum of magnitudes sabs and double reference ref
 * (itself off by at most gamma_{n-1} sabs), for lanes and result of unit roundoff u: at most
 * SUM_BLOCK / SUM_LANES - 1 lane adds plus log2(SUM_LANES) tree adds per element, at most
 * n / SUM_BLOCK + 1 block adds and 64 chunk adds in double, and the final rounding. */
static double sum_bound(int64_t n, double sabs, double ref, double u) {
    const double ud = 0x1p-53;
    int64_t kf = SUM_BLOCK / SUM_LANES - 1, kd = n / SUM_BLOCK + 1 + 64 + n;
    for (int h = SUM_LANES; h > 1; h /= 2) kf++;
    double gf = kf * u / (1 - kf * u), gd = kd * ud / (1 - kd * ud);
    double e = gf * sabs + gd * (1 + gf) * sabs;
    return e + u * (fabs(ref) + e);
}

/* vals[0..n) as dt (float32 or float64) at byte offset `offset` in a fresh buffer, summed at 1, 2
 * and 3 threads: same bits every time, within sum_bound of the double sum. */
static void check_sum_case(const float *vals, int64_t n, int64_t offset, int dt) {
    const int64_t es = esize(dt);
    char *buf = malloc((size_t)(n * es + offset) + 1);
    double ref = 0, sabs = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = vals[i];
        if (dt == AGN_DTYPE_FLOAT32) memcpy(buf + offset + i * 4, &vals[i], 4);
        else memcpy(buf + offset + i * 8, &d, 8);
        ref += d;
        sabs += fabs(d);
    }
    double got[3];
    int64_t sn[1] = {n}, s1[1] = {1}, st[1] = {1};
    for (int t = 0; t < 3; t++) {
        agn_tensor tx = {buf + offset, sn, st, 1, dt}, to = {&got[t], s1, st, 1, dt};
        CHECK(agn_set_num_threads(t + 1) == AGN_OK);
        CHECK(agn_reduce(AGN_REDUCE_SUM, &tx, &to, NULL) == AGN_OK);
        if (dt == AGN_DTYPE_FLOAT32) { float f; memcpy(&f, &got[t], 4); got[t] = f; }
    }
    CHECK(memcmp(&got[0], &got[1], 8) == 0 && memcmp(&got[0], &got[2], 8) == 0);
    double u = dt == AGN_DTYPE_FLOAT32 ? 0x1p-24 : 0x1p-53;
    if (isfinite(ref)) CHECK(fabs(got[0] - ref) <= sum_bound(n, sabs, ref, u));
    else CHECK(isnan(ref) ? isnan(got[0]) : got[0] == ref); /* inf, -inf and NaN propagate */
    free(buf);
}

static void check_sum_blocks(void) {
    int32_t threads = agn_get_num_threads();
    const int64_t max_n = 4 * 65536 + SUM_BLOCK + 1; /* also covers the 2-d cases below */
    float *v = malloc((size_t)max_n * 4);
    for (int64_t i = 0; i < max_n; i++) { /* mixed signs and magnitudes 2^-8 .. 2^8: cancellation */
        float m = (float)rand() / (float)RAND_MAX + 0.5f;
        v[i] = ldexpf(rand() % 2 ? m : -m, rand() % 17 - 8);
    }
    /* below SUM_BLOCK (double lanes), around it, around lane rows of the last block, and the
     * chunked path (> 2 * 32768 elements) */
    const int64_t lens[] = {1, 2, SUM_LANES + 1, SUM_BLOCK - 1, SUM_BLOCK, SUM_BLOCK + 1,
                            SUM_BLOCK + SUM_LANES - 1, SUM_BLOCK + SUM_LANES, SUM_BLOCK + SUM_LANES + 1,
                            SUM_BLOCK + 4 * SUM_LANES + 3, 2 * SUM_BLOCK - SUM_LANES,
                            3 * SUM_BLOCK + 17, 65535, 65536, 65537, 3 * 65536 - 1, max_n};
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++)
        for (int64_t offset = 0; offset <= 5; offset++) { /* 5: a start off the 4-byte grid */
            check_sum_case(v, lens[k], offset, AGN_DTYPE_FLOAT32);
            check_sum_case(v, lens[k], offset, AGN_DTYPE_FLOAT64);
        }
    /* Near the worst case: 1 at the head of every lane, then 2^-24 (1 + 2^-20) everywhere else, so
     * every later lane add rounds up by ~2^-24: the first block alone is off by ~31/37 of the bound,
     * and longer lanes (bigger blocks, fewer lanes) would exceed it. */
    const int64_t n = 5 * SUM_BLOCK + 7;
    float *w = malloc((size_t)n * 4);
    for (int64_t i = 0; i < n; i++) w[i] = i < SUM_LANES ? 1.0f : 0x1.00001p-24f;
    check_sum_case(w, n, 0, AGN_DTYPE_FLOAT32);
    check_sum_case(w, n, 3, AGN_DTYPE_FLOAT32);
    /* Infinities and NaN in a late block, and +inf / -inf in different blocks. */
    const float specials[][2] = {{INFINITY, 1}, {-INFINITY, 1}, {NAN, 1}, {INFINITY, -INFINITY}};
    for (int s = 0; s < 4; s++) {
        memcpy(w, v, (size_t)n * 4);
        w[4 * SUM_BLOCK + 3] = specials[s][0];
        w[SUM_BLOCK - 1] = specials[s][1] == 1 ? w[SUM_BLOCK - 1] : specials[s][1];
        check_sum_case(w, n, 0, AGN_DTYPE_FLOAT32);
        check_sum_case(w, n, 1, AGN_DTYPE_FLOAT64);
    }
    /* Long contiguous rows, not the whole tensor: [2, 70001] (chunked) and [40, 5000] (a row per
     * task) summed over dim 1, 1 vs 2 threads bit-identical and row by row within the bound. */
    const int64_t shapes[2][2] = {{2, 70001}, {40, 5000}};
    for (int c = 0; c < 2; c++) {
        const int64_t R = shapes[c][0], C = shapes[c][1];
        float o[2][40];
        int64_t s2[2] = {R, C}, st2[2] = {C, 1}, so[2] = {R, 1}, sto[2] = {1, 1};
        agn_tensor tx = {v, s2, st2, 2, AGN_DTYPE_FLOAT32};
        for (int t = 0; t < 2; t++) {
            agn_tensor to = {o[t], so, sto, 2, AGN_DTYPE_FLOAT32};
            CHECK(agn_set_num_threads(t + 1) == AGN_OK);
            CHECK(agn_reduce(AGN_REDUCE_SUM, &tx, &to, NULL) == AGN_OK);
        }
        CHECK(memcmp(o[0], o[1], (size_t)R * 4) == 0);
        for (int64_t r = 0; r < R; r++) {
            double ref = 0, sabs = 0;
            for (int64_t i = 0; i < C; i++) { ref += v[r * C + i]; sabs += fabs(v[r * C + i]); }
            CHECK(fabs(o[0][r] - ref) <= sum_bound(C, sabs, ref, 0x1p-24));
        }
    }
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    free(v);
    free(w);
}

/* A broadcast (stride-0) reduced dim takes the horizontal fold's broadcast branch; each lane folds
 * the same elements in the same order as for the run written out contiguously, so the results are
 * those bits exactly. Lengths below, at and past lane rows; below SUM_BLOCK, whose float sums
 * differ by design. */
static void check_broadcast_runs(void) {
    static const int64_t lens[] = {1, 31, 32, 33, 64, 100, 1000, 2047};
    static const int ops[] = {AGN_REDUCE_SUM, AGN_REDUCE_PROD, AGN_REDUCE_MAX, AGN_REDUCE_MIN};
    double run[2047];
    for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++)
        for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
            for (size_t oi = 0; oi < sizeof ops / sizeof ops[0]; oi++) {
                int64_t n = lens[li], shape[1] = {n}, one[1] = {1}, zero[1] = {0}, unit[1] = {1};
                double v = ops[oi] == AGN_REDUCE_PROD ? 1.001 : 0.1; /* 0.1: inexact in binary */
                float vf = (float)v;
                for (int64_t i = 0; i < n; i++) {
                    if (dt == AGN_DTYPE_FLOAT32) memcpy((char *)run + i * 4, &vf, 4);
                    else run[i] = v;
                }
                double o_b = 0, o_c = 1;
                agn_tensor tb = {run, shape, zero, 1, dt}, tc = {run, shape, unit, 1, dt};
                agn_tensor ob = {&o_b, one, unit, 1, dt}, oc = {&o_c, one, unit, 1, dt};
                CHECK(agn_reduce(ops[oi], &tb, &ob, NULL) == AGN_OK);
                CHECK(agn_reduce(ops[oi], &tc, &oc, NULL) == AGN_OK);
                CHECK(memcmp(&o_b, &o_c, dt == AGN_DTYPE_FLOAT32 ? 4 : 8) == 0);
            }
}

int main(void) {
    srand(777);
    check_broadcast_runs();
    check_random();
    check_nan_and_ties();
    check_errors();
    check_large();
    check_sum_blocks();
    return check_summary("test_reduce");
}
