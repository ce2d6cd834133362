/* Stable sort along one dim, by LSD radix sort on order-preserving unsigned keys (Note [Sort keys],
 * sort_keys.h): -0.0 and 0.0 get one key, so a stable sort keeps their source order, and NaN sorts
 * last ascending. Descending sorts the complemented keys, so NaN comes first and ties still keep
 * their source order, as LibTorch's stable CPU sort does.
 * Radix passes are 8-bit digits (4 for float32, 8 for 64-bit keys); a pass whose digit is the same
 * for every element is skipped. Lines of up to SMALL elements use insertion sort. Each line is
 * independent; lines are spread over threads, so results do not depend on the thread count.
 * The sorted values are read back from the source through the sorted positions, so a NaN's
 * payload and the sign of a zero survive. */
#include "internal.h"
#include "sort_keys.h"

#include <stdlib.h>
#include <string.h>

#define SMALL 32

typedef struct sort_ctx {
    int32_t dtype, desc, has_values;
    int64_t len;
    int64_t ds[3]; /* byte stride along dim of indices, x, values */
    int failed;
} sort_ctx;

/* Sorts (k, ix) of n elements stably by k using the second buffers; returns 1 when the result ended
 * up in (k2, ix2). */
#define RADIX_FN(NAME, K, PASSES)                                                                  \
    static int NAME(K *k, int64_t *ix, K *k2, int64_t *ix2, int64_t n) {                          \
        if (n <= SMALL) {                                                                          \
            for (int64_t i = 1; i < n; i++) {                                                      \
                K kv = k[i];                                                                       \
                int64_t iv = ix[i], j = i;                                                         \
                for (; j > 0 && k[j - 1] > kv; j--) { k[j] = k[j - 1]; ix[j] = ix[j - 1]; }        \
                k[j] = kv;                                                                         \
                ix[j] = iv;                                                                        \
            }                                                                                      \
            return 0;                                                                              \
        }                                                                                          \
        static _Thread_local int64_t cnt[PASSES][256];                                            \
        memset(cnt, 0, sizeof cnt);                                                                \
        for (int64_t i = 0; i < n; i++) {                                                          \
            K u = k[i];                                                                            \
            for (int p = 0; p < PASSES; p++) cnt[p][(u >> (8 * p)) & 255]++;                       \
        }                                                                                          \
        int swapped = 0;                                                                           \
        for (int p = 0; p < PASSES; p++) {                                                         \
            if (cnt[p][(k[0] >> (8 * p)) & 255] == n) continue; /* one digit for all: no-op */     \
            int64_t off = 0;                                                                       \
            for (int d = 0; d < 256; d++) { int64_t c = cnt[p][d]; cnt[p][d] = off; off += c; }     \
            for (int64_t i = 0; i < n; i++) {                                                      \
                int64_t at = cnt[p][(k[i] >> (8 * p)) & 255]++;                                    \
                k2[at] = k[i];                                                                     \
                ix2[at] = ix[i];                                                                   \
            }                                                                                      \
            K *tk = k; k = k2; k2 = tk;                                                            \
            int64_t *ti = ix; ix = ix2; ix2 = ti;                                                  \
            swapped ^= 1;                                                                          \
        }                                                                                          \
        return swapped;                                                                            \
    }

RADIX_FN(radix32, uint32_t, 4)
RADIX_FN(radix64, uint64_t, 8)

static void sort_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    sort_ctx *c = (sort_ctx *)ctx;
    const int64_t L = c->len, es = agn_dtype_size(c->dtype), ks = c->dtype == AGN_DTYPE_FLOAT32 ? 4 : 8;
    char *buf = malloc((size_t)(L * (2 * ks + 16)));
    if (!buf) { c->failed = 1; return; }
    int64_t *ix = (int64_t *)buf, *ix2 = ix + L;
    char *k = buf + 16 * L, *k2 = k + ks * L;
    for (int64_t line = 0; line < n; line++) {
        char *pi = ptrs[0] + line * st[0];
        const char *px = ptrs[1] + line * st[1];
        char *pv = c->has_values ? ptrs[2] + line * st[2] : NULL;
        for (int64_t i = 0; i < L; i++) {
            const char *e = px + i * c->ds[1];
            ix[i] = i;
            switch (c->dtype) {
            case AGN_DTYPE_FLOAT32: ((uint32_t *)k)[i] = key32(*(const agn_f32 *)e, c->desc); break;
            case AGN_DTYPE_FLOAT64: ((uint64_t *)k)[i] = key64f(*(const agn_f64 *)e, c->desc); break;
            default: ((uint64_t *)k)[i] = key64i(*(const agn_i64 *)e, c->desc); break;
            }
        }
        int in2 = ks == 4 ? radix32((uint32_t *)k, ix, (uint32_t *)k2, ix2, L)
                          : radix64((uint64_t *)k, ix, (uint64_t *)k2, ix2, L);
        const int64_t *order = in2 ? ix2 : ix;
        for (int64_t i = 0; i < L; i++) {
            *(agn_i64 *)(pi + i * c->ds[0]) = order[i];
            if (pv) memcpy(pv + i * c->ds[2], px + order[i] * c->ds[1], (size_t)es);
        }
    }
    free(buf);
}

agn_status agn_sort(const agn_tensor *x, int32_t dim, int32_t descending, const agn_tensor *values,
                    const agn_tensor *indices) {
    agn_enter();
    const agn_tensor *ops[3] = {indices, x, values};
    const int nops = values ? 3 : 2;
    for (int q = 0; q < nops; q++) {
        agn_status s = agn_check_tensor(ops[q]);
        if (s != AGN_OK) return s;
        if (!agn_same_shape(ops[0], ops[q])) return AGN_ERR_SHAPE;
    }
    if (indices->dtype != AGN_DTYPE_INT64 || (values && values->dtype != x->dtype)) return AGN_ERR_DTYPE;
    if (x->dtype != AGN_DTYPE_FLOAT32 && x->dtype != AGN_DTYPE_FLOAT64 && x->dtype != AGN_DTYPE_INT64)
        return AGN_ERR_DTYPE;
    const int32_t ndim = x->ndim;
    if (dim < 0 || dim >= (ndim > 0 ? ndim : 1)) return AGN_ERR_INVALID_ARGUMENT;
    static const int64_t one = 1;
    int64_t shape[AGN_MAX_DIMS];
    agn_tensor views[3];
    const agn_tensor *vp[3];
    sort_ctx c = {x->dtype, descending != 0, values != NULL, 1, {0, 0, 0}, 0};
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
    c.len = views[0].shape[dim];
    if (c.len == 0 || agn_numel(&views[0]) == 0) return AGN_OK;
    for (int32_t d = 0; d < views[0].ndim; d++) shape[d] = d == dim ? 1 : views[0].shape[d];
    for (int q = 0; q < nops; q++) views[q].shape = shape;
    agn_iter it;
    agn_status s = agn_iter_init(&it, nops, vp);
    if (s != AGN_OK) return s;
    const int64_t grain = AGN_GRAIN_ELEMENTWISE / c.len > 0 ? AGN_GRAIN_ELEMENTWISE / c.len : 1;
    agn_iter_run(&it, sort_row, &c, grain);
    return c.failed ? AGN_ERR_OUT_OF_MEMORY : AGN_OK;
}
