/* Element access for the native tests' hand-built tensor views (make_view stays per test: each one
 * lays memory out in its own adversarial way). Reads/writes go through memcpy, so views may be
 * unaligned; bool elements are one byte, 0 or 1. */
#ifndef AGN_TVIEW_H
#define AGN_TVIEW_H

#include "autograd_native.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct tview {
    char *buf, *data;                 /* allocation, first element */
    int64_t shape[4], strides[4];     /* strides in elements; up to 4 dims */
    int64_t numel;
    int ndim, dt;
} tview;

static inline int64_t esize(int dt) { return dt == AGN_DTYPE_FLOAT32 ? 4 : dt == AGN_DTYPE_BOOL ? 1 : 8; }

static inline agn_tensor as_tensor(tview *v) {
    agn_tensor t = {v->data, v->shape, v->strides, v->ndim, v->dt};
    return t;
}

static inline char *at(const tview *v, const int64_t *idx) {
    char *p = v->data;
    for (int d = 0; d < v->ndim; d++) p += idx[d] * v->strides[d] * esize(v->dt);
    return p;
}

static inline double get(const tview *v, const int64_t *idx) {
    float f; double d; int64_t k;
    const char *p = at(v, idx);
    switch (v->dt) {
    case AGN_DTYPE_FLOAT32: memcpy(&f, p, 4); return f;
    case AGN_DTYPE_FLOAT64: memcpy(&d, p, 8); return d;
    case AGN_DTYPE_INT64: memcpy(&k, p, 8); return (double)k;
    }
    return *p != 0;
}

static inline void put(const tview *v, const int64_t *idx, double x) {
    float f = (float)x; int64_t k = (int64_t)x;
    char *p = at(v, idx);
    switch (v->dt) {
    case AGN_DTYPE_FLOAT32: memcpy(p, &f, 4); break;
    case AGN_DTYPE_FLOAT64: memcpy(p, &x, 8); break;
    case AGN_DTYPE_INT64: memcpy(p, &k, 8); break;
    default: *p = (char)(x != 0);
    }
}

/* perm = 0..ndim-1, shuffled when `shuffle`: the order of dims in memory (perm[ndim-1] innermost). */
static inline void dim_order(int *perm, int ndim, int shuffle) {
    for (int i = 0; i < ndim; i++) perm[i] = i;
    if (shuffle)
        for (int i = ndim - 1; i > 0; i--) {
            int j = rand() % (i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
}

/* Row-major position e -> per-dim index. */
static inline void unravel(const int64_t *shape, int ndim, int64_t e, int64_t *idx) {
    for (int d = ndim - 1; d >= 0; d--) { idx[d] = e % shape[d]; e /= shape[d]; }
}

#endif
