/* Scans along one dim: cumsum, cumprod, cummax / cummin (with indices) and logcumsumexp.
 *
 * agn_iter walks every position except `dim` (dim's size set to 1), as softmax.c does. A row call
 * gets n such lines; lines dense along dim are scanned one at a time, otherwise up to TILE
 * neighbouring lines are scanned together, so each step along dim reads a contiguous run of w
 * elements (a column scan of a row-major matrix goes row by row).
 *
 * Numerics follow LibTorch's CPU kernels: float32 accumulates in double (its acc_type) and is
 * rounded on every store; float64 and int64 accumulate in their own type (int64 wraps). cummax
 * takes x >= running maximum (cummin <=), so a tie moves the index to the later element; a NaN
 * becomes the running value and every later NaN moves the index. logcumsumexp combines with
 * log1p(exp(min - max)) + max, returning x itself when both operands are the same infinity.
 *
 * Note [Blocked cumsum]: a single long line (numel == extent of dim) would be one sequential chain.
 * It is cut into at most MAX_BLOCKS blocks of about BLOCK elements or more, fixed by the length
 * alone: block totals in parallel, their prefix serially, then every block scanned from its offset
 * in parallel. The cut never
 * depends on the thread count, so results are identical for every thread count (they may differ
 * from a sequential scan in the last bits of float64).
 * Lines are independent otherwise: any thread count gives the same bits. */
#include "internal.h"

#include <math.h>

#define TILE 64
#define BLOCK 65536
#define MAX_BLOCKS 64

typedef struct scan_ctx {
    int32_t op, dtype;
    int64_t len;   /* extent of dim */
    int64_t ds[3]; /* byte stride along dim of out, x, indices */
} scan_ctx;

/* LibTorch's _log_add_exp_helper(x, acc) (std::min / std::max keep their first argument on NaN). */
static inline double log_add_exp(double x, double acc) {
    double mn = isnan(acc) ? acc : (acc < x ? acc : x);
    double mx = isnan(acc) ? acc : (x < acc ? acc : x);
    if (mn != mx || isfinite(mn)) return log1p(exp(mn - mx)) + mx;
    return x;
}

static inline int nan_f(double v) { return isnan(v); }
#define NAN_I(v) 0

#define EL(T, q, k, j) (*(T *)(p##q + (k) * d##q + (j) * l##q))

/* Integer sums and products wrap (two's complement), as in PyTorch; signed overflow would be UB. */
#define F_ADD(a, b) ((a) + (b))
#define F_MUL(a, b) ((a) * (b))
#define I_ADD(a, b) ((int64_t)((uint64_t)(a) + (uint64_t)(b)))
#define I_MUL(a, b) ((int64_t)((uint64_t)(a) * (uint64_t)(b)))

/* Scans w lines of element type T with accumulator A, summing with ADD and multiplying with MUL. */
#define SCAN(T, A, ISNAN, INF, ADD, MUL)                                                           \
    do {                                                                                           \
        A *acc = (A *)accbuf;                                                                      \
        switch (c->op) {                                                                           \
        case AGN_SCAN_CUMSUM:                                                                      \
            for (int64_t j = 0; j < w; j++) acc[j] = 0;                                            \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++) EL(T, 0, k, j) = (T)(acc[j] = ADD(acc[j], (A)EL(T, 1, k, j))); \
            break;                                                                                 \
        case AGN_SCAN_CUMPROD:                                                                     \
            for (int64_t j = 0; j < w; j++) acc[j] = 1;                                            \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++) EL(T, 0, k, j) = (T)(acc[j] = MUL(acc[j], (A)EL(T, 1, k, j))); \
            break;                                                                                 \
        case AGN_SCAN_CUMMAX:                                                                      \
        case AGN_SCAN_CUMMIN: {                                                                    \
            const int mx = c->op == AGN_SCAN_CUMMAX;                                               \
            for (int64_t j = 0; j < w; j++) { acc[j] = mx ? -(INF) : (INF); ix[j] = 0; }           \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++) {                                                  \
                    A v = (A)EL(T, 1, k, j);                                                       \
                    if (ISNAN(v) || (!ISNAN(acc[j]) && (mx ? v >= acc[j] : v <= acc[j]))) {        \
                        acc[j] = v;                                                                \
                        ix[j] = k;                                                                 \
                    }                                                                              \
                    EL(T, 0, k, j) = (T)acc[j];                                                    \
                    EL(agn_i64, 2, k, j) = ix[j];                                                  \
                }                                                                                  \
            break;                                                                                 \
        }                                                                                          \
        default: /* AGN_SCAN_LOGCUMSUMEXP, floating only */                                        \
            for (int64_t j = 0; j < w; j++) acc[j] = -(INF);                                       \
            for (int64_t k = 0; k < L; k++)                                                        \
                for (int64_t j = 0; j < w; j++)                                                    \
                    EL(T, 0, k, j) = (T)(acc[j] = (A)log_add_exp((double)EL(T, 1, k, j), (double)acc[j])); \
            break;                                                                                 \
        }                                                                                          \
    } while (0)

