/* Fused layer normalisation over the last N elements of each of M contiguous rows, and its backward.
 *
 * Forward, per row: mean and variance in one pass, in double over x - x[0] (shifting by one element of
 * the row keeps the sum of squares free of cancellation when the mean is large against the spread),
 * biased variance, rstd = 1 / sqrt(var + eps); then y = (x - mean) * rstd * w + b. mean and rstd are
 * written (in x's dtype) for the backward.
 * Backward, with xhat = (x - mean) * rstd and g = dy * w (dy without a weight):
 *   dx = rstd * (g - mean(g) - xhat * mean(g * xhat))      per row
 *   dw = sum over rows of dy * xhat,  db = sum over rows of dy      per column
 * Rows split across threads for y and dx; dw and db split by column blocks, each summing its rows in
 * order, so every result is the same for any thread count (Note [Parallel determinism]). Sums are in
 * double with four independent accumulators (a fixed order). */
#include "internal.h"

#include <math.h>
#include <string.h>

#define LN_COLS 64           /* columns per dw/db task */
#define LN_GRAIN_ELEMS 16384 /* elements per task below which a second thread does not pay */

typedef struct ln_job {
    int64_t M, N;
    int32_t dtype;
    double eps;
    const char *x, *w, *b, *dy;
    char *y, *mean, *rstd, *dx, *dw, *db;
} ln_job;

static inline double ld(const char *p, int32_t dt, int64_t i) {
    return dt == AGN_DTYPE_FLOAT32 ? (double)((const agn_f32 *)(const void *)p)[i]
                                   : ((const agn_f64 *)(const void *)p)[i];
}
static inline void st(char *p, int32_t dt, int64_t i, double v) {
    if (dt == AGN_DTYPE_FLOAT32) ((agn_f32 *)(void *)p)[i] = (float)v;
    else ((agn_f64 *)(void *)p)[i] = v;
}

/* One row's shifted sums: s1 = sum(x - x0), s2 = sum((x - x0)^2), four accumulators each. */
#define MOMENTS(T)                                                                                 \
    static void moments_##T(const T *x, int64_t n, double *mean, double *var) {                   \
        double x0 = n ? (double)x[0] : 0, a[4] = {0, 0, 0, 0}, q[4] = {0, 0, 0, 0};                \
        int64_t j = 0;                                                                             \
        for (; j + 4 <= n; j += 4)                                                                 \
            for (int k = 0; k < 4; k++) {                                                          \
                double d = (double)x[j + k] - x0;                                                  \
                a[k] += d, q[k] += d * d;                                                          \
            }                                                                                      \
        for (; j < n; j++) {                                                                       \
            double d = (double)x[j] - x0;                                                          \
            a[0] += d, q[0] += d * d;                                                              \
        }                                                                                          \
        double s1 = (a[0] + a[1]) + (a[2] + a[3]), s2 = (q[0] + q[1]) + (q[2] + q[3]);             \
        double m = s1 / (double)n, v = s2 / (double)n - m * m;                                     \
        *mean = x0 + m, *var = v > 0 ? v : 0;                                                      \
    }
MOMENTS(agn_f32)
MOMENTS(agn_f64)

#define FORWARD_ROWS(T)                                                                            \
    static void forward_##T(const ln_job *j, int64_t r0, int64_t r1) {                           \
        const T *w = (const T *)(const void *)j->w, *b = (const T *)(const void *)j->b;           \
        for (int64_t r = r0; r < r1; r++) {                                                        \
            const T *x = (const T *)(const void *)j->x + r * j->N;                                 \
            T *y = (T *)(void *)j->y + r * j->N;                                                   \
            double mean, var;                                                                      \
            moments_##T(x, j->N, &mean, &var);                                                     \
            double rstd = 1.0 / sqrt(var + j->eps);                                                \
            ((T *)(void *)j->mean)[r] = (T)mean, ((T *)(void *)j->rstd)[r] = (T)rstd;              \
            /* in double: a float mean would cost the centred values their low bits */              \
            if (w && b)                                                                            \
                for (int64_t c = 0; c < j->N; c++) y[c] = (T)(((double)x[c] - mean) * rstd * w[c] + b[c]); \
            else if (w)                                                                            \
                for (int64_t c = 0; c < j->N; c++) y[c] = (T)(((double)x[c] - mean) * rstd * w[c]); \
            else if (b)                                                                            \
                for (int64_t c = 0; c < j->N; c++) y[c] = (T)(((double)x[c] - mean) * rstd + b[c]); \
            else                                                                                   \
                for (int64_t c = 0; c < j->N; c++) y[c] = (T)(((double)x[c] - mean) * rstd);       \
        }                                                                                          \
    }
