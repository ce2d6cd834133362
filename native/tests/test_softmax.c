/* agn_softmax / agn_softmax_backward (plain and log) against double reference loops: random 0..3-d
 * shapes and every dim, permuted / unaligned / broadcast (stride 0) operands, lengths 0..257 along
 * dim both as the innermost and as the outermost dim, in place, huge / -inf / NaN inputs, error
 * statuses and 1 vs 4 threads bit-identical on a large input; at every SIMD level. */
#include "autograd_native.h"
#include "check.h"
#include "tview.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Random memory order when `weird` (plus a one-byte offset); bcast_dim >= 0 gets stride 0. */
static void make_view(tview *v, int ndim, const int64_t *shape, int dt, int weird, int bcast_dim) {
    int perm[4];
    dim_order(perm, ndim, weird && ndim > 1);
    v->ndim = ndim;
    v->dt = dt;
    int64_t stride = 1, numel = 1;
    for (int k = ndim - 1; k >= 0; k--) {
        int d = perm[k];
        v->shape[d] = shape[d];
        numel *= shape[d];
        v->strides[d] = d == bcast_dim ? 0 : stride;
        if (d != bcast_dim) stride *= shape[d];
    }
    v->numel = numel;
    int64_t es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8;
    v->buf = calloc((size_t)(stride * es + 1), 1);
    v->data = v->buf + (weird ? 1 : 0);
}
/* Checks forward and backward on one configuration; x uniform in [-scale, scale]. */
static void check_case(int ndim, const int64_t *shape, int dim, int dt, int lg, int weird,
                       int bcast, int inplace, double scale) {
    tview x, o, g, gi;
    int bdim = bcast && ndim > 0 ? rand() % ndim : -1;
    make_view(&x, ndim, shape, dt, weird, bdim);
    make_view(&o, ndim, shape, dt, weird, -1);
    make_view(&g, ndim, shape, dt, weird, -1);
    make_view(&gi, ndim, shape, dt, weird, -1);
    int64_t i[3] = {0, 0, 0}, j[3];
    for (int64_t e = 0; e < x.numel; e++) {
        unravel(shape, ndim, e, i);
        put(&x, i, ((double)rand() / RAND_MAX * 2 - 1) * scale);
        put(&g, i, (double)rand() / RAND_MAX * 2 - 1);
    }
    tview *src = &x;
    if (inplace) { /* copy x into o and run o -> o */
        for (int64_t e = 0; e < x.numel; e++) { unravel(shape, ndim, e, i); put(&o, i, get(&x, i)); }
        src = &o;
    }
    agn_tensor ts = as_tensor(src), to = as_tensor(&o), tg = as_tensor(&g), tgi = as_tensor(&gi);
    CHECK(agn_softmax(&ts, dim, lg, &to) == AGN_OK);
    if (inplace) { /* grad_in aliases grad_out: gi starts as a copy of g */
        for (int64_t e = 0; e < x.numel; e++) { unravel(shape, ndim, e, i); put(&gi, i, get(&g, i)); }
        CHECK(agn_softmax_backward(&tgi, &to, dim, lg, &tgi) == AGN_OK);
    } else {
        CHECK(agn_softmax_backward(&tg, &to, dim, lg, &tgi) == AGN_OK);
    }
    const double tol = dt == AGN_DTYPE_FLOAT32 ? 2e-5 : 1e-12;
    const int64_t L = ndim > 0 ? shape[dim] : 1;
    for (int64_t e = 0; e < x.numel; e++) {
        unravel(shape, ndim, e, i);
        memcpy(j, i, sizeof j);
        double m = -INFINITY, s = 0, dot = 0, gs = 0;
        for (int64_t k = 0; k < L; k++) { if (ndim) j[dim] = k; m = fmax(m, get(&x, j)); }
        for (int64_t k = 0; k < L; k++) { if (ndim) j[dim] = k; s += exp(get(&x, j) - m); }
        double want = lg ? get(&x, i) - m - log(s) : exp(get(&x, i) - m) / s;
        CHECK(close_to(get(&o, i), want, tol, tol));
        for (int64_t k = 0; k < L; k++) {
            if (ndim) j[dim] = k;
            gs += get(&g, j);
            dot += get(&g, j) * get(&o, j);
        }
        double y = get(&o, i), gv = get(&g, i);
        double want_g = lg ? gv - exp(y) * gs : y * (gv - dot);
        CHECK(close_to(get(&gi, i), want_g, tol * 10, tol * 10));
    }
    free(x.buf); free(o.buf); free(g.buf); free(gi.buf);
}

static void check_random(void) {
    for (int iter = 0; iter < 1500; iter++) {
        int ndim = rand() % 4;
        int64_t shape[3] = {1, 1, 1};
        for (int d = 0; d < ndim; d++) shape[d] = rand() % 8 == 0 ? 0 : rand() % 6 + 1;
        int dim = ndim ? rand() % ndim : 0;
        check_case(ndim, shape, dim, iter % 2, (iter / 2) % 2, rand() % 2, rand() % 3 == 0,
                   rand() % 4 == 0, rand() % 5 == 0 ? 500 : 3);
    }
    for (int64_t n = 0; n <= 257; n++)
        for (int dt = 0; dt < 2; dt++)
            for (int lg = 0; lg < 2; lg++) {
                int64_t s1[1] = {n}, s2[2] = {n, 5}, s3[2] = {3, n};
                check_case(1, s1, 0, dt, lg, n % 2, 0, n % 3 == 0, 3);
                if (n > 16 && n < 250 && n % 8 != 0) continue; /* the reference is quadratic */
                check_case(2, s2, 0, dt, lg, 0, 0, 0, 3);  /* dim outermost: tiled lines */
                check_case(2, s3, 1, dt, lg, 1, 0, 0, 3);
            }
    int64_t wide[2] = {7, 600}; /* more than one tile of lines */
    check_case(2, wide, 0, AGN_DTYPE_FLOAT32, 0, 0, 0, 1, 3);
    check_case(2, wide, 0, AGN_DTYPE_FLOAT64, 1, 0, 0, 0, 3);
}

