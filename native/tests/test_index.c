/* agn_index_select, agn_gather, agn_index_add, agn_scatter_add against reference loops over random
 * 1..3-d shapes, every dim and dtype, permuted/unaligned views, strided and broadcast (stride 0)
 * index tensors, duplicate indices; out-of-range and negative indices give AGN_ERR_INDEX with the
 * output untouched; shape/dtype/dim errors; 1 vs 4 threads bit-identical for accumulations. */
#include "autograd_native.h"
#include "check.h"
#include "tview.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Random memory order of dims, one byte of misalignment when `weird`; filled with small values. */
static void make_view(tview *v, int ndim, const int64_t *shape, int dt, int weird) {
    int perm[4];
    dim_order(perm, ndim, weird && ndim > 1);
    v->ndim = ndim;
    v->dt = dt;
    int64_t stride = 1;
    for (int k = ndim - 1; k >= 0; k--) {
        v->shape[perm[k]] = shape[perm[k]];
        v->strides[perm[k]] = stride;
        stride *= shape[perm[k]];
    }
    v->numel = stride;
    v->buf = calloc((size_t)(stride * esize(dt) + 2), 1);
    v->data = v->buf + (weird ? 1 : 0);
}

static double value(int dt) {
    if (dt == AGN_DTYPE_BOOL) return rand() % 3 == 0;
    if (dt == AGN_DTYPE_INT64) return rand() % 200 - 100;
    double v = (double)(rand() % 2000 - 1000) / 64.0; /* exact in float: sums are order-exact */
    return v;
}
static void fill(tview *v) {
    int64_t idx[3];
    for (int64_t e = 0; e < v->numel; e++) { unravel(v->shape, v->ndim, e, idx); put(v, idx, value(v->dt)); }
}
/* a = a (+) b in dtype dt, as the kernel does it */
static double acc(int dt, double a, double b) {
    if (dt == AGN_DTYPE_FLOAT32) return (float)((float)a + (float)b);
    if (dt == AGN_DTYPE_BOOL) return a != 0 || b != 0;
    return a + b;
}
static int same_bytes(const tview *a, const char *saved) {
    return memcmp(a->buf, saved, (size_t)(a->numel * esize(a->dt) + 2)) == 0;
}

