/* Softmax / log-softmax along one dim, and their backward, for any strides.
 *
 * agn_iter walks every position except `dim` (dim's size set to 1); a row call gets n such lines
 * and processes them in tiles of w lines with passes over dim (max, sum of exp, write). When x is
 * contiguous along dim a tile is one line (w = 1) and every pass streams through memory. When dim
 * is NOT x's innermost (e.g. softmax over dim 0 of a row-major matrix), w = up to TILE neighbouring
 * lines and each pass reads, for every k along dim, a contiguous segment of w elements into w
 * accumulators: row by row instead of column by column.
 *
 * Numerics: the max is subtracted before exp (no overflow); exp runs in the tensor's precision
 * (like PyTorch: the SIMD exp of unary exp on lines dense along dim, else libm's expf / exp); sums
 * accumulate in double; the max propagates NaN, so a line
 * with a NaN is all NaN, and an all -inf line gives NaN (as PyTorch: exp(-inf - -inf)).
 * In place (out aliasing x, grad_in aliasing grad_out or y exactly) is safe: every pass reads an
 * element before it writes the same element. Lines are independent: any thread count gives the
 * same bits. */
#include "internal.h"
#include "unary_simd.h"

#include <math.h>

#define TILE 256

typedef struct softmax_ctx {
    int32_t dtype, is_log, backward;
    int64_t len;   /* extent of dim */
    int64_t ds[3]; /* byte stride along dim of each operand (out, x) or (grad_in, grad_out, y) */
    agn_unary_contig_fn simd; /* exp over dense runs (unary_simd.h), or NULL: libm's */
} softmax_ctx;

#define VMAX(a, v) (((v) > (a) || (v) != (v)) ? (v) : (a))
/* Element k (along dim) of tile line j of operand q. Everything it reads is a local: stores through
 * the may_alias element types would otherwise force reloads of ctx fields after every write. */
#define EL(T, q, k, j) (*(T *)(p##q + (k) * d##q + (j) * l##q))

#define FORWARD(T, EXP)                                                                            \
    do {                                                                                           \
        for (int64_t j = 0; j < w; j++) { m[j] = -INFINITY; s[j] = 0; }                            \
        for (int64_t k = 0; k < L; k++)                                                            \
            for (int64_t j = 0; j < w; j++) m[j] = VMAX(m[j], (double)EL(T, 1, k, j));             \
        if (lg) {                                                                                  \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++) s[j] += EXP(EL(T, 1, k, j) - (T)m[j]);             \
            for (int64_t j = 0; j < w; j++) s[j] = log(s[j]);                                      \
            for (int64_t k = 0; k < L; k++) /* (x - max) first: no cancellation against a big max */ \
                for (int64_t j = 0; j < w; j++)                                                    \
                    EL(T, 0, k, j) = (T)(((double)EL(T, 1, k, j) - m[j]) - s[j]);                  \
        } else {                                                                                   \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++) {                                                  \
                    T e = EXP(EL(T, 1, k, j) - (T)m[j]);                                           \
                    s[j] += e;                                                                     \
                    EL(T, 0, k, j) = e;                                                            \
                }                                                                                  \
            for (int64_t j = 0; j < w; j++) s[j] = 1.0 / s[j];                                     \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++) EL(T, 0, k, j) = (T)((double)EL(T, 0, k, j) * s[j]); \
        }                                                                                          \
    } while (0)

/* softmax: gi = y * (g - sum(g * y)); log_softmax: gi = g - exp(y) * sum(g). Operands gi, g, y. */
#define BACKWARD(T, EXP)                                                                           \
    do {                                                                                           \
        for (int64_t j = 0; j < w; j++) s[j] = 0;                                                  \
        if (lg) {                                                                                  \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++) s[j] += (double)EL(T, 1, k, j);                    \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++)                                                    \
                    EL(T, 0, k, j) = (T)((double)EL(T, 1, k, j) - (double)EXP(EL(T, 2, k, j)) * s[j]); \
        } else {                                                                                   \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++)                                                    \
                    s[j] += (double)EL(T, 1, k, j) * (double)EL(T, 2, k, j);                       \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++)                                                    \
                    EL(T, 0, k, j) = (T)((double)EL(T, 2, k, j) * ((double)EL(T, 1, k, j) - s[j])); \
        }                                                                                          \
    } while (0)