static void check_special(void) {
    double x[4] = {1000, 1001, -INFINITY, 999}, o[4];
    int64_t s4[1] = {4}, st[1] = {1};
    agn_tensor tx = {x, s4, st, 1, AGN_DTYPE_FLOAT64}, to = {o, s4, st, 1, AGN_DTYPE_FLOAT64};
    CHECK(agn_softmax(&tx, 0, 0, &to) == AGN_OK);
    CHECK(close_to(o[1], 1.0 / (1 + exp(-1) + exp(-2)), 1e-14, 0) && o[2] == 0);
    CHECK(agn_softmax(&tx, 0, 1, &to) == AGN_OK);
    CHECK(o[2] == -INFINITY && close_to(o[0], -1 - log(1 + exp(-1) + exp(-2)), 1e-14, 0));
    x[3] = NAN;
    CHECK(agn_softmax(&tx, 0, 0, &to) == AGN_OK && isnan(o[0]) && isnan(o[1]) && isnan(o[2]));
    for (int i = 0; i < 4; i++) x[i] = -INFINITY;
    CHECK(agn_softmax(&tx, 0, 0, &to) == AGN_OK && isnan(o[0]));
    float fx = 3, fo = 0; /* 0-d: one line of length 1 */
    agn_tensor t0 = {&fx, NULL, NULL, 0, AGN_DTYPE_FLOAT32}, t0o = {&fo, NULL, NULL, 0, AGN_DTYPE_FLOAT32};
    CHECK(agn_softmax(&t0, 0, 0, &t0o) == AGN_OK && fo == 1);
    CHECK(agn_softmax(&t0, 0, 1, &t0o) == AGN_OK && fo == 0);
    CHECK(agn_softmax(&t0, 1, 0, &t0o) == AGN_ERR_INVALID_ARGUMENT);
}

static void check_errors(void) {
    float x[6] = {0}, o[6];
    int64_t s23[2] = {2, 3}, s32[2] = {3, 2}, st[2] = {3, 1}, st2[2] = {2, 1};
    int64_t xi[6] = {0};
    agn_tensor tx = {x, s23, st, 2, AGN_DTYPE_FLOAT32}, to = {o, s23, st, 2, AGN_DTYPE_FLOAT32};
    agn_tensor tb = {o, s32, st2, 2, AGN_DTYPE_FLOAT32}, td = {o, s23, st, 2, AGN_DTYPE_FLOAT64};
    agn_tensor ti = {xi, s23, st, 2, AGN_DTYPE_INT64};
    CHECK(agn_softmax(&tx, 1, 0, &to) == AGN_OK);
    CHECK(agn_softmax(&tx, 2, 0, &to) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_softmax(&tx, -1, 0, &to) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_softmax(&tx, 0, 0, &tb) == AGN_ERR_SHAPE);
    CHECK(agn_softmax(&tx, 0, 0, &td) == AGN_ERR_DTYPE);
    CHECK(agn_softmax(&ti, 0, 0, &ti) == AGN_ERR_DTYPE);
    CHECK(agn_softmax(NULL, 0, 0, &to) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_softmax_backward(&tx, &to, 0, 0, &to) == AGN_OK);
    CHECK(agn_softmax_backward(&tx, &tb, 0, 0, &to) == AGN_ERR_SHAPE);
    CHECK(agn_softmax_backward(&tx, &to, 0, 1, &td) == AGN_ERR_DTYPE);
    CHECK(agn_softmax_backward(&tx, &to, 5, 1, &to) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_softmax_backward(&tx, NULL, 0, 1, &to) == AGN_ERR_NULL_ARGUMENT);
}

static void check_threads(void) {
    const int64_t R = 512, C = 1000;
    float *x = malloc((size_t)(R * C) * 4), *o1 = malloc((size_t)(R * C) * 4), *o2 = malloc((size_t)(R * C) * 4);
    for (int64_t i = 0; i < R * C; i++) x[i] = (float)rand() / RAND_MAX * 10;
    int64_t s[2] = {R, C}, st[2] = {C, 1};
    agn_tensor tx = {x, s, st, 2, AGN_DTYPE_FLOAT32}, t1 = {o1, s, st, 2, AGN_DTYPE_FLOAT32}, t2 = {o2, s, st, 2, AGN_DTYPE_FLOAT32};
    int32_t threads = agn_get_num_threads();
    for (int dim = 0; dim < 2; dim++) {
        CHECK(agn_set_num_threads(1) == AGN_OK);
        CHECK(agn_softmax(&tx, dim, dim, &t1) == AGN_OK);
        CHECK(agn_set_num_threads(4) == AGN_OK);
        CHECK(agn_softmax(&tx, dim, dim, &t2) == AGN_OK);
        CHECK(memcmp(o1, o2, (size_t)(R * C) * 4) == 0);
    }
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    free(x); free(o1); free(o2);
}

int main(void) {
    srand(2024);
    /* every SIMD level: dense lines take the vectorised exp (softmax.c), the scalar level libm's */
    for (int32_t lv = 0; lv <= agn_simd_supported(); lv++) {
        CHECK(agn_set_simd_level(lv) == AGN_OK);
        check_random();
        check_special();
    }
    check_errors();
    check_threads();
    return check_summary("test_softmax");
}
