/* scatter and scatter_reduce: out[..., index[..., k, ...], ...] (op)= src[..., k, ...] along dim.
 *
 * Every index is validated before anything is written (AGN_ERR_INDEX leaves out untouched). The
 * iteration is index.c's: every position except dim in parallel, dim walked sequentially inside a
 * task, so two tasks never touch one output element and duplicates apply in index order (the last
 * one wins an assignment): results are identical for every thread count. amax / amin propagate
 * NaN as LibTorch's scatter_reduce does; int64 sum and prod wrap. */
#include "internal.h"

#include <math.h>

typedef struct scatter_ctx {
    int32_t dtype, reduce;
    int64_t xd, len, ld, li, bound;
    int bad;
} scatter_ctx;

static void check_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    scatter_ctx *c = (scatter_ctx *)ctx;
    const char *p = ptrs[0];
    int bad = 0;
    for (int64_t i = 0; i < n; i++, p += st[0]) {
        int64_t v = *(const agn_i64 *)p;
        bad |= v < 0 || v >= c->bound;
    }
    if (bad) c->bad = 1;
}

#define R_ASSIGN(o, s) (s)
#define R_ADD(o, s) ((o) + (s))
#define R_MUL(o, s) ((o) * (s))
#define R_IADD(o, s) ((int64_t)((uint64_t)(o) + (uint64_t)(s)))
#define R_IMUL(o, s) ((int64_t)((uint64_t)(o) * (uint64_t)(s)))
#define R_FMAX(o, s) ((s) != (s) || (s) > (o) ? (s) : (o))
#define R_FMIN(o, s) ((s) != (s) || (s) < (o) ? (s) : (o))
#define R_IMAX(o, s) ((s) > (o) ? (s) : (o))
#define R_IMIN(o, s) ((s) < (o) ? (s) : (o))
#define R_OR(o, s) ((agn_b8)((o) != 0 || (s) != 0))

#define LOOP(T, OP)                                                                                \
    for (int64_t k = 0; k < c->len; k++) {                                                         \
        const char *ps = ptrs[1] + k * c->ld, *pi = ptrs[2] + k * c->li;                           \
        for (int64_t j = 0; j < n; j++) {                                                          \
            T *o = (T *)(ptrs[0] + j * so + *(const agn_i64 *)(pi + j * si) * c->xd);              \
            *o = (T)OP(*o, *(const T *)(ps + j * ss));                                             \
        }                                                                                          \
    }

#define BY_REDUCE(T, ADD, MUL, MAX, MIN)                                                           \
    switch (c->reduce) {                                                                           \
    case AGN_SCATTER_ASSIGN: LOOP(T, R_ASSIGN) break;                                              \
    case AGN_SCATTER_SUM: LOOP(T, ADD) break;                                                      \
    case AGN_SCATTER_PROD: LOOP(T, MUL) break;                                                     \
    case AGN_SCATTER_AMAX: LOOP(T, MAX) break;                                                     \
    default: LOOP(T, MIN) break;                                                                   \
    }

static void write_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const scatter_ctx *c = (const scatter_ctx *)ctx;
    const int64_t so = st[0], ss = st[1], si = st[2];
    switch (c->dtype) {
    case AGN_DTYPE_FLOAT32: BY_REDUCE(agn_f32, R_ADD, R_MUL, R_FMAX, R_FMIN) break;
    case AGN_DTYPE_FLOAT64: BY_REDUCE(agn_f64, R_ADD, R_MUL, R_FMAX, R_FMIN) break;
    case AGN_DTYPE_INT64: BY_REDUCE(agn_i64, R_IADD, R_IMUL, R_IMAX, R_IMIN) break;
    default: /* bool: assign or sum (logical or) */
        if (c->reduce == AGN_SCATTER_ASSIGN) { LOOP(agn_b8, R_ASSIGN) }
        else { LOOP(agn_b8, R_OR) }
        break;
    }
}

agn_status agn_scatter_reduce(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                              const agn_tensor *src, int32_t reduce) {
    agn_enter();
    agn_status s = agn_check_tensor(out);
    if (s == AGN_OK) s = agn_check_tensor(src);
    if (s == AGN_OK) s = agn_check_tensor(index);
    if (s != AGN_OK) return s;
    if (reduce < AGN_SCATTER_ASSIGN || reduce > AGN_SCATTER_AMIN) return AGN_ERR_INVALID_ARGUMENT;
    if (out->dtype != src->dtype || index->dtype != AGN_DTYPE_INT64) return AGN_ERR_DTYPE;
    if (out->dtype != AGN_DTYPE_FLOAT32 && out->dtype != AGN_DTYPE_FLOAT64 && out->dtype != AGN_DTYPE_INT64 &&
        !(out->dtype == AGN_DTYPE_BOOL && (reduce == AGN_SCATTER_ASSIGN || reduce == AGN_SCATTER_SUM)))
        return AGN_ERR_DTYPE;
    if (dim < 0 || dim >= out->ndim) return AGN_ERR_INVALID_ARGUMENT;
    if (!agn_same_shape(index, src)) return AGN_ERR_SHAPE;
    for (int32_t d = 0; d < out->ndim; d++)
        if (d != dim && index->shape[d] > out->shape[d]) return AGN_ERR_SHAPE;
    scatter_ctx c = {out->dtype, reduce, 0, 0, 0, 0, out->shape[dim], 0};
    if (agn_numel(index) == 0) return AGN_OK;
    agn_iter it;
    const agn_tensor *iops[1] = {index};
    s = agn_iter_init(&it, 1, iops);
    if (s != AGN_OK) return s;
    agn_iter_run(&it, check_row, &c, INT64_MAX);
    if (c.bad) return AGN_ERR_INDEX;

    int64_t shape[AGN_MAX_DIMS];
    for (int32_t d = 0; d < src->ndim; d++) shape[d] = d == dim ? 1 : src->shape[d];
    agn_tensor ov = {out->data, shape, out->strides, src->ndim, out->dtype};
    agn_tensor sv = {src->data, shape, src->strides, src->ndim, src->dtype};
    agn_tensor iv = {index->data, shape, index->strides, src->ndim, AGN_DTYPE_INT64};
    const agn_tensor *ops[3] = {&ov, &sv, &iv};
    s = agn_iter_init(&it, 3, ops);
    if (s != AGN_OK) return s;
    const int64_t es = agn_dtype_size(out->dtype);
    c.xd = out->strides[dim] * es;
    c.len = src->shape[dim];
    c.ld = src->strides[dim] * es;
    c.li = index->strides[dim] * 8;
    agn_iter_run(&it, write_row, &c, AGN_GRAIN_ELEMENTWISE / c.len > 0 ? AGN_GRAIN_ELEMENTWISE / c.len : 1);
    return AGN_OK;
}
