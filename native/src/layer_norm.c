/* Fused layer normalisation over the last N elements of each of M contiguous rows, and its backward;
 * RMS normalisation is the same with the mean taken as 0 (no mean(g) term in dx, no bias).
 *
 * Forward, per row: mean, biased variance, rstd = 1 / sqrt(var + eps), y = (x - mean) * rstd * w + b;
 * mean and rstd are written for the backward. Backward, with xhat = (x - mean) * rstd and g = dy * w
 * (dy without a weight):
 *   dx = rstd * (g - mean(g) - xhat * mean(g * xhat))      per row
 *   dw = sum over rows of dy * xhat,  db = sum over rows of dy      per column
 * float32 runs the row kernels of layer_norm.h (scalar here, AVX2 in layer_norm_avx2.c): float arithmetic
 * on centred values, sums in double per block. float64 runs in double: the moments in one pass over the
 * row shifted by its first element (which keeps the sum of squares free of cancellation when the mean
 * is large against the spread), with four accumulators.
 * Rows split across threads for y and dx; dw and db split by column blocks, each summing its rows in
 * order, so every result is the same for any thread count (Note [Parallel determinism]). */
#include "layer_norm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LN_COLS 64           /* columns per dw/db task */
#define LN_GRAIN_ELEMS 16384 /* elements per task below which a second thread does not pay */

typedef struct ln_job {
    int64_t M, N, dy_rs; /* dy_rs: elements between rows of dy (N, or 0 for one broadcast row) */
    int32_t dtype, stats_dtype, rms; /* rms: RMS normalisation (no mean, no bias) */
    double eps;
    const char *x, *w, *b, *dy;
    char *y, *mean, *rstd, *dx, *dw, *db;
    const agn_ln_row *rows;         /* float32 backward: each row's statistics */
    const agn_ln_f32_kernels *k;    /* float32: the row kernels of the active SIMD level */
} ln_job;

static inline double ld(const char *p, int32_t dt, int64_t i) {
    return dt == AGN_DTYPE_FLOAT32 ? (double)((const agn_f32 *)(const void *)p)[i]
                                   : ((const agn_f64 *)(const void *)p)[i];
}
static inline void st(char *p, int32_t dt, int64_t i, double v) {
    if (dt == AGN_DTYPE_FLOAT32) ((agn_f32 *)(void *)p)[i] = (float)v;
    else ((agn_f64 *)(void *)p)[i] = v;
}

/* Row r's saved mean; RMS normalisation keeps none (its mean is 0). */
static inline double mean_of(const struct ln_job *j, int64_t r) { return j->mean ? ld(j->mean, j->stats_dtype, r) : 0; }

/* ---- float32, scalar: the algorithm of layer_norm.h ------------------------------------------- */

static void forward_f32(const float *x, const float *w, const float *b, float *y, int64_t n, double eps, int rms,
                        double *mean_out, double *rstd_out) {
    const float x0 = rms ? 0 : x[0];
    double s = 0, sd = 0, q = 0;
    for (int64_t j = 0; !rms && j < n;) {
        int64_t end = j + AGN_LN_BLOCK < n ? j + AGN_LN_BLOCK : n;
        float a = 0;
        for (; j < end; j++) a += x[j] - x0;
        s += a;
    }
    double mean = rms ? 0 : x0 + s / (double)n;
    const float mh = (float)mean, ml = (float)(mean - mh);
    for (int64_t j = 0; j < n;) {
        int64_t end = j + AGN_LN_BLOCK < n ? j + AGN_LN_BLOCK : n;
        float a = 0, c2 = 0;
        for (; j < end; j++) {
            float c = (x[j] - mh) - ml;
            a += c, c2 += c * c;
        }
        sd += a, q += c2;
    }
    double var = (rms ? q : q - sd * sd / (double)n) / (double)n, rstd = 1.0 / sqrt((var > 0 ? var : 0) + eps);
    *mean_out = mean, *rstd_out = rstd;
    const float rs = (float)rstd;
    for (int64_t j = 0; j < n; j++) {
        float t = ((x[j] - mh) - ml) * rs;
        y[j] = w && b ? t * w[j] + b[j] : w ? t * w[j] : b ? t + b[j] : t;
    }
}

