/* Indexing: index_select and gather (reads through an index), index_add and scatter_add
 * (accumulating writes through an index).
 *
 * Every index tensor is validated completely before anything is written, so AGN_ERR_INDEX leaves
 * the output untouched. Indices must lie in [0, size): negative indices are the caller's to wrap.
 * dim must lie in [0, ndim); 0-d tensors are rejected (AGN_ERR_INVALID_ARGUMENT).
 *
 * Reads go through agn_iter with three operands over out's shape: out, x with a zero stride along
 * dim (so its pointer is the start of the selected line) and the index spread to out's shape.
 * Writes iterate over every position EXCEPT dim and walk dim sequentially inside the task: two
 * positions that differ outside dim never touch the same output element, so the work splits
 * across threads without atomics, and duplicate indices accumulate in index order: results are
 * identical for every thread count. BOOL accumulation is logical or (bool + bool in PyTorch). */
#include "internal.h"

#include <string.h>

typedef uint32_t agn_u32 __attribute__((aligned(1), may_alias));

typedef struct index_ctx {
    int32_t dtype;
    int64_t es;
    int64_t bound;       /* validation: indices must be < bound */
    int64_t xd;          /* bytes between consecutive positions along dim of the indexed tensor */
    int64_t len, ld, li; /* writes: extent of dim, src and index byte strides along it */
    int bad;
} index_ctx;

/* ---- validation ---------------------------------------------------------------------------- */

static void check_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    index_ctx *c = (index_ctx *)ctx;
    const char *p = ptrs[0];
    int bad = 0;
    for (int64_t i = 0; i < n; i++, p += st[0]) {
        int64_t v = *(const agn_i64 *)p;
        bad |= v < 0 || v >= c->bound;
    }
    if (bad) c->bad = 1;
}

/* Serial (grain = everything): validation is a cheap read and must finish before any write. */
static agn_status check_indices(const agn_tensor *index, int64_t bound) {
    agn_iter it;
    agn_status s = agn_iter_init(&it, 1, &index);
    if (s != AGN_OK) return s;
    index_ctx c = {0};
    c.bound = bound;
    agn_iter_run(&it, check_row, &c, INT64_MAX);
    return c.bad ? AGN_ERR_INDEX : AGN_OK;
}

/* reads move elements of any stored dtype; accumulating writes compute (Note [Storage dtypes]) */
static agn_status check_common(const agn_tensor *a, const agn_tensor *b, const agn_tensor *index,
                               int32_t dim, int stored) {
    agn_status s = stored ? agn_check_stored(a) : agn_check_tensor(a);
    if (s == AGN_OK) s = stored ? agn_check_stored(b) : agn_check_tensor(b);
    if (s == AGN_OK) s = agn_check_tensor(index);
    if (s != AGN_OK) return s;
    if (a->dtype != b->dtype || index->dtype != AGN_DTYPE_INT64) return AGN_ERR_DTYPE;
    if (dim < 0 || dim >= a->ndim) return AGN_ERR_INVALID_ARGUMENT;
    if (b->ndim != a->ndim) return AGN_ERR_SHAPE;
    return AGN_OK;
}

/* ---- reads: index_select, gather ---------------------------------------------------------- */

#define READ_LOOP(T)                                                                               \
    do {                                                                                           \
        if (si == 0) { /* one index for the whole row: a strided copy */                           \
            const char *src = px + *(const agn_i64 *)pi * c->xd;                                   \
            for (int64_t i = 0; i < n; i++) *(T *)(po + i * so) = *(const T *)(src + i * sx);      \
        } else {                                                                                   \
            for (int64_t i = 0; i < n; i++)                                                        \
                *(T *)(po + i * so) =                                                              \
                    *(const T *)(px + i * sx + *(const agn_i64 *)(pi + i * si) * c->xd);           \
        }                                                                                          \
    } while (0)