static void scan_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const scan_ctx *c = (const scan_ctx *)ctx;
    const int64_t L = c->len, d0 = c->ds[0], d1 = c->ds[1], d2 = c->ds[2];
    const int64_t l0 = st[0], l1 = st[1], l2 = c->op == AGN_SCAN_CUMMAX || c->op == AGN_SCAN_CUMMIN ? st[2] : 0;
    const int64_t in_dim = d1 < 0 ? -d1 : d1, in_line = l1 < 0 ? -l1 : l1;
    const int64_t tile = (n == 1 || in_dim <= in_line) ? 1 : TILE;
    double accbuf[TILE];
    int64_t ix[TILE];
    for (int64_t j0 = 0; j0 < n; j0 += tile) {
        const int64_t w = n - j0 < tile ? n - j0 : tile;
        char *p0 = ptrs[0] + j0 * l0, *p1 = ptrs[1] + j0 * l1, *p2 = l2 || d2 ? ptrs[2] + j0 * l2 : NULL;
        (void)p2;
        switch (c->dtype) {
        case AGN_DTYPE_FLOAT32: SCAN(agn_f32, double, nan_f, INFINITY, F_ADD, F_MUL); break;
        case AGN_DTYPE_FLOAT64: SCAN(agn_f64, double, nan_f, INFINITY, F_ADD, F_MUL); break;
        default: SCAN(agn_i64, int64_t, NAN_I, INT64_MAX, I_ADD, I_MUL); break;
        }
    }
}

/* ---- Note [Blocked cumsum] ------------------------------------------------------------------- */

typedef struct block_job {
    int32_t dtype;
    int64_t len, blk, dx, dout; /* blk: elements per block; dx, dout: byte strides along the line */
    const char *x;
    char *out;
    double *tot_d; /* block totals, then offsets (floating) */
    int64_t *tot_i;
} block_job;

static void block_totals(void *ctx, int64_t b0, int64_t b1) {
    const block_job *j = (const block_job *)ctx;
    for (int64_t b = b0; b < b1; b++) {
        const int64_t lo = b * j->blk, hi = lo + j->blk < j->len ? lo + j->blk : j->len;
        const char *p = j->x + lo * j->dx;
        if (j->dtype == AGN_DTYPE_INT64) {
            uint64_t s = 0; /* wraps like LibTorch's int64 cumsum */
            for (int64_t i = lo; i < hi; i++, p += j->dx) s += (uint64_t)*(const agn_i64 *)p;
            j->tot_i[b] = (int64_t)s;
        } else {
            double s = 0;
            if (j->dtype == AGN_DTYPE_FLOAT32)
                for (int64_t i = lo; i < hi; i++, p += j->dx) s += *(const agn_f32 *)p;
            else
                for (int64_t i = lo; i < hi; i++, p += j->dx) s += *(const agn_f64 *)p;
            j->tot_d[b] = s;
        }
    }
}

static void block_scan(void *ctx, int64_t b0, int64_t b1) {
    const block_job *j = (const block_job *)ctx;
    for (int64_t b = b0; b < b1; b++) {
        const int64_t lo = b * j->blk, hi = lo + j->blk < j->len ? lo + j->blk : j->len;
        const char *p = j->x + lo * j->dx;
        char *o = j->out + lo * j->dout;
        if (j->dtype == AGN_DTYPE_INT64) {
            uint64_t s = (uint64_t)j->tot_i[b];
            for (int64_t i = lo; i < hi; i++, p += j->dx, o += j->dout)
                *(agn_i64 *)o = (int64_t)(s += (uint64_t)*(const agn_i64 *)p);
        } else if (j->dtype == AGN_DTYPE_FLOAT32) {
            double s = j->tot_d[b];
            for (int64_t i = lo; i < hi; i++, p += j->dx, o += j->dout)
                *(agn_f32 *)o = (float)(s += *(const agn_f32 *)p);
        } else {
            double s = j->tot_d[b];
            for (int64_t i = lo; i < hi; i++, p += j->dx, o += j->dout)
                *(agn_f64 *)o = s += *(const agn_f64 *)p;
        }
    }
}