static void backward_f32(const float *x, const float *dy, const float *w, float *dx, int64_t n, int rms, agn_ln_row p) {
    double sg = 0, sgx = 0;
    for (int64_t j = 0; j < n;) {
        int64_t end = j + AGN_LN_BLOCK < n ? j + AGN_LN_BLOCK : n;
        float a = 0, h = 0;
        for (; j < end; j++) {
            float xh = ((x[j] - p.mh) - p.ml) * p.rstd, g = w ? dy[j] * w[j] : dy[j];
            a += g, h += g * xh;
        }
        sg += a, sgx += h;
    }
    const float ma = rms ? 0 : (float)(sg / (double)n), mc = (float)(sgx / (double)n);
    for (int64_t j = 0; j < n; j++) {
        float xh = ((x[j] - p.mh) - p.ml) * p.rstd, g = w ? dy[j] * w[j] : dy[j];
        dx[j] = p.rstd * ((g - ma) - xh * mc);
    }
}

void agn_ln_columns_f32(const float *x, const float *dy, int64_t dy_rs, const agn_ln_row *rows, int64_t M, int64_t N,
                        int64_t c0, int64_t c1, float *dw, float *db) {
    for (int64_t c = c0; c < c1; c++) {
        double sw = 0, sb = 0;
        for (int64_t r0 = 0; r0 < M; r0 += AGN_LN_ROWS) {
            int64_t r1 = r0 + AGN_LN_ROWS < M ? r0 + AGN_LN_ROWS : M;
            float fw = 0, fb = 0;
            for (int64_t r = r0; r < r1; r++) {
                float xh = ((x[r * N + c] - rows[r].mh) - rows[r].ml) * rows[r].rstd, g = dy[r * dy_rs + c];
                fw += g * xh, fb += g;
            }
            sw += fw, sb += fb;
        }
        if (dw) dw[c] = (float)sw;
        if (db) db[c] = (float)sb;
    }
}

static const agn_ln_f32_kernels ln_f32_scalar = {forward_f32, backward_f32, agn_ln_columns_f32};

/* The level is read once per call so every row (and thread) of one call takes the same path. */
static const agn_ln_f32_kernels *pick_f32(void) {
#ifdef AGN_HAVE_AVX2
    if (agn_simd_active() >= AGN_SIMD_AVX2) return &agn_ln_f32_avx2;
#endif
    return &ln_f32_scalar;
}

/* ---- float64 ------------------------------------------------------------------------------------ */

/* One row's shifted sums: s1 = sum(x - x0), s2 = sum((x - x0)^2), four accumulators each; rms: x0 = 0
 * and the mean taken as 0, so var = mean(x^2). */
static void moments_f64(const double *x, int64_t n, int rms, double *mean, double *var) {
    double x0 = rms ? 0 : x[0], a[4] = {0, 0, 0, 0}, q[4] = {0, 0, 0, 0};
    int64_t j = 0;
    for (; j + 4 <= n; j += 4)
        for (int k = 0; k < 4; k++) {
            double d = x[j + k] - x0;
            a[k] += d, q[k] += d * d;
        }
    for (; j < n; j++) {
        double d = x[j] - x0;
        a[0] += d, q[0] += d * d;
    }
    double s1 = (a[0] + a[1]) + (a[2] + a[3]), s2 = (q[0] + q[1]) + (q[2] + q[3]);
    double m = rms ? 0 : s1 / (double)n, v = s2 / (double)n - m * m;
    *mean = x0 + m, *var = v > 0 ? v : 0;
}

static void forward_f64(const ln_job *j, int64_t r, double *mean_out, double *rstd_out) {
    const double *x = (const double *)(const void *)j->x + r * j->N, *w = (const double *)(const void *)j->w;
    const double *b = (const double *)(const void *)j->b;
    double *y = (double *)(void *)j->y + r * j->N, mean, var;
    moments_f64(x, j->N, j->rms, &mean, &var);
    double rstd = 1.0 / sqrt(var + j->eps);
    *mean_out = mean, *rstd_out = rstd;
    for (int64_t c = 0; c < j->N; c++) {
        double t = (x[c] - mean) * rstd;
        y[c] = w && b ? t * w[c] + b[c] : w ? t * w[c] : b ? t + b[c] : t;
    }
}