FORWARD_ROWS(agn_f32)
FORWARD_ROWS(agn_f64)

static void forward_rows(void *ctx, int64_t r0, int64_t r1) {
    const ln_job *j = (const ln_job *)ctx;
    if (j->dtype == AGN_DTYPE_FLOAT32) forward_agn_f32(j, r0, r1);
    else forward_agn_f64(j, r0, r1);
}

static void dx_rows(void *ctx, int64_t r0, int64_t r1) {
    const ln_job *j = (const ln_job *)ctx;
    int32_t dt = j->dtype;
    int64_t N = j->N;
    for (int64_t r = r0; r < r1; r++) {
        double mean = ld(j->mean, dt, r), rstd = ld(j->rstd, dt, r), a[4] = {0, 0, 0, 0}, c[4] = {0, 0, 0, 0};
        int64_t o = r * N;
        for (int64_t k = 0; k < N; k++) {
            double g = ld(j->dy, dt, o + k) * (j->w ? ld(j->w, dt, k) : 1.0);
            double xh = (ld(j->x, dt, o + k) - mean) * rstd;
            a[k & 3] += g, c[k & 3] += g * xh;
        }
        double ma = ((a[0] + a[1]) + (a[2] + a[3])) / (double)N, mc = ((c[0] + c[1]) + (c[2] + c[3])) / (double)N;
        for (int64_t k = 0; k < N; k++) {
            double g = ld(j->dy, dt, o + k) * (j->w ? ld(j->w, dt, k) : 1.0);
            double xh = (ld(j->x, dt, o + k) - mean) * rstd;
            st(j->dx, dt, o + k, rstd * (g - ma - xh * mc));
        }
    }
}

static void dwdb_cols(void *ctx, int64_t b0, int64_t b1) {
    const ln_job *j = (const ln_job *)ctx;
    int32_t dt = j->dtype;
    for (int64_t blk = b0; blk < b1; blk++) {
        int64_t c0 = blk * LN_COLS, c1 = c0 + LN_COLS < j->N ? c0 + LN_COLS : j->N;
        double sw[LN_COLS], sb[LN_COLS];
        memset(sw, 0, sizeof sw), memset(sb, 0, sizeof sb);
        for (int64_t r = 0; r < j->M; r++) {
            double mean = ld(j->mean, dt, r), rstd = ld(j->rstd, dt, r);
            for (int64_t c = c0; c < c1; c++) {
                double g = ld(j->dy, dt, r * j->N + c);
                sw[c - c0] += g * ((ld(j->x, dt, r * j->N + c) - mean) * rstd);
                sb[c - c0] += g;
            }
        }
        for (int64_t c = c0; c < c1; c++) {
            if (j->dw) st(j->dw, dt, c, sw[c - c0]);
            if (j->db) st(j->db, dt, c, sb[c - c0]);
        }
    }
}

/* Shared checks: x [.., N] contiguous floating with M rows; the others NULL or contiguous of x's dtype
 * with the given element counts. */
static agn_status check(const agn_tensor *t, int32_t dtype, int64_t numel) {
    agn_status s = agn_check_tensor(t);
    if (s != AGN_OK) return s;
    if (t->dtype != dtype) return AGN_ERR_DTYPE;
    if (!agn_is_contiguous(t)) return AGN_ERR_INVALID_ARGUMENT;
    return agn_numel(t) == numel ? AGN_OK : AGN_ERR_SHAPE;
}

