/* agn_scan against reference loops: every op and dtype, random 0..3-d shapes and every dim, permuted
 * and unaligned layouts, lengths 0..257 along dim as innermost and outermost dim, NaN / tie rules of
 * cummax, infinities in logcumsumexp, in place, the blocked long-line cumsum (1 vs 2 threads
 * bit-identical, close to the sequential sum) and error statuses. */
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

static double lae(double x, double acc) {
    double mn = isnan(acc) ? acc : (acc < x ? acc : x), mx = isnan(acc) ? acc : (x < acc ? acc : x);
    return (mn != mx || isfinite(mn)) ? log1p(exp(mn - mx)) + mx : x;
}

static double round_to(int dt, double v) { return dt == AGN_DTYPE_FLOAT32 ? (double)(float)v : v; }

static void check_case(int op, int ndim, const int64_t *shape, int dim, int dt, int weird, int inplace) {
    tview x, o, ix;
    make_view(&x, ndim, shape, dt, weird);
    make_view(&o, ndim, shape, dt, weird);
    make_view(&ix, ndim, shape, AGN_DTYPE_INT64, weird);
    int64_t i[4] = {0, 0, 0, 0}, j[4];
    for (int64_t e = 0; e < x.numel; e++) {
        unravel(shape, ndim, e, i);
        double v = dt == AGN_DTYPE_INT64 ? (double)(rand() % 7 - 3) : (double)rand() / RAND_MAX * 2 - 1;
        if (op == AGN_SCAN_CUMPROD && dt != AGN_DTYPE_INT64) v = 0.5 + v * 0.6; /* no underflow to 0 */
        if (op == AGN_SCAN_CUMPROD && dt == AGN_DTYPE_INT64) v = rand() % 3 - 1;
        if ((op == AGN_SCAN_CUMMAX || op == AGN_SCAN_CUMMIN) && dt != AGN_DTYPE_INT64 && rand() % 9 == 0) v = NAN;
        if ((op == AGN_SCAN_CUMMAX || op == AGN_SCAN_CUMMIN) && dt != AGN_DTYPE_INT64 && rand() % 5 == 0) v = 0.25; /* ties */
        if (op == AGN_SCAN_LOGCUMSUMEXP && rand() % 11 == 0) v = rand() % 2 ? INFINITY : -INFINITY;
        put(&x, i, v);
        if (inplace) put(&o, i, v);
    }
    agn_tensor tx = as_tensor(inplace ? &o : &x), to = as_tensor(&o), ti = as_tensor(&ix);
    CHECK(agn_scan(op, &tx, dim, &to, &ti) == AGN_OK);
    const int64_t len = ndim ? shape[dim] : 1;
    int ok = 1;
    for (int64_t e = 0; e < x.numel && ok; e++) {
        unravel(shape, ndim, e, i);
        if (ndim && i[dim] != 0) continue;
        double acc = op == AGN_SCAN_CUMPROD ? 1 : op == AGN_SCAN_CUMSUM ? 0
                     : op == AGN_SCAN_CUMMAX ? -INFINITY : INFINITY;
        if (op == AGN_SCAN_LOGCUMSUMEXP) acc = -INFINITY;
        int64_t at_k = 0;
        for (int64_t k = 0; k < len; k++) {
            memcpy(j, i, sizeof j);
            if (ndim) j[dim] = k;
            double v = get(&x, j);
            switch (op) {
            case AGN_SCAN_CUMSUM: acc += v; break;
            case AGN_SCAN_CUMPROD: acc *= v; break;
            case AGN_SCAN_LOGCUMSUMEXP: acc = lae(v, acc); break;
            default:
                if (isnan(v) || (!isnan(acc) && (op == AGN_SCAN_CUMMAX ? v >= acc : v <= acc))) { acc = v; at_k = k; }
            }
            double got = get(&o, j);
            if (op == AGN_SCAN_LOGCUMSUMEXP) ok &= close_to(got, round_to(dt, acc), 1e-6, 1e-6);
            else ok &= isnan(acc) ? isnan(got) : got == round_to(dt, acc);
            if (op == AGN_SCAN_CUMMAX || op == AGN_SCAN_CUMMIN) ok &= get(&ix, j) == (double)at_k;
        }
    }
    CHECK(ok);
    if (!ok) fprintf(stderr, "  op %d ndim %d dim %d dt %d weird %d inplace %d\n", op, ndim, dim, dt, weird, inplace);
    free(x.buf);
    free(o.buf);
    free(ix.buf);
}