static void backward_f64(const ln_job *j, int64_t r) {
    int64_t N = j->N;
    const double *x = (const double *)(const void *)j->x + r * N, *w = (const double *)(const void *)j->w;
    const double *dy = (const double *)(const void *)j->dy + r * j->dy_rs;
    double *dx = (double *)(void *)j->dx + r * N;
    double mean = mean_of(j, r), rstd = ld(j->rstd, j->stats_dtype, r), a[4] = {0, 0, 0, 0}, c[4] = {0, 0, 0, 0};
    for (int64_t k = 0; k < N; k++) {
        double g = w ? dy[k] * w[k] : dy[k], xh = (x[k] - mean) * rstd;
        a[k & 3] += g, c[k & 3] += g * xh;
    }
    double ma = j->rms ? 0 : ((a[0] + a[1]) + (a[2] + a[3])) / (double)N, mc = ((c[0] + c[1]) + (c[2] + c[3])) / (double)N;
    for (int64_t k = 0; k < N; k++) {
        double g = w ? dy[k] * w[k] : dy[k], xh = (x[k] - mean) * rstd;
        dx[k] = rstd * (g - ma - xh * mc);
    }
}

static void columns_f64(const ln_job *j, int64_t c0, int64_t c1) {
    double sw[LN_COLS], sb[LN_COLS];
    memset(sw, 0, sizeof sw), memset(sb, 0, sizeof sb);
    const double *x = (const double *)(const void *)j->x, *dy = (const double *)(const void *)j->dy;
    for (int64_t r = 0; r < j->M; r++) {
        double mean = mean_of(j, r), rstd = ld(j->rstd, j->stats_dtype, r);
        for (int64_t c = c0; c < c1; c++) {
            double g = dy[r * j->dy_rs + c];
            sw[c - c0] += g * ((x[r * j->N + c] - mean) * rstd);
            sb[c - c0] += g;
        }
    }
    for (int64_t c = c0; c < c1; c++) {
        if (j->dw) ((agn_f64 *)(void *)j->dw)[c] = sw[c - c0];
        if (j->db) ((agn_f64 *)(void *)j->db)[c] = sb[c - c0];
    }
}

/* ---- tasks ---------------------------------------------------------------------------------------- */

static void forward_rows(void *ctx, int64_t r0, int64_t r1) {
    const ln_job *j = (const ln_job *)ctx;
    for (int64_t r = r0; r < r1; r++) {
        double mean, rstd;
        if (j->dtype == AGN_DTYPE_FLOAT32) {
            int64_t o = r * j->N;
            j->k->forward((const float *)(const void *)j->x + o, (const float *)(const void *)j->w,
                          (const float *)(const void *)j->b, (float *)(void *)j->y + o, j->N, j->eps, j->rms, &mean, &rstd);
        } else forward_f64(j, r, &mean, &rstd);
        if (j->mean) st(j->mean, j->stats_dtype, r, mean);
        st(j->rstd, j->stats_dtype, r, rstd);
    }
}

static void dx_rows(void *ctx, int64_t r0, int64_t r1) {
    const ln_job *j = (const ln_job *)ctx;
    for (int64_t r = r0; r < r1; r++)
        if (j->dtype == AGN_DTYPE_FLOAT32)
            j->k->backward((const float *)(const void *)j->x + r * j->N, (const float *)(const void *)j->dy + r * j->dy_rs,
                           (const float *)(const void *)j->w, (float *)(void *)j->dx + r * j->N, j->N, j->rms, j->rows[r]);
        else backward_f64(j, r);
}

static void dwdb_cols(void *ctx, int64_t b0, int64_t b1) {
    const ln_job *j = (const ln_job *)ctx;
    int64_t c0 = b0 * LN_COLS, c1 = b1 * LN_COLS < j->N ? b1 * LN_COLS : j->N;
    if (j->dtype == AGN_DTYPE_FLOAT32)
        j->k->columns((const float *)(const void *)j->x, (const float *)(const void *)j->dy, j->dy_rs, j->rows, j->M, j->N,
                      c0, c1, (float *)(void *)j->dw, (float *)(void *)j->db);
    else
        for (int64_t c = c0; c < c1; c += LN_COLS) columns_f64(j, c, c + LN_COLS < c1 ? c + LN_COLS : c1);
}

/* ---- entry points --------------------------------------------------------------------------------- */

/* A fresh output's pages in one system call rather than a fault per page (prefault.c). */
static void prefault(const agn_tensor *out) {
    char *lo;
    size_t len;
    agn_prefault_extent(out, &lo, &len);
    if (len) agn_prefault_range(lo, len);
}