static agn_status setup(ln_job *j, const agn_tensor *x, int64_t n) {
    memset(j, 0, sizeof *j);
    agn_status s = agn_check_tensor(x);
    if (s != AGN_OK) return s;
    if (!agn_is_floating(x->dtype)) return AGN_ERR_DTYPE;
    if (!agn_is_contiguous(x)) return AGN_ERR_INVALID_ARGUMENT;
    if (n < 1 || agn_numel(x) % n) return AGN_ERR_SHAPE;
    j->N = n, j->M = agn_numel(x) / n, j->dtype = x->dtype, j->x = (const char *)x->data;
    return AGN_OK;
}

agn_status agn_layer_norm(const agn_tensor *x, const agn_tensor *weight, const agn_tensor *bias,
                          const agn_tensor *y, const agn_tensor *mean, const agn_tensor *rstd,
                          int64_t n, double eps) {
    AGN_ENTER_TIED("+x"(eps));
    if (!x || !y || !mean || !rstd) return AGN_ERR_NULL_ARGUMENT;
    ln_job j;
    agn_status s = setup(&j, x, n);
    if (s != AGN_OK) return s;
    if (!(eps >= 0)) return AGN_ERR_INVALID_ARGUMENT;
    if ((s = check(y, j.dtype, j.M * j.N)) != AGN_OK || (s = check(mean, j.dtype, j.M)) != AGN_OK ||
        (s = check(rstd, j.dtype, j.M)) != AGN_OK)
        return s;
    if (weight && (s = check(weight, j.dtype, n)) != AGN_OK) return s;
    if (bias && (s = check(bias, j.dtype, n)) != AGN_OK) return s;
    j.eps = eps, j.y = (char *)y->data, j.mean = (char *)mean->data, j.rstd = (char *)rstd->data;
    j.w = weight ? (const char *)weight->data : NULL, j.b = bias ? (const char *)bias->data : NULL;
    if (j.M == 0) return AGN_OK;
    agn_parallel_for(j.M, LN_GRAIN_ELEMS / n + 1, forward_rows, &j);
    return AGN_OK;
}

agn_status agn_layer_norm_backward(const agn_tensor *grad_out, const agn_tensor *x,
                                   const agn_tensor *mean, const agn_tensor *rstd,
                                   const agn_tensor *weight, const agn_tensor *grad_input,
                                   const agn_tensor *grad_weight, const agn_tensor *grad_bias,
                                   int64_t n) {
    agn_enter();
    if (!grad_out || !x || !mean || !rstd) return AGN_ERR_NULL_ARGUMENT;
    ln_job j;
    agn_status s = setup(&j, x, n);
    if (s != AGN_OK) return s;
    if ((s = check(grad_out, j.dtype, j.M * j.N)) != AGN_OK || (s = check(mean, j.dtype, j.M)) != AGN_OK ||
        (s = check(rstd, j.dtype, j.M)) != AGN_OK)
        return s;
    if (weight && (s = check(weight, j.dtype, n)) != AGN_OK) return s;
    if (grad_input && (s = check(grad_input, j.dtype, j.M * j.N)) != AGN_OK) return s;
    if (grad_weight && (s = check(grad_weight, j.dtype, n)) != AGN_OK) return s;
    if (grad_bias && (s = check(grad_bias, j.dtype, n)) != AGN_OK) return s;
    j.dy = (const char *)grad_out->data, j.mean = (char *)mean->data, j.rstd = (char *)rstd->data;
    j.w = weight ? (const char *)weight->data : NULL;
    j.dx = grad_input ? (char *)grad_input->data : NULL;
    j.dw = grad_weight ? (char *)grad_weight->data : NULL;
    j.db = grad_bias ? (char *)grad_bias->data : NULL;
    if (j.dx && j.M) agn_parallel_for(j.M, LN_GRAIN_ELEMS / n + 1, dx_rows, &j);
    if (j.dw || j.db) {
        int64_t blocks = (n + LN_COLS - 1) / LN_COLS;
        agn_parallel_for(blocks, LN_GRAIN_ELEMS / (LN_COLS * (j.M + 1)) + 1, dwdb_cols, &j);
    }
    return AGN_OK;
}
