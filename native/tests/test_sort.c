/* agn_sort and agn_scatter_reduce against reference loops. Sort: every dtype, both directions,
 * random 0..3-d shapes and dims, permuted / unaligned layouts, lengths 0..300 (insertion and radix
 * paths), ties, -0.0 / 0.0 and NaN (NaN last ascending, first descending, ties in source order),
 * 1 vs 2 threads identical. Scatter: every reduce, duplicates in index order, validation before
 * any write, error statuses. */
#include "autograd_native.h"
#include "check.h"
#include "tview.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void make_view(tview *v, int ndim, const int64_t *shape, int dt, int weird) {
    int perm[4];
    dim_order(perm, ndim, weird && ndim > 1);
    v->ndim = ndim;
    v->dt = dt;
    int64_t stride = 1;
    for (int k = ndim - 1; k >= 0; k--) {
        int d = perm[k];
        v->shape[d] = shape[d];
        v->strides[d] = stride;
        stride *= shape[d];
    }
    v->numel = stride;
    v->buf = calloc((size_t)(stride * esize(dt) + 1), 1);
    v->data = v->buf + (weird ? 1 : 0);
}

/* PyTorch's order: NaN largest, -0.0 == 0.0; 1 when a must come before b (strictly). */
static int before(double a, double b, int desc) {
    if (isnan(a) || isnan(b)) return desc ? (isnan(a) && !isnan(b)) : (!isnan(a) && isnan(b));
    return desc ? a > b : a < b;
}

static void check_sort(int ndim, const int64_t *shape, int dim, int dt, int desc, int weird) {
    tview x, v, ix;
    make_view(&x, ndim, shape, dt, weird);
    make_view(&v, ndim, shape, dt, weird);
    make_view(&ix, ndim, shape, AGN_DTYPE_INT64, weird);
    int64_t i[4] = {0, 0, 0, 0}, j[4];
    for (int64_t e = 0; e < x.numel; e++) {
        unravel(shape, ndim, e, i);
        double r = (double)(rand() % 9 - 4) / 2; /* ties */
        if (dt != AGN_DTYPE_INT64 && rand() % 7 == 0) r = NAN;
        if (dt != AGN_DTYPE_INT64 && rand() % 7 == 0) r = rand() % 2 ? -0.0 : 0.0;
        if (dt != AGN_DTYPE_INT64 && rand() % 9 == 0) r = rand() % 2 ? INFINITY : -INFINITY;
        if (dt == AGN_DTYPE_INT64 && rand() % 5 == 0) r = (double)(rand() % 2 ? INT64_MIN : INT64_MAX / 2);
        put(&x, i, r);
    }
    agn_tensor tx = as_tensor(&x), tv = as_tensor(&v), ti = as_tensor(&ix);
    CHECK(agn_sort(&tx, dim, desc, &tv, &ti) == AGN_OK);
    const int64_t len = ndim ? shape[dim] : 1;
    int ok = 1;
    for (int64_t e = 0; e < x.numel && ok; e++) {
        unravel(shape, ndim, e, i);
        if (ndim && i[dim] != 0) continue;
        int64_t prev = -1;
        double prev_v = 0;
        char *seen = calloc((size_t)len + 1, 1);
        for (int64_t k = 0; k < len; k++) {
            memcpy(j, i, sizeof j);
            if (ndim) j[dim] = k;
            int64_t at = (int64_t)get(&ix, j);
            ok &= at >= 0 && at < len && !seen[at];
            if (!(at >= 0 && at < len)) break;
            seen[at] = 1;
            int64_t s[4];
            memcpy(s, i, sizeof s);
            if (ndim) s[dim] = at;
            double xv = get(&x, s), vv = get(&v, j);
            ok &= (isnan(xv) && isnan(vv)) || (xv == vv && signbit(xv) == signbit(vv));
            if (k > 0) { /* sorted, and stable among equals */
                ok &= !before(xv, prev_v, desc);
                if (!before(prev_v, xv, desc)) ok &= at > prev;
            }
            prev = at;
            prev_v = xv;
        }
        free(seen);
    }
    CHECK(ok);
    if (!ok) fprintf(stderr, "  sort ndim %d dim %d dt %d desc %d weird %d\n", ndim, dim, dt, desc, weird);
    free(x.buf);
    free(v.buf);
    free(ix.buf);
}

