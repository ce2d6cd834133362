/* agn_topk: the positions of the k largest (or smallest) elements along one dim, in LibTorch's order.
 *
 * Note [Topk order]: LibTorch's CPU topk (topk_impl_loop) ranks elements with a comparator that makes
 * NaN larger than every number and equal values (-0.0 and 0.0 too) equivalent, and selects with
 * libstdc++'s std::partial_sort when k * 64 <= n, else with std::nth_element followed, when sorted,
 * by std::sort of the first k - 1. None of these is stable: which of several equal elements is
 * returned, and in which order, is whatever those algorithms do. This file runs the same algorithms
 * (libstdc++'s heap select, heap sort, introselect and introsort, step for step) on the same
 * comparisons, so the positions are LibTorch's, ties and sorted = false included. Elements are
 * compared by their order keys (Note [Sort keys]), complemented for largest, so "comes first" is
 * always "has the smaller key".
 * The partial-sort path streams the line: libstdc++ replaces the k-heap's top only with an element
 * that comes before it, so blocks of keys none of which does are skipped after one vectorised test
 * (for random data, all but O(k log(n / k)) elements); the heap sees the same operations in the
 * same order. Lines are independent and spread over threads. */
#include "internal.h"
#include "sort_keys.h"

#include <stdlib.h>
#include <string.h>

typedef struct ent {
    uint64_t k;
    int64_t i;
} ent;

static inline void swap_ent(ent *a, ent *b) {
    ent t = *a;
    *a = *b;
    *b = t;
}

/* ---- libstdc++'s heap algorithms (bits/stl_heap.h), with comp(a, b) = a.k < b.k ---- */

static void push_heap(ent *f, int64_t hole, int64_t top, ent v) {
    int64_t parent = (hole - 1) / 2;
    while (hole > top && f[parent].k < v.k) {
        f[hole] = f[parent];
        hole = parent;
        parent = (hole - 1) / 2;
    }
    f[hole] = v;
}

static void adjust_heap(ent *f, int64_t hole, int64_t len, ent v) {
    const int64_t top = hole;
    int64_t child = hole;
    while (child < (len - 1) / 2) {
        child = 2 * (child + 1);
        if (f[child].k < f[child - 1].k) child--;
        f[hole] = f[child];
        hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
        child = 2 * (child + 1);
        f[hole] = f[child - 1];
        hole = child - 1;
    }
    push_heap(f, hole, top, v);
}

static void make_heap(ent *f, int64_t len) {
    if (len < 2) return;
    for (int64_t parent = (len - 2) / 2;; parent--) {
        adjust_heap(f, parent, len, f[parent]);
        if (parent == 0) return;
    }
}

/* __pop_heap(first, first + len, result) */
static void pop_heap(ent *f, int64_t len, ent *result) {
    ent v = *result;
    *result = f[0];
    adjust_heap(f, 0, len, v);
}

static void sort_heap(ent *f, int64_t len) {
    while (len > 1) {
        len--;
        pop_heap(f, len, f + len);
    }
}

/* __heap_select(f, f + mid, f + len) */
static void heap_select(ent *f, int64_t mid, int64_t len) {
    make_heap(f, mid);
    for (int64_t i = mid; i < len; i++)
        if (f[i].k < f[0].k) pop_heap(f, mid, f + i);
}

/* ---- libstdc++'s introsort and introselect (bits/stl_algo.h) ---- */

enum { S_THRESHOLD = 16 };

static int64_t lg(int64_t n) { return 63 - __builtin_clzll((unsigned long long)n); }

static void median_to_first(ent *r, ent *a, ent *b, ent *c) {
    if (a->k < b->k) {
        if (b->k < c->k) swap_ent(r, b);
        else if (a->k < c->k) swap_ent(r, c);
        else swap_ent(r, a);
    } else if (a->k < c->k) swap_ent(r, a);
    else if (b->k < c->k) swap_ent(r, c);
    else swap_ent(r, b);
}

static ent *unguarded_partition(ent *first, ent *last, const ent *pivot) {
    for (;;) {
        while (first->k < pivot->k) first++;
        last--;
        while (pivot->k < last->k) last--;
        if (!(first < last)) return first;
        swap_ent(first, last);
        first++;
    }
}

static ent *partition_pivot(ent *first, ent *last) {
    ent *mid = first + (last - first) / 2;
    median_to_first(first, first + 1, mid, last - 1);
    return unguarded_partition(first + 1, last, first);
}

static void unguarded_linear_insert(ent *last) {
    ent v = *last, *next = last - 1;
    while (v.k < next->k) {
        *last = *next;
        last = next;
        next--;
    }
    *last = v;
}