static void read_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const index_ctx *c = (const index_ctx *)ctx;
    char *po = ptrs[0];
    const char *px = ptrs[1], *pi = ptrs[2];
    const int64_t so = st[0], sx = st[1], si = st[2];
    switch (c->es) {
    case 8: READ_LOOP(agn_i64); break;
    case 4: READ_LOOP(agn_u32); break;
    case 2: READ_LOOP(agn_u16); break;
    case 1: READ_LOOP(agn_b8); break;
    }
}

/* out[p] = x[p with dim replaced by index at p]; ix_strides spreads the index over out's shape. */
static agn_status run_read(const agn_tensor *x, int32_t dim, const agn_tensor *index,
                           const int64_t *ix_strides, const agn_tensor *out) {
    int64_t xs[AGN_MAX_DIMS];
    for (int32_t d = 0; d < out->ndim; d++) xs[d] = d == dim ? 0 : x->strides[d];
    agn_tensor xv = {x->data, out->shape, xs, out->ndim, x->dtype};
    agn_tensor iv = {index->data, out->shape, ix_strides, out->ndim, AGN_DTYPE_INT64};
    if (agn_numel(out) == 0) return AGN_OK;
    const agn_tensor *ops[3] = {out, &xv, &iv};
    agn_iter it;
    agn_status s = agn_iter_init_stored(&it, 3, ops);
    if (s != AGN_OK) return s;
    index_ctx c = {0};
    c.es = agn_dtype_size(x->dtype);
    c.xd = x->strides[dim] * c.es;
    agn_iter_run(&it, read_row, &c, AGN_GRAIN_ELEMENTWISE);
    return AGN_OK;
}

agn_status agn_index_select(const agn_tensor *x, int32_t dim, const agn_tensor *index,
                            const agn_tensor *out) {
    agn_enter();
    agn_status s = check_common(x, out, index, dim, 1);
    if (s != AGN_OK) return s;
    if (index->ndim > 1) return AGN_ERR_SHAPE;
    const int64_t len = index->ndim == 1 ? index->shape[0] : 1;
    for (int32_t d = 0; d < x->ndim; d++)
        if (out->shape[d] != (d == dim ? len : x->shape[d])) return AGN_ERR_SHAPE;
    s = check_indices(index, x->shape[dim]);
    if (s != AGN_OK) return s;
    int64_t is[AGN_MAX_DIMS] = {0};
    is[dim] = index->ndim == 1 ? index->strides[0] : 0;
    return run_read(x, dim, index, is, out);
}

agn_status agn_gather(const agn_tensor *x, int32_t dim, const agn_tensor *index,
                      const agn_tensor *out) {
    agn_enter();
    agn_status s = check_common(x, out, index, dim, 1);
    if (s != AGN_OK) return s;
    if (!agn_same_shape(index, out)) return AGN_ERR_SHAPE;
    for (int32_t d = 0; d < x->ndim; d++)
        if (d != dim && index->shape[d] > x->shape[d]) return AGN_ERR_SHAPE;
    s = check_indices(index, x->shape[dim]);
    if (s != AGN_OK) return s;
    return run_read(x, dim, index, index->strides, out);
}

/* ---- writes: index_add, scatter_add ------------------------------------------------------- */