/* One line dense along dim, its exponentials through the SIMD exp (unary exp's kernel, with its
 * documented accuracy) on the output as scratch: forward out = exp(x - max), then scaled, or for
 * log_softmax rewritten from x (so not in place); log_softmax backward gi = exp(y) first, then
 * g - gi * sum(g) (so gi must not be g). Otherwise the passes, sums and roundings are FORWARD's and
 * BACKWARD's. libm's expf, element by element, was most of a log_softmax over 64 x 10 logits. */
#define FORWARD_DENSE(T, DT, EXP)                                                                  \
    do {                                                                                           \
        T *o = (T *)p0;                                                                            \
        const T *x = (const T *)p1;                                                                \
        double mx = -INFINITY, sum = 0;                                                            \
        for (int64_t k = 0; k < L; k++) mx = VMAX(mx, (double)x[k]);                               \
        for (int64_t k = 0; k < L; k++) o[k] = x[k] - (T)mx;                                       \
        if (!c->simd(AGN_UNARY_EXP, DT, (void *)o, (const void *)o, L, 0, 0)) /* no kernel: libm */ \
            for (int64_t k = 0; k < L; k++) o[k] = EXP(o[k]);                                     \
        for (int64_t k = 0; k < L; k++) sum += o[k];                                               \
        if (lg) {                                                                                  \
            sum = log(sum);                                                                        \
            for (int64_t k = 0; k < L; k++) o[k] = (T)(((double)x[k] - mx) - sum);                 \
        } else {                                                                                   \
            sum = 1.0 / sum;                                                                       \
            for (int64_t k = 0; k < L; k++) o[k] = (T)((double)o[k] * sum);                        \
        }                                                                                          \
    } while (0)

#define BACKWARD_LOG_DENSE(T, DT, EXP)                                                             \
    do {                                                                                           \
        T *gi = (T *)p0;                                                                           \
        const T *g = (const T *)p1;                                                                \
        double sum = 0;                                                                            \
        for (int64_t k = 0; k < L; k++) sum += (double)g[k];                                       \
        if (!c->simd(AGN_UNARY_EXP, DT, (void *)gi, (const void *)p2, L, 0, 0))                    \
            for (int64_t k = 0; k < L; k++) gi[k] = EXP(((const T *)p2)[k]);                      \
        for (int64_t k = 0; k < L; k++) gi[k] = (T)((double)g[k] - (double)gi[k] * sum);           \
    } while (0)

/* 1 when line j0's operands are dense along dim and the scratch use above is allowed. */
static int dense_line(const softmax_ctx *c, const char *p0, const char *p1, int64_t es) {
    if (!c->simd || c->ds[0] != es || c->ds[1] != es || (c->backward && c->ds[2] != es)) return 0;
    if (c->backward) return c->is_log && p0 != p1;
    return !c->is_log || p0 != p1;
}