static void insertion_sort(ent *first, ent *last) {
    if (first == last) return;
    for (ent *i = first + 1; i != last; i++) {
        if (i->k < first->k) {
            ent v = *i;
            memmove(first + 1, first, (size_t)(i - first) * sizeof(ent));
            *first = v;
        } else unguarded_linear_insert(i);
    }
}

static void introsort_loop(ent *first, ent *last, int64_t depth) {
    while (last - first > S_THRESHOLD) {
        if (depth == 0) { /* __partial_sort(first, last, last) */
            heap_select(first, last - first, last - first);
            sort_heap(first, last - first);
            return;
        }
        depth--;
        ent *cut = partition_pivot(first, last);
        introsort_loop(cut, last, depth);
        last = cut;
    }
}

static void std_sort(ent *first, ent *last) {
    if (first == last) return;
    introsort_loop(first, last, lg(last - first) * 2);
    if (last - first > S_THRESHOLD) {
        insertion_sort(first, first + S_THRESHOLD);
        for (ent *i = first + S_THRESHOLD; i != last; i++) unguarded_linear_insert(i);
    } else insertion_sort(first, last);
}

static void nth_element(ent *first, ent *nth, ent *last) {
    if (first == last || nth == last) return;
    int64_t depth = lg(last - first) * 2;
    while (last - first > 3) {
        if (depth == 0) {
            heap_select(first, nth + 1 - first, last - first);
            swap_ent(first, nth);
            return;
        }
        depth--;
        ent *cut = partition_pivot(first, last);
        if (cut <= nth) first = cut;
        else last = cut;
    }
    insertion_sort(first, last);
}

/* ---- lines ---- */

typedef struct topk_ctx {
    int32_t dtype, desc, sorted, full; /* full: std::sort of the whole line (agn_sort_unstable) */
    int64_t len, k;
    int64_t ds[2]; /* byte stride along dim of indices, x */
    int failed;
} topk_ctx;

enum { BLOCK = 64 };

/* keys of elements [i0, i0 + m) of a line */
AGN_MULTIVERSION static void line_keys(const topk_ctx *c, const char *px, int64_t i0, int64_t m, uint64_t *out) {
    const int64_t ds = c->ds[1];
    const int desc = c->desc;
    switch (c->dtype) {
    case AGN_DTYPE_FLOAT32:
        if (ds == 4) {
            const agn_f32 *p = (const agn_f32 *)px + i0;
            for (int64_t j = 0; j < m; j++) out[j] = key32(p[j], desc);
        } else
            for (int64_t j = 0; j < m; j++) out[j] = key32(*(const agn_f32 *)(px + (i0 + j) * ds), desc);
        break;
    case AGN_DTYPE_FLOAT64:
        for (int64_t j = 0; j < m; j++) out[j] = key64f(*(const agn_f64 *)(px + (i0 + j) * ds), desc);
        break;
    default:
        for (int64_t j = 0; j < m; j++) out[j] = key64i(*(const agn_i64 *)(px + (i0 + j) * ds), desc);
        break;
    }
}

/* 1 when some key of the block is below t */
AGN_MULTIVERSION static int any_below(const uint64_t *kb, int64_t m, uint64_t t) {
    int any = 0;
    for (int64_t j = 0; j < m; j++) any |= kb[j] < t;
    return any;
}

/* q[i] = (key, i) for the first m elements of a line */
static void line_entries(const topk_ctx *c, const char *px, int64_t m, ent *q) {
    uint64_t kb[BLOCK];
    for (int64_t i = 0; i < m; i += BLOCK) {
        const int64_t b = m - i < BLOCK ? m - i : BLOCK;
        line_keys(c, px, i, b, kb);
        for (int64_t j = 0; j < b; j++) q[i + j] = (ent){kb[j], i + j};
    }
}

/* std::partial_sort of the whole line, streamed (Note [Topk order]); heap has k entries. */
static void partial_sort_line(const topk_ctx *c, const char *px, ent *heap) {
    const int64_t k = c->k, n = c->len;
    uint64_t kb[BLOCK];
    line_entries(c, px, k, heap);
    make_heap(heap, k);
    for (int64_t i = k; i < n; i += BLOCK) {
        const int64_t m = n - i < BLOCK ? n - i : BLOCK;
        line_keys(c, px, i, m, kb);
        if (!any_below(kb, m, heap[0].k)) continue;
        for (int64_t j = 0; j < m; j++)
            if (kb[j] < heap[0].k) {
                ent e = {kb[j], i + j};
                pop_heap(heap, k, &e);
            }
    }
    sort_heap(heap, k);
}