/* t contiguous (or NULL-checked by the caller) of dtype with numel elements. */
static agn_status check(const agn_tensor *t, int32_t dtype, int64_t numel) {
    agn_status s = agn_check_tensor(t);
    if (s != AGN_OK) return s;
    if (t->dtype != dtype) return AGN_ERR_DTYPE;
    if (!agn_is_contiguous(t)) return AGN_ERR_INVALID_ARGUMENT;
    return agn_numel(t) == numel ? AGN_OK : AGN_ERR_SHAPE;
}

/* mean (NULL for RMS normalisation) and rstd: [M], both x's dtype or both FLOAT64. */
static agn_status check_stats(ln_job *j, const agn_tensor *mean, const agn_tensor *rstd) {
    j->stats_dtype = (mean ? mean : rstd)->dtype == AGN_DTYPE_FLOAT64 ? AGN_DTYPE_FLOAT64 : j->dtype;
    agn_status s = mean ? check(mean, j->stats_dtype, j->M) : AGN_OK;
    return s != AGN_OK ? s : check(rstd, j->stats_dtype, j->M);
}

static agn_status setup(ln_job *j, const agn_tensor *x, int64_t n) {
    memset(j, 0, sizeof *j);
    agn_status s = agn_check_tensor(x);
    if (s != AGN_OK) return s;
    if (!agn_is_floating(x->dtype)) return AGN_ERR_DTYPE;
    if (!agn_is_contiguous(x)) return AGN_ERR_INVALID_ARGUMENT;
    if (n < 1 || agn_numel(x) % n) return AGN_ERR_SHAPE;
    j->N = n, j->M = agn_numel(x) / n, j->dtype = x->dtype, j->x = (const char *)x->data;
    j->k = x->dtype == AGN_DTYPE_FLOAT32 ? pick_f32() : NULL;
    return AGN_OK;
}

/* The forward of both normalisations; mean and bias NULL for RMS (rms != 0). */
static agn_status forward_entry(const agn_tensor *x, const agn_tensor *weight, const agn_tensor *bias, const agn_tensor *y,
                                const agn_tensor *mean, const agn_tensor *rstd, int64_t n, double eps, int rms) {
    if (!x || !y || (!rms && !mean) || !rstd) return AGN_ERR_NULL_ARGUMENT;
    ln_job j;
    agn_status s = setup(&j, x, n);
    if (s != AGN_OK) return s;
    if ((s = check(y, j.dtype, j.M * j.N)) != AGN_OK || (s = check_stats(&j, mean, rstd)) != AGN_OK) return s;
    if (weight && (s = check(weight, j.dtype, n)) != AGN_OK) return s;
    if (bias && (s = check(bias, j.dtype, n)) != AGN_OK) return s;
    j.rms = rms, j.eps = eps, j.y = (char *)y->data, j.mean = mean ? (char *)mean->data : NULL, j.rstd = (char *)rstd->data;
    j.w = weight ? (const char *)weight->data : NULL, j.b = bias ? (const char *)bias->data : NULL;
    if (j.M == 0) return AGN_OK;
    prefault(y);
    agn_parallel_for(j.M, LN_GRAIN_ELEMS / n + 1, forward_rows, &j);
    return AGN_OK;
}

agn_status agn_layer_norm(const agn_tensor *x, const agn_tensor *weight, const agn_tensor *bias,
                          const agn_tensor *y, const agn_tensor *mean, const agn_tensor *rstd,
                          int64_t n, double eps) {
    AGN_ENTER_TIED("+x"(eps));
    return forward_entry(x, weight, bias, y, mean, rstd, n, eps, 0);
}

agn_status agn_rms_norm(const agn_tensor *x, const agn_tensor *weight, const agn_tensor *y, const agn_tensor *rstd,
                        int64_t n, double eps) {
    AGN_ENTER_TIED("+x"(eps));
    return forward_entry(x, weight, NULL, y, NULL, rstd, n, eps, 1);
}

/* grad_out: contiguous, or every stride 0 (one value broadcast, as sum's gradient arrives), which is
 * read as one materialised row with row stride 0. */