/* ptrs: out, src and index at k = 0 of the current line; k walks dim (src stride ld, index li). */
#define ADD_LOOP(T, ADD)                                                                           \
    do {                                                                                           \
        for (int64_t k = 0; k < c->len; k++) {                                                     \
            const char *ps = ptrs[1] + k * c->ld, *pi = ptrs[2] + k * c->li;                       \
            if (si == 0) { /* index_add: one target line per k */                                  \
                char *o = ptrs[0] + *(const agn_i64 *)pi * c->xd;                                  \
                for (int64_t j = 0; j < n; j++)                                                    \
                    *(T *)(o + j * so) = ADD(*(T *)(o + j * so), *(const T *)(ps + j * ss));       \
            } else {                                                                               \
                for (int64_t j = 0; j < n; j++) {                                                  \
                    T *o = (T *)(ptrs[0] + j * so + *(const agn_i64 *)(pi + j * si) * c->xd);      \
                    *o = ADD(*o, *(const T *)(ps + j * ss));                                       \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
    } while (0)

#define A_ADD(a, b) ((a) + (b))
#define A_IADD(a, b) ((int64_t)((uint64_t)(a) + (uint64_t)(b)))
#define A_OR(a, b) ((agn_b8)((a) != 0 || (b) != 0))

static void add_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const index_ctx *c = (const index_ctx *)ctx;
    const int64_t so = st[0], ss = st[1], si = st[2];
    switch (c->dtype) {
    case AGN_DTYPE_FLOAT32: ADD_LOOP(agn_f32, A_ADD); break;
    case AGN_DTYPE_FLOAT64: ADD_LOOP(agn_f64, A_ADD); break;
    case AGN_DTYPE_INT64: ADD_LOOP(agn_i64, A_IADD); break;
    case AGN_DTYPE_BOOL: ADD_LOOP(agn_b8, A_OR); break;
    }
}

/* Iterates src's shape with dim collapsed; inside, walks dim: out line at index, src line k. */
static agn_status run_add(const agn_tensor *out, int32_t dim, const agn_tensor *src,
                          const int64_t *ix_strides, void *ix_data, int64_t ix_dim_stride) {
    int64_t shape[AGN_MAX_DIMS];
    for (int32_t d = 0; d < src->ndim; d++) shape[d] = d == dim ? 1 : src->shape[d];
    const int64_t len = src->shape[dim];
    agn_tensor ov = {out->data, shape, out->strides, src->ndim, out->dtype};
    agn_tensor sv = {src->data, shape, src->strides, src->ndim, src->dtype};
    agn_tensor iv = {ix_data, shape, ix_strides, src->ndim, AGN_DTYPE_INT64};
    if (agn_numel(&sv) == 0 || len == 0) return AGN_OK;
    const agn_tensor *ops[3] = {&ov, &sv, &iv};
    agn_iter it;
    agn_status s = agn_iter_init(&it, 3, ops);
    if (s != AGN_OK) return s;
    index_ctx c = {0};
    c.dtype = out->dtype;
    c.es = agn_dtype_size(out->dtype);
    c.xd = out->strides[dim] * c.es;
    c.len = len;
    c.ld = src->strides[dim] * c.es;
    c.li = ix_dim_stride * 8;
    agn_iter_run(&it, add_row, &c, AGN_GRAIN_ELEMENTWISE / len > 0 ? AGN_GRAIN_ELEMENTWISE / len : 1);
    return AGN_OK;
}

agn_status agn_index_add(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                         const agn_tensor *src) {
    agn_enter();
    agn_status s = check_common(out, src, index, dim, 0);
    if (s != AGN_OK) return s;
    if (index->ndim > 1) return AGN_ERR_SHAPE;
    const int64_t len = index->ndim == 1 ? index->shape[0] : 1;
    for (int32_t d = 0; d < out->ndim; d++)
        if (src->shape[d] != (d == dim ? len : out->shape[d])) return AGN_ERR_SHAPE;
    s = check_indices(index, out->shape[dim]);
    if (s != AGN_OK) return s;
    const int64_t zero[AGN_MAX_DIMS] = {0}; /* one index per k, shared by the whole line */
    return run_add(out, dim, src, zero, index->data, index->ndim == 1 ? index->strides[0] : 0);
}

agn_status agn_scatter_add(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                           const agn_tensor *src) {
    agn_enter();
    agn_status s = check_common(out, src, index, dim, 0);
    if (s != AGN_OK) return s;
    if (!agn_same_shape(index, src)) return AGN_ERR_SHAPE;
    for (int32_t d = 0; d < out->ndim; d++)
        if (d != dim && index->shape[d] > out->shape[d]) return AGN_ERR_SHAPE;
    s = check_indices(index, out->shape[dim]);
    if (s != AGN_OK) return s;
    return run_add(out, dim, src, index->strides, index->data, index->strides[dim]);
}