static void check_one(int ndim, int dt, int weird) {
    int64_t shape[3], len = rand() % 6, dim = rand() % ndim;
    for (int d = 0; d < ndim; d++) shape[d] = rand() % 4 + 1;
    tview x, o, ix, ref;
    make_view(&x, ndim, shape, dt, weird);
    fill(&x);
    int64_t bound = shape[dim];
    /* index_select: index 1-d of len, optionally strided by 2 through a larger buffer */
    int64_t ibuf[12], istr[1] = {1 + rand() % 2}, ilen[1] = {len};
    for (int k = 0; k < 12; k++) ibuf[k] = rand() % bound;
    agn_tensor ti = {ibuf, ilen, istr, 1, AGN_DTYPE_INT64};
    int64_t oshape[3];
    memcpy(oshape, shape, sizeof oshape);
    oshape[dim] = len;
    make_view(&o, ndim, oshape, dt, weird);
    agn_tensor tx = as_tensor(&x), to = as_tensor(&o);
    CHECK(agn_index_select(&tx, (int32_t)dim, &ti, &to) == AGN_OK);
    int64_t p[3], q[3];
    for (int64_t e = 0; e < o.numel; e++) {
        unravel(oshape, ndim, e, p);
        memcpy(q, p, sizeof q);
        q[dim] = ibuf[p[dim] * istr[0]];
        CHECK(get(&o, p) == get(&x, q));
    }
    /* index_add into x-shaped out from an o-shaped src, duplicates included */
    make_view(&ref, ndim, shape, dt, 0);
    fill(&o);
    for (int64_t e = 0; e < x.numel; e++) { unravel(shape, ndim, e, p); put(&ref, p, get(&x, p)); }
    for (int64_t e = 0; e < o.numel; e++) {
        unravel(oshape, ndim, e, p);
        memcpy(q, p, sizeof q);
        q[dim] = ibuf[p[dim] * istr[0]];
        put(&ref, q, acc(dt, get(&ref, q), get(&o, p)));
    }
    CHECK(agn_index_add(&tx, (int32_t)dim, &ti, &to) == AGN_OK);
    for (int64_t e = 0; e < x.numel; e++) { unravel(shape, ndim, e, p); CHECK(get(&x, p) == get(&ref, p)); }
    /* out-of-range / negative: AGN_ERR_INDEX, nothing written */
    char *saved = malloc((size_t)(x.numel * esize(dt) + 2));
    memcpy(saved, x.buf, (size_t)(x.numel * esize(dt) + 2));
    if (len > 0) {
        int64_t keep = ibuf[(len - 1) * istr[0]];
        ibuf[(len - 1) * istr[0]] = rand() % 2 ? bound : -1;
        CHECK(agn_index_add(&tx, (int32_t)dim, &ti, &to) == AGN_ERR_INDEX);
        CHECK(same_bytes(&x, saved));
        CHECK(agn_index_select(&tx, (int32_t)dim, &ti, &to) == AGN_ERR_INDEX);
        ibuf[(len - 1) * istr[0]] = keep;
    }
    /* gather / scatter_add: index shaped <= x (dim: any length), random values */
    int64_t gshape[3];
    for (int d = 0; d < ndim; d++) gshape[d] = d == dim ? len : 1 + rand() % shape[d];
    make_view(&ix, ndim, gshape, AGN_DTYPE_INT64, weird);
    for (int64_t e = 0; e < ix.numel; e++) { unravel(gshape, ndim, e, p); put(&ix, p, rand() % bound); }
    tview g, src;
    make_view(&g, ndim, gshape, dt, weird);
    agn_tensor tix = as_tensor(&ix), tg = as_tensor(&g);
    CHECK(agn_gather(&tx, (int32_t)dim, &tix, &tg) == AGN_OK);
    for (int64_t e = 0; e < g.numel; e++) {
        unravel(gshape, ndim, e, p);
        memcpy(q, p, sizeof q);
        q[dim] = (int64_t)get(&ix, p);
        CHECK(get(&g, p) == get(&x, q));
    }
    make_view(&src, ndim, gshape, dt, weird);
    fill(&src);
    agn_tensor tsrc = as_tensor(&src);
    for (int64_t e = 0; e < x.numel; e++) { unravel(shape, ndim, e, p); put(&ref, p, get(&x, p)); }
    for (int64_t e = 0; e < src.numel; e++) {
        unravel(gshape, ndim, e, p);
        memcpy(q, p, sizeof q);
        q[dim] = (int64_t)get(&ix, p);
        put(&ref, q, acc(dt, get(&ref, q), get(&src, p)));
    }
    CHECK(agn_scatter_add(&tx, (int32_t)dim, &tix, &tsrc) == AGN_OK);
    for (int64_t e = 0; e < x.numel; e++) { unravel(shape, ndim, e, p); CHECK(get(&x, p) == get(&ref, p)); }
    if (ix.numel > 0) {
        memcpy(saved, x.buf, (size_t)(x.numel * esize(dt) + 2));
        unravel(gshape, ndim, ix.numel - 1, p);
        put(&ix, p, rand() % 2 ? (double)bound : -1.0);
        CHECK(agn_scatter_add(&tx, (int32_t)dim, &tix, &tsrc) == AGN_ERR_INDEX);
        CHECK(same_bytes(&x, saved));
        CHECK(agn_gather(&tx, (int32_t)dim, &tix, &tg) == AGN_ERR_INDEX);
    }
    free(saved);
    free(x.buf); free(o.buf); free(ix.buf); free(ref.buf); free(g.buf); free(src.buf);
}

static void check_broadcast_index(void) {
    /* gather with an index broadcast along dim 1 (stride 0): every column picks row idx[r]. */
    float x[12];
    for (int i = 0; i < 12; i++) x[i] = (float)i;
    int64_t xs[2] = {4, 3}, xst[2] = {3, 1}, idx[2] = {3, 1}, gs[2] = {2, 3}, ist[2] = {1, 0}, ost[2] = {3, 1};
    float o[6];
    agn_tensor tx = {x, xs, xst, 2, AGN_DTYPE_FLOAT32}, ti = {idx, gs, ist, 2, AGN_DTYPE_INT64};
    agn_tensor to = {o, gs, ost, 2, AGN_DTYPE_FLOAT32};
    CHECK(agn_gather(&tx, 0, &ti, &to) == AGN_OK);
    CHECK(o[0] == 9 && o[1] == 10 && o[2] == 11 && o[3] == 3 && o[4] == 4 && o[5] == 5);
    /* index_select with a 0-d index selects one line */
    int64_t one = 2, s1[2] = {4, 1}, st1[2] = {1, 1};
    agn_tensor t0 = {&one, NULL, NULL, 0, AGN_DTYPE_INT64}, to1 = {o, s1, st1, 2, AGN_DTYPE_FLOAT32};
    CHECK(agn_index_select(&tx, 1, &t0, &to1) == AGN_OK);
    CHECK(o[0] == 2 && o[1] == 5 && o[2] == 8 && o[3] == 11);
}