/* std::nth_element at k - 1, then std::sort of the first k - 1 when sorted; q has len entries. */
static void select_line(const topk_ctx *c, const char *px, ent *q) {
    const int64_t n = c->len, k = c->k;
    line_entries(c, px, n, q);
    nth_element(q, q + k - 1, q + n);
    if (c->sorted) std_sort(q, q + k - 1);
}

static void topk_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    topk_ctx *c = (topk_ctx *)ctx;
    const int partial = !c->full && c->k * 64 <= c->len;
    ent *buf = malloc((size_t)(partial ? c->k : c->len) * sizeof(ent));
    if (!buf) { c->failed = 1; return; }
    for (int64_t line = 0; line < n; line++) {
        char *pi = ptrs[0] + line * st[0];
        const char *px = ptrs[1] + line * st[1];
        if (partial) partial_sort_line(c, px, buf);
        else if (c->full) {
            line_entries(c, px, c->len, buf);
            std_sort(buf, buf + c->len);
        } else select_line(c, px, buf);
        for (int64_t j = 0; j < c->k; j++) *(agn_i64 *)(pi + j * c->ds[0]) = buf[j].i;
    }
    free(buf);
}

static agn_status topk_lines(const agn_tensor *x, int32_t dim, int32_t largest, int32_t sorted, int32_t full,
                             const agn_tensor *indices) {
    agn_status s;
    if ((s = agn_check_tensor(x)) != AGN_OK || (s = agn_check_tensor(indices)) != AGN_OK) return s;
    if (indices->dtype != AGN_DTYPE_INT64) return AGN_ERR_DTYPE;
    if (x->dtype != AGN_DTYPE_FLOAT32 && x->dtype != AGN_DTYPE_FLOAT64 && x->dtype != AGN_DTYPE_INT64)
        return AGN_ERR_DTYPE;
    const int32_t ndim = x->ndim;
    if (indices->ndim != ndim) return AGN_ERR_SHAPE;
    if (dim < 0 || dim >= (ndim > 0 ? ndim : 1)) return AGN_ERR_INVALID_ARGUMENT;
    for (int32_t d = 0; d < ndim; d++)
        if (d != dim && indices->shape[d] != x->shape[d]) return AGN_ERR_SHAPE;
    static const int64_t one = 1;
    int64_t shape[AGN_MAX_DIMS];
    agn_tensor views[2] = {*indices, *x};
    const agn_tensor *vp[2] = {&views[0], &views[1]};
    topk_ctx c = {x->dtype, largest != 0, sorted != 0, full, 1, 1, {0, 0}, 0};
    for (int q = 0; q < 2; q++) {
        if (ndim == 0) {
            views[q].shape = &one;
            views[q].strides = &one;
            views[q].ndim = 1;
        }
        c.ds[q] = views[q].strides[dim] * agn_dtype_size(views[q].dtype);
    }
    c.len = views[1].shape[dim];
    c.k = views[0].shape[dim];
    if (c.k > c.len) return AGN_ERR_SHAPE;
    if (c.k == 0 || agn_numel(&views[0]) == 0) return AGN_OK;
    for (int32_t d = 0; d < views[0].ndim; d++) shape[d] = d == dim ? 1 : views[0].shape[d];
    for (int q = 0; q < 2; q++) views[q].shape = shape;
    agn_iter it;
    if ((s = agn_iter_init(&it, 2, vp)) != AGN_OK) return s;
    const int64_t grain = AGN_GRAIN_ELEMENTWISE / c.len > 0 ? AGN_GRAIN_ELEMENTWISE / c.len : 1;
    agn_iter_run(&it, topk_row, &c, grain);
    return c.failed ? AGN_ERR_OUT_OF_MEMORY : AGN_OK;
}

agn_status agn_topk(const agn_tensor *x, int32_t dim, int32_t largest, int32_t sorted, const agn_tensor *indices) {
    agn_enter();
    return topk_lines(x, dim, largest, sorted, 0, indices);
}

agn_status agn_sort_unstable(const agn_tensor *x, int32_t dim, const agn_tensor *indices) {
    agn_enter();
    agn_status s;
    if ((s = agn_check_tensor(x)) != AGN_OK || (s = agn_check_tensor(indices)) != AGN_OK) return s;
    if (indices->ndim != x->ndim) return AGN_ERR_SHAPE;
    if (dim >= 0 && dim < x->ndim && indices->shape[dim] != x->shape[dim]) return AGN_ERR_SHAPE; /* all of the line */
    return topk_lines(x, dim, 0, 1, 1, indices);
}