static agn_status check_grad_out(ln_job *j, const agn_tensor *g, void **row) {
    agn_status s = agn_check_tensor(g);
    if (s != AGN_OK) return s;
    if (g->dtype != j->dtype) return AGN_ERR_DTYPE;
    if (agn_numel(g) != j->M * j->N) return AGN_ERR_SHAPE;
    j->dy = (const char *)g->data, j->dy_rs = j->N;
    if (agn_is_contiguous(g)) return AGN_OK;
    for (int d = 0; d < g->ndim; d++)
        if (g->shape[d] > 1 && g->strides[d] != 0) return AGN_ERR_INVALID_ARGUMENT;
    if (j->M == 0) return AGN_OK;
    size_t es = j->dtype == AGN_DTYPE_FLOAT32 ? 4 : 8;
    if (!(*row = malloc((size_t)j->N * es))) return AGN_ERR_OUT_OF_MEMORY;
    for (int64_t c = 0; c < j->N; c++) memcpy((char *)*row + (size_t)c * es, g->data, es);
    j->dy = (const char *)*row, j->dy_rs = 0;
    return AGN_OK;
}

/* The backward of both normalisations; mean and grad_bias NULL for RMS (rms != 0). */
static agn_status backward_entry(const agn_tensor *grad_out, const agn_tensor *x, const agn_tensor *mean,
                                 const agn_tensor *rstd, const agn_tensor *weight, const agn_tensor *grad_input,
                                 const agn_tensor *grad_weight, const agn_tensor *grad_bias, int64_t n, int rms) {
    if (!grad_out || !x || (!rms && !mean) || !rstd) return AGN_ERR_NULL_ARGUMENT;
    ln_job j;
    agn_status s = setup(&j, x, n);
    if (s != AGN_OK) return s;
    if ((s = check_stats(&j, mean, rstd)) != AGN_OK) return s;
    if (weight && (s = check(weight, j.dtype, n)) != AGN_OK) return s;
    if (grad_input && (s = check(grad_input, j.dtype, j.M * j.N)) != AGN_OK) return s;
    if (grad_weight && (s = check(grad_weight, j.dtype, n)) != AGN_OK) return s;
    if (grad_bias && (s = check(grad_bias, j.dtype, n)) != AGN_OK) return s;
    void *row = NULL;
    agn_ln_row *rows = NULL;
    if ((s = check_grad_out(&j, grad_out, &row)) != AGN_OK) return s;
    j.rms = rms, j.mean = mean ? (char *)mean->data : NULL, j.rstd = (char *)rstd->data;
    j.w = weight ? (const char *)weight->data : NULL;
    j.dx = grad_input ? (char *)grad_input->data : NULL;
    j.dw = grad_weight ? (char *)grad_weight->data : NULL;
    j.db = grad_bias ? (char *)grad_bias->data : NULL;
    if (j.dtype == AGN_DTYPE_FLOAT32 && j.M) {
        if (!(rows = malloc((size_t)j.M * sizeof *rows))) {
            free(row);
            return AGN_ERR_OUT_OF_MEMORY;
        }
        for (int64_t r = 0; r < j.M; r++) {
            double m = mean_of(&j, r);
            rows[r].mh = (float)m, rows[r].ml = (float)(m - rows[r].mh), rows[r].rstd = (float)ld(j.rstd, j.stats_dtype, r);
        }
        j.rows = rows;
    }
    if (j.dx && j.M) prefault(grad_input);
    if (j.dx && j.M) agn_parallel_for(j.M, LN_GRAIN_ELEMS / n + 1, dx_rows, &j);
    if (j.dw || j.db) {
        int64_t blocks = (n + LN_COLS - 1) / LN_COLS;
        agn_parallel_for(blocks, LN_GRAIN_ELEMS / (LN_COLS * (j.M + 1)) + 1, dwdb_cols, &j);
    }
    free(rows), free(row);
    return AGN_OK;
}

agn_status agn_layer_norm_backward(const agn_tensor *grad_out, const agn_tensor *x,
                                   const agn_tensor *mean, const agn_tensor *rstd,
                                   const agn_tensor *weight, const agn_tensor *grad_input,
                                   const agn_tensor *grad_weight, const agn_tensor *grad_bias,
                                   int64_t n) {
    agn_enter();
    return backward_entry(grad_out, x, mean, rstd, weight, grad_input, grad_weight, grad_bias, n, 0);
}

agn_status agn_rms_norm_backward(const agn_tensor *grad_out, const agn_tensor *x, const agn_tensor *rstd,
                                 const agn_tensor *weight, const agn_tensor *grad_input, const agn_tensor *grad_weight,
                                 int64_t n) {
    agn_enter();
    return backward_entry(grad_out, x, NULL, rstd, weight, grad_input, grad_weight, NULL, n, 1);
}