static void check_errors(void) {
    float x[6] = {0}, o[6] = {0};
    int64_t idx[2] = {0, 1}, s23[2] = {2, 3}, s22[2] = {2, 2}, s2[1] = {2}, st[2] = {3, 1}, st2[2] = {2, 1}, st1[1] = {1};
    agn_tensor tx = {x, s23, st, 2, AGN_DTYPE_FLOAT32}, ti = {idx, s2, st1, 1, AGN_DTYPE_INT64};
    agn_tensor to = {o, s22, st2, 2, AGN_DTYPE_FLOAT32}, tod = {o, s22, st2, 2, AGN_DTYPE_FLOAT64};
    agn_tensor tif = {idx, s2, st1, 1, AGN_DTYPE_FLOAT64};
    CHECK(agn_index_select(&tx, 1, &ti, &to) == AGN_OK);
    CHECK(agn_index_select(&tx, 0, &ti, &to) == AGN_ERR_SHAPE);
    CHECK(agn_index_select(&tx, 2, &ti, &to) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_index_select(&tx, -1, &ti, &to) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_index_select(&tx, 1, &ti, &tod) == AGN_ERR_DTYPE);
    CHECK(agn_index_select(&tx, 1, &tif, &to) == AGN_ERR_DTYPE);
    CHECK(agn_index_select(&tx, 1, NULL, &to) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_index_add(&tx, 1, &ti, &to) == AGN_OK);
    CHECK(agn_index_add(&tx, 1, &ti, &tx) == AGN_ERR_SHAPE);
    int64_t gi[4] = {0, 2, 1, 0};
    agn_tensor tgi = {gi, s22, st2, 2, AGN_DTYPE_INT64}, tgi3 = {gi, s23, st, 2, AGN_DTYPE_INT64};
    CHECK(agn_gather(&tx, 1, &tgi, &to) == AGN_OK && o[1] == x[2]);
    CHECK(agn_gather(&tx, 1, &tgi3, &to) == AGN_ERR_SHAPE);  /* index shape != out shape */
    CHECK(agn_gather(&tx, 1, &tgi, &tx) == AGN_ERR_SHAPE);
    CHECK(agn_scatter_add(&tx, 1, &tgi, &to) == AGN_OK);
    CHECK(agn_scatter_add(&tx, 1, &tgi, &tx) == AGN_ERR_SHAPE); /* src shape != index shape */
    int64_t s42[2] = {4, 2};
    agn_tensor tbig = {gi, s42, st2, 2, AGN_DTYPE_INT64};
    CHECK(agn_scatter_add(&tx, 1, &tbig, &tbig) == AGN_ERR_DTYPE);
    agn_tensor tbigf = {o, s42, st2, 2, AGN_DTYPE_FLOAT32};
    CHECK(agn_scatter_add(&tx, 1, &tbig, &tbigf) == AGN_ERR_SHAPE); /* index dim 0 (4) > out's 2 */
    agn_tensor scalar = {x, NULL, NULL, 0, AGN_DTYPE_FLOAT32};
    CHECK(agn_gather(&scalar, 0, &scalar, &scalar) == AGN_ERR_DTYPE);
}

/* Large scatter_add/index_add with many duplicates: 1 thread and 4 threads give identical bits. */
static void check_threads(void) {
    const int64_t R = 4096, C = 257, OR = 37;
    float *src = malloc((size_t)(R * C) * 4), *o1 = calloc((size_t)(OR * C), 4), *o2 = calloc((size_t)(OR * C), 4);
    int64_t *idx = malloc((size_t)(R * C) * 8);
    for (int64_t i = 0; i < R * C; i++) { src[i] = (float)rand() / RAND_MAX; idx[i] = rand() % OR; }
    int64_t ss[2] = {R, C}, sst[2] = {C, 1}, os[2] = {OR, C}, ist[1] = {1}, il[1] = {R};
    agn_tensor tsrc = {src, ss, sst, 2, AGN_DTYPE_FLOAT32}, ti2 = {idx, ss, sst, 2, AGN_DTYPE_INT64};
    agn_tensor ti1 = {idx, il, ist, 1, AGN_DTYPE_INT64};
    agn_tensor t1 = {o1, os, sst, 2, AGN_DTYPE_FLOAT32}, t2 = {o2, os, sst, 2, AGN_DTYPE_FLOAT32};
    int32_t threads = agn_get_num_threads();
    CHECK(agn_set_num_threads(1) == AGN_OK);
    CHECK(agn_scatter_add(&t1, 0, &ti2, &tsrc) == AGN_OK);
    CHECK(agn_index_add(&t1, 0, &ti1, &tsrc) == AGN_OK);
    CHECK(agn_set_num_threads(4) == AGN_OK);
    CHECK(agn_scatter_add(&t2, 0, &ti2, &tsrc) == AGN_OK);
    CHECK(agn_index_add(&t2, 0, &ti1, &tsrc) == AGN_OK);
    CHECK(memcmp(o1, o2, (size_t)(OR * C) * 4) == 0);
    double total = 0, want = 0;
    for (int64_t i = 0; i < OR * C; i++) total += o1[i];
    for (int64_t i = 0; i < R * C; i++) want += 2.0 * src[i];
    CHECK(close_to(total, want, 1e-4, 0));
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    free(src); free(o1); free(o2); free(idx);
}

int main(void) {
    srand(99);
    for (int iter = 0; iter < 4000; iter++) check_one(1 + iter % 3, (iter / 3) % 4, iter % 2);
    check_broadcast_index();
    check_errors();
    check_threads();
    return check_summary("test_index");
}