static void check_blocked(int dt, int64_t n) {
    int64_t shape[1] = {n};
    tview x, o1, o2;
    make_view(&x, 1, shape, dt, 0);
    make_view(&o1, 1, shape, dt, 0);
    make_view(&o2, 1, shape, dt, 0);
    for (int64_t e = 0; e < n; e++) put(&x, &e, dt == AGN_DTYPE_INT64 ? (double)(rand() % 100 - 50) : (double)rand() / RAND_MAX);
    agn_tensor tx = as_tensor(&x), t1 = as_tensor(&o1), t2 = as_tensor(&o2);
    agn_set_num_threads(1);
    CHECK(agn_scan(AGN_SCAN_CUMSUM, &tx, 0, &t1, NULL) == AGN_OK);
    agn_set_num_threads(2);
    CHECK(agn_scan(AGN_SCAN_CUMSUM, &tx, 0, &t2, NULL) == AGN_OK);
    CHECK(memcmp(o1.data, o2.data, (size_t)(n * esize(dt))) == 0);
    double acc = 0;
    int ok = 1;
    for (int64_t e = 0; e < n; e++) {
        acc += get(&x, &e);
        ok &= dt == AGN_DTYPE_INT64 ? get(&o1, &e) == acc : close_to(get(&o1, &e), acc, dt == AGN_DTYPE_FLOAT32 ? 1e-6 : 1e-12, 0);
    }
    CHECK(ok);
    free(x.buf);
    free(o1.buf);
    free(o2.buf);
}

/* int64 sums and products wrap as in PyTorch (signed overflow in C would be undefined) */
static void check_wrapping(void) {
    int64_t a[2] = {INT64_MAX, 1}, m[2] = {(int64_t)1 << 62, 4}, o[2], s2[1] = {2}, st[1] = {1};
    agn_tensor x = {a, s2, st, 1, AGN_DTYPE_INT64}, y = {m, s2, st, 1, AGN_DTYPE_INT64}, out = {o, s2, st, 1, AGN_DTYPE_INT64};
    CHECK(agn_scan(AGN_SCAN_CUMSUM, &x, 0, &out, NULL) == AGN_OK);
    CHECK(o[0] == INT64_MAX && o[1] == INT64_MIN);
    CHECK(agn_scan(AGN_SCAN_CUMPROD, &y, 0, &out, NULL) == AGN_OK);
    CHECK(o[0] == (int64_t)1 << 62 && o[1] == 0);
}

static void check_errors(void) {
    float a[4] = {1, 2, 3, 4}, b[4];
    int64_t idx[4], s4[1] = {4}, st[1] = {1}, s3[1] = {3};
    agn_tensor x = {a, s4, st, 1, AGN_DTYPE_FLOAT32}, o = {b, s4, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor i = {idx, s4, st, 1, AGN_DTYPE_INT64}, short_o = {b, s3, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor o64 = {b, s4, st, 1, AGN_DTYPE_FLOAT64}, xb = {a, s4, st, 1, AGN_DTYPE_BOOL};
    agn_tensor ib = {b, s4, st, 1, AGN_DTYPE_BOOL};
    CHECK(agn_scan(99, &x, 0, &o, NULL) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_scan(AGN_SCAN_CUMSUM, &x, 1, &o, NULL) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_scan(AGN_SCAN_CUMSUM, &x, 0, &short_o, NULL) == AGN_ERR_SHAPE);
    CHECK(agn_scan(AGN_SCAN_CUMSUM, &x, 0, &o64, NULL) == AGN_ERR_DTYPE);
    CHECK(agn_scan(AGN_SCAN_CUMSUM, &xb, 0, &ib, NULL) == AGN_ERR_DTYPE);
    CHECK(agn_scan(AGN_SCAN_CUMMAX, &x, 0, &o, NULL) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_scan(AGN_SCAN_CUMMAX, &x, 0, &o, &o) == AGN_ERR_DTYPE);
    CHECK(agn_scan(AGN_SCAN_CUMSUM, NULL, 0, &o, NULL) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_scan(AGN_SCAN_CUMMAX, &x, 0, &o, &i) == AGN_OK);
    CHECK(b[3] == 4 && idx[3] == 3);
}

int main(void) {
    srand(7);
    check_wrapping();
    const int dts[3] = {AGN_DTYPE_FLOAT32, AGN_DTYPE_FLOAT64, AGN_DTYPE_INT64};
    for (int op = AGN_SCAN_CUMSUM; op <= AGN_SCAN_LOGCUMSUMEXP; op++)
        for (int t = 0; t < 3; t++) {
            int dt = dts[t];
            if (op == AGN_SCAN_LOGCUMSUMEXP && dt == AGN_DTYPE_INT64) continue;
            for (int rep = 0; rep < 40; rep++) {
                int ndim = rep % 4;
                int64_t shape[4];
                for (int d = 0; d < ndim; d++) shape[d] = rand() % 6;
                int dim = ndim ? rand() % ndim : 0;
                check_case(op, ndim, shape, dim, dt, rep % 2, rep % 5 == 0);
            }
            for (int64_t n = 0; n <= 257; n += (n < 20 ? 1 : 17)) {
                int64_t inner[2] = {3, n}, outer[2] = {n, 70};
                check_case(op, 2, inner, 1, dt, 0, 0);
                check_case(op, 2, outer, 0, dt, 0, 0);
                check_case(op, 2, outer, 0, dt, 1, 0);
            }
        }
    check_blocked(AGN_DTYPE_FLOAT32, 3 * 65536 + 5);
    check_blocked(AGN_DTYPE_FLOAT64, 5 * 65536 + 3);
    check_blocked(AGN_DTYPE_INT64, 2 * 65536);
    check_blocked(AGN_DTYPE_FLOAT32, 65 * 65536 + 1);
    check_errors();
    return check_summary("test_scan");
}