static void softmax_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const softmax_ctx *c = (const softmax_ctx *)ctx;
    const int64_t L = c->len, d0 = c->ds[0], d1 = c->ds[1], d2 = c->ds[2];
    const int64_t l0 = st[0], l1 = st[1], l2 = c->backward ? st[2] : 0;
    const int lg = c->is_log, backward = c->backward, f32 = c->dtype == AGN_DTYPE_FLOAT32;
    /* One line per tile when the input is contiguous-ish along dim, else TILE neighbouring lines. */
    const int64_t in_dim = d1 < 0 ? -d1 : d1, in_line = l1 < 0 ? -l1 : l1;
    const int64_t tile = (n == 1 || in_dim <= in_line) ? 1 : TILE;
    double m[TILE], s[TILE];
    for (int64_t j0 = 0; j0 < n; j0 += tile) {
        const int64_t w = n - j0 < tile ? n - j0 : tile;
        char *p0 = ptrs[0] + j0 * l0, *p1 = ptrs[1] + j0 * l1, *p2 = backward ? ptrs[2] + j0 * l2 : NULL;
        if (tile == 1 && dense_line(c, p0, p1, f32 ? 4 : 8)) {
            if (backward && f32) BACKWARD_LOG_DENSE(agn_f32, AGN_DTYPE_FLOAT32, expf);
            else if (backward) BACKWARD_LOG_DENSE(agn_f64, AGN_DTYPE_FLOAT64, exp);
            else if (f32) FORWARD_DENSE(agn_f32, AGN_DTYPE_FLOAT32, expf);
            else FORWARD_DENSE(agn_f64, AGN_DTYPE_FLOAT64, exp);
        } else if (backward) {
            if (f32) BACKWARD(agn_f32, expf);
            else BACKWARD(agn_f64, exp);
        } else {
            if (f32) FORWARD(agn_f32, expf);
            else FORWARD(agn_f64, exp);
        }
    }
}

/* Runs the passes over ops[0..nops) (same shape, float dtype) along dim. */
static agn_status run(int nops, const agn_tensor *const *ops, int32_t dim, int32_t is_log,
                      int backward) {
    for (int q = 0; q < nops; q++) {
        agn_status s = agn_check_tensor(ops[q]);
        if (s != AGN_OK) return s;
    }
    for (int q = 1; q < nops; q++) {
        if (!agn_same_shape(ops[0], ops[q])) return AGN_ERR_SHAPE;
        if (ops[q]->dtype != ops[0]->dtype) return AGN_ERR_DTYPE;
    }
    if (!agn_is_floating(ops[0]->dtype)) return AGN_ERR_DTYPE;
    const int32_t ndim = ops[0]->ndim;
    /* A 0-d tensor is one line of length 1 (dim 0, as torch.softmax accepts for scalars). */
    if (dim < 0 || dim >= (ndim > 0 ? ndim : 1)) return AGN_ERR_INVALID_ARGUMENT;
    static const int64_t one = 1;
    int64_t shape[AGN_MAX_DIMS];
    agn_tensor views[3];
    const agn_tensor *vp[3];
    softmax_ctx c = {ops[0]->dtype, is_log != 0, backward, 1, {0, 0, 0}, agn_unary_contig_pick()};
    for (int q = 0; q < nops; q++) {
        views[q] = *ops[q];
        if (ndim == 0) {
            views[q].shape = &one;
            views[q].strides = &one;
            views[q].ndim = 1;
        }
        c.ds[q] = views[q].strides[dim] * agn_dtype_size(views[q].dtype);
        vp[q] = &views[q];
    }
    for (int32_t d = 0; d < views[0].ndim; d++) shape[d] = d == dim ? 1 : views[0].shape[d];
    c.len = views[0].shape[dim];
    for (int q = 0; q < nops; q++) views[q].shape = shape;
    if (c.len == 0 || agn_numel(&views[0]) == 0) return AGN_OK;
    agn_iter it;
    agn_status s = agn_iter_init(&it, nops, vp);
    if (s != AGN_OK) return s;
    const int64_t grain = AGN_GRAIN_ELEMENTWISE / c.len > 0 ? AGN_GRAIN_ELEMENTWISE / c.len : 1;
    agn_iter_run(&it, softmax_row, &c, grain);
    return AGN_OK;
}

agn_status agn_softmax(const agn_tensor *x, int32_t dim, int32_t is_log, const agn_tensor *out) {
    agn_enter();
    const agn_tensor *ops[2] = {out, x};
    return run(2, ops, dim, is_log, 0);
}

agn_status agn_softmax_backward(const agn_tensor *grad_out, const agn_tensor *y, int32_t dim,
                                int32_t is_log, const agn_tensor *grad_in) {
    agn_enter();
    const agn_tensor *ops[3] = {grad_in, grad_out, y};
    return run(3, ops, dim, is_log, 1);
}