static agn_status blocked_cumsum(const agn_tensor *x, const agn_tensor *out, int32_t dim) {
    /* at most MAX_BLOCKS blocks of about BLOCK elements or more: the cut depends on len alone */
    const int64_t len = x->shape[dim], es = agn_dtype_size(x->dtype);
    int64_t nb = (len + BLOCK - 1) / BLOCK;
    if (nb > MAX_BLOCKS) nb = MAX_BLOCKS;
    const int64_t blk = (len + nb - 1) / nb;
    nb = (len + blk - 1) / blk;
    double tot_d[MAX_BLOCKS];
    int64_t tot_i[MAX_BLOCKS];
    block_job j = {x->dtype, len, blk, x->strides[dim] * es, out->strides[dim] * es, (const char *)x->data,
                   (char *)out->data, tot_d, tot_i};
    agn_parallel_for(nb, 1, block_totals, &j);
    double run_d = 0;
    uint64_t run_i = 0;
    for (int64_t b = 0; b < nb; b++) { /* exclusive prefix of the totals: each block's offset */
        const double td = tot_d[b];
        const uint64_t ti = (uint64_t)tot_i[b];
        tot_d[b] = run_d;
        tot_i[b] = (int64_t)run_i;
        run_d += td;
        run_i += ti;
    }
    agn_parallel_for(nb, 1, block_scan, &j);
    return AGN_OK;
}

/* ---- entry point ---------------------------------------------------------------------------- */

agn_status agn_scan(int32_t op, const agn_tensor *x, int32_t dim, const agn_tensor *out,
                    const agn_tensor *indices) {
    agn_enter();
    if (op < AGN_SCAN_CUMSUM || op > AGN_SCAN_LOGCUMSUMEXP) return AGN_ERR_INVALID_ARGUMENT;
    const int with_idx = op == AGN_SCAN_CUMMAX || op == AGN_SCAN_CUMMIN;
    if (with_idx && !indices) return AGN_ERR_NULL_ARGUMENT;
    const agn_tensor *ops[3] = {out, x, with_idx ? indices : NULL};
    const int nops = with_idx ? 3 : 2;
    for (int q = 0; q < nops; q++) {
        agn_status s = agn_check_tensor(ops[q]);
        if (s != AGN_OK) return s;
        if (!agn_same_shape(ops[0], ops[q])) return AGN_ERR_SHAPE;
    }
    if (x->dtype != out->dtype) return AGN_ERR_DTYPE;
    if (x->dtype != AGN_DTYPE_FLOAT32 && x->dtype != AGN_DTYPE_FLOAT64 && x->dtype != AGN_DTYPE_INT64)
        return AGN_ERR_DTYPE;
    if (op == AGN_SCAN_LOGCUMSUMEXP && !agn_is_floating(x->dtype)) return AGN_ERR_DTYPE;
    if (with_idx && indices->dtype != AGN_DTYPE_INT64) return AGN_ERR_DTYPE;
    const int32_t ndim = x->ndim;
    if (dim < 0 || dim >= (ndim > 0 ? ndim : 1)) return AGN_ERR_INVALID_ARGUMENT;

    static const int64_t one = 1;
    int64_t shape[AGN_MAX_DIMS];
    agn_tensor views[3];
    const agn_tensor *vp[3];
    scan_ctx c = {op, x->dtype, 1, {0, 0, 0}};
    for (int q = 0; q < nops; q++) {
        views[q] = *ops[q];
        if (ndim == 0) { /* a 0-d tensor is one line of length 1 */
            views[q].shape = &one;
            views[q].strides = &one;
            views[q].ndim = 1;
        }
        c.ds[q] = views[q].strides[dim] * agn_dtype_size(views[q].dtype);
        vp[q] = &views[q];
    }
    c.len = views[0].shape[dim];
    if (c.len == 0 || agn_numel(&views[0]) == 0) return AGN_OK;
    if (op == AGN_SCAN_CUMSUM && agn_numel(&views[0]) == c.len && c.len >= 2 * BLOCK)
        return blocked_cumsum(&views[1], &views[0], dim);
    for (int32_t d = 0; d < views[0].ndim; d++) shape[d] = d == dim ? 1 : views[0].shape[d];
    for (int q = 0; q < nops; q++) views[q].shape = shape;
    agn_iter it;
    agn_status s = agn_iter_init(&it, nops, vp);
    if (s != AGN_OK) return s;
    const int64_t grain = AGN_GRAIN_ELEMENTWISE / c.len > 0 ? AGN_GRAIN_ELEMENTWISE / c.len : 1;
    agn_iter_run(&it, scan_row, &c, grain);
    return AGN_OK;
}