static void check_threads(void) {
    int64_t shape[2] = {64, 1000};
    tview x, i1, i2;
    make_view(&x, 2, shape, AGN_DTYPE_FLOAT32, 0);
    make_view(&i1, 2, shape, AGN_DTYPE_INT64, 0);
    make_view(&i2, 2, shape, AGN_DTYPE_INT64, 0);
    for (int64_t e = 0; e < x.numel; e++) ((float *)x.data)[e] = (float)(rand() % 100);
    agn_tensor tx = as_tensor(&x), t1 = as_tensor(&i1), t2 = as_tensor(&i2);
    agn_set_num_threads(1);
    CHECK(agn_sort(&tx, 1, 0, NULL, &t1) == AGN_OK);
    agn_set_num_threads(2);
    CHECK(agn_sort(&tx, 1, 0, NULL, &t2) == AGN_OK);
    CHECK(memcmp(i1.data, i2.data, (size_t)(x.numel * 8)) == 0);
    free(x.buf);
    free(i1.buf);
    free(i2.buf);
}

static void check_scatter(void) {
    /* out [2, 3], index / src [2, 2] along dim 1, duplicates in row 0 */
    double out[6], src[4] = {1, 2, 3, 4};
    int64_t idx[4] = {2, 2, 0, 1}, s23[2] = {2, 3}, t23[2] = {3, 1}, s22[2] = {2, 2}, t22[2] = {2, 1};
    agn_tensor to = {out, s23, t23, 2, AGN_DTYPE_FLOAT64}, ts = {src, s22, t22, 2, AGN_DTYPE_FLOAT64};
    agn_tensor ti = {idx, s22, t22, 2, AGN_DTYPE_INT64};
    const double base[6] = {10, 20, 30, 40, 50, 60};
    const double want[5][6] = {
        {10, 20, 2, 3, 4, 60},     /* assign: the later duplicate wins */
        {10, 20, 33, 43, 54, 60},  /* sum */
        {10, 20, 60, 120, 200, 60},/* prod */
        {10, 20, 30, 40, 50, 60},  /* amax */
        {10, 20, 1, 3, 4, 60},     /* amin */
    };
    for (int r = AGN_SCATTER_ASSIGN; r <= AGN_SCATTER_AMIN; r++) {
        memcpy(out, base, sizeof out);
        CHECK(agn_scatter_reduce(&to, 1, &ti, &ts, r) == AGN_OK);
        CHECK(memcmp(out, want[r], sizeof out) == 0);
    }
    src[0] = NAN;
    memcpy(out, base, sizeof out);
    CHECK(agn_scatter_reduce(&to, 1, &ti, &ts, AGN_SCATTER_AMAX) == AGN_OK);
    CHECK(isnan(out[2]));
    idx[3] = 3; /* out of range: nothing written */
    memcpy(out, base, sizeof out);
    CHECK(agn_scatter_reduce(&to, 1, &ti, &ts, AGN_SCATTER_ASSIGN) == AGN_ERR_INDEX);
    CHECK(memcmp(out, base, sizeof out) == 0);
    idx[3] = 1;
    CHECK(agn_scatter_reduce(&to, 1, &ti, &ts, 9) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_scatter_reduce(&to, 2, &ti, &ts, 0) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_scatter_reduce(&to, 1, &ts, &ts, 0) == AGN_ERR_DTYPE);
    CHECK(agn_scatter_reduce(&to, 1, &ti, &to, 0) == AGN_ERR_SHAPE);
}

int main(void) {
    srand(11);
    const int dts[3] = {AGN_DTYPE_FLOAT32, AGN_DTYPE_FLOAT64, AGN_DTYPE_INT64};
    for (int t = 0; t < 3; t++)
        for (int desc = 0; desc < 2; desc++) {
            for (int rep = 0; rep < 40; rep++) {
                int ndim = rep % 4;
                int64_t shape[4];
                for (int d = 0; d < ndim; d++) shape[d] = rand() % 7;
                check_sort(ndim, shape, ndim ? rand() % ndim : 0, dts[t], desc, rep % 2);
            }
            for (int64_t n = 0; n <= 300; n += (n < 40 ? 1 : 37)) {
                int64_t inner[2] = {2, n}, outer[2] = {n, 3};
                check_sort(2, inner, 1, dts[t], desc, 0);
                check_sort(2, outer, 0, dts[t], desc, 1);
            }
        }
    int64_t big[1] = {5000};
    check_sort(1, big, 0, AGN_DTYPE_FLOAT64, 1, 1);
    check_threads();
    check_scatter();
    int64_t s1[1] = {1}, st[1] = {1};
    float f[1] = {0};
    int64_t ii[1];
    agn_tensor x = {f, s1, st, 1, AGN_DTYPE_FLOAT32}, i = {ii, s1, st, 1, AGN_DTYPE_INT64};
    agn_tensor b = {f, s1, st, 1, AGN_DTYPE_BOOL};
    CHECK(agn_sort(&x, 1, 0, NULL, &i) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_sort(&x, 0, 0, NULL, &x) == AGN_ERR_DTYPE);
    CHECK(agn_sort(&b, 0, 0, NULL, &i) == AGN_ERR_DTYPE);
    CHECK(agn_sort(&x, 0, 0, &i, &i) == AGN_ERR_DTYPE);
    return check_summary("test_sort");
}
