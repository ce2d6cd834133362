/* agn_unary, agn_copy, agn_where: every float op against a double reference for lengths 0..257,
 * contiguous / strided / unaligned / broadcast (stride 0) inputs and in place; integer and bool ops;
 * NaN/inf edge cases; all 16 copy conversions through transposed views; where; error statuses. */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double rnd(void) { return (double)rand() / RAND_MAX * 6.0 - 3.0; }

static double ref(int op, double x, double p0, double p1) {
    switch (op) {
    case AGN_UNARY_NEG: return -x;
    case AGN_UNARY_EXP: return exp(x);
    case AGN_UNARY_LOG: return log(x);
    case AGN_UNARY_LOG1P: return log1p(x);
    case AGN_UNARY_SQRT: return sqrt(x);
    case AGN_UNARY_RSQRT: return 1.0 / sqrt(x);
    case AGN_UNARY_ABS: return fabs(x);
    case AGN_UNARY_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case AGN_UNARY_SIN: return sin(x);
    case AGN_UNARY_COS: return cos(x);
    case AGN_UNARY_TANH: return tanh(x);
    case AGN_UNARY_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case AGN_UNARY_RELU: return x > 0 ? x : 0;
    case AGN_UNARY_CLAMP: { double r = x < p0 ? p0 : x; return r > p1 ? p1 : r; }
    case AGN_UNARY_POW_SCALAR: return pow(x, p0);
    case AGN_UNARY_FILL: return p0;
    case AGN_UNARY_AFFINE: return x * p0 + p1;
    case AGN_UNARY_FLOOR: return floor(x);
    case AGN_UNARY_TRUNC: return trunc(x);
    }
    return NAN;
}

/* A value in op's domain. */
static double domain(int op) {
    double v = rnd();
    if (op == AGN_UNARY_LOG || op == AGN_UNARY_SQRT || op == AGN_UNARY_RSQRT ||
        op == AGN_UNARY_POW_SCALAR)
        return fabs(v) + 0.01;
    if (op == AGN_UNARY_LOG1P) return fabs(v) - 0.9;
    return v;
}

static const double P0[3] = {-1.0, 2.0, 0.5}, P1[3] = {1.5, 0.25, 0};

/* One run: n elements of dtype (FLOAT32/64), x strided by `step` (0 = broadcast), x offset by one
 * byte when unaligned, out contiguous or (inplace) aliasing a contiguous x. */
static void check_float(int op, int dtype, int64_t n, int64_t step, int unaligned, int inplace, int pi) {
    const int64_t es = dtype == AGN_DTYPE_FLOAT32 ? 4 : 8;
    const int64_t cnt = step == 0 ? 1 : n * step;
    char *xbuf = malloc((size_t)((cnt + 1) * es + 1)), *obuf = malloc((size_t)((n + 1) * es + 1));
    char *x = xbuf + (unaligned ? 1 : 0), *o = inplace ? x : obuf + (unaligned ? 3 : 0);
    double xv[258];
    for (int64_t i = 0; i < n; i++) {
        xv[i] = step == 0 && i > 0 ? xv[0] : domain(op);
        if (dtype == AGN_DTYPE_FLOAT32) {
            float f = (float)xv[i];
            xv[i] = f;
            memcpy(x + i * step * es, &f, 4);
        } else {
            memcpy(x + i * step * es, &xv[i], 8);
        }
    }
    int64_t shape[1] = {n}, sx[1] = {step}, so[1] = {inplace ? step : 1};
    agn_tensor tx = {x, shape, sx, 1, dtype}, to = {o, shape, so, 1, dtype};
    CHECK(agn_unary(op, &tx, &to, P0[pi], P1[pi]) == AGN_OK);
    const double rtol = dtype == AGN_DTYPE_FLOAT32 ? 2e-6 : 1e-14;
    for (int64_t i = 0; i < n; i++) {
        double got;
        if (dtype == AGN_DTYPE_FLOAT32) {
            float f;
            memcpy(&f, o + i * so[0] * es, 4);
            got = f;
        } else {
            memcpy(&got, o + i * so[0] * es, 8);
        }
        double p0 = P0[pi], p1 = P1[pi];
        if (dtype == AGN_DTYPE_FLOAT32) { p0 = (float)p0; p1 = (float)p1; }
        double want = ref(op, xv[i], p0, p1);
        if (dtype == AGN_DTYPE_FLOAT32) want = (float)want;
        CHECK(close_to(got, want, rtol, rtol * 1e-2));
    }
    free(xbuf);
    free(obuf);
}

static double un1(int op, int dtype, double x, double p0, double p1) {
    int64_t shape[1] = {1}, st[1] = {1};
    if (dtype == AGN_DTYPE_FLOAT32) {
        float xf = (float)x, of = -7;
        agn_tensor tx = {&xf, shape, st, 1, dtype}, to = {&of, shape, st, 1, dtype};
        if (agn_unary(op, &tx, &to, p0, p1) != AGN_OK) return -12345;
        return of;
    }
    double od = -7;
    agn_tensor tx = {&x, shape, st, 1, dtype}, to = {&od, shape, st, 1, dtype};
    if (agn_unary(op, &tx, &to, p0, p1) != AGN_OK) return -12345;
    return od;
}

static void check_special(void) {
    for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++) {
        CHECK(un1(AGN_UNARY_SIGN, dt, NAN, 0, 0) == 0); /* PyTorch: sign(nan) = 0 */
        CHECK(un1(AGN_UNARY_SIGN, dt, 0.0, 0, 0) == 0);
        CHECK(un1(AGN_UNARY_SIGN, dt, -INFINITY, 0, 0) == -1);
        CHECK(isnan(un1(AGN_UNARY_RELU, dt, NAN, 0, 0)));
        CHECK(un1(AGN_UNARY_RELU, dt, -INFINITY, 0, 0) == 0);
        CHECK(isnan(un1(AGN_UNARY_CLAMP, dt, NAN, -1, 1)));
        CHECK(un1(AGN_UNARY_CLAMP, dt, 5, NAN, 1) == 1);       /* NaN min: no lower bound */
        CHECK(un1(AGN_UNARY_CLAMP, dt, -5, NAN, 1) == -5);
        CHECK(un1(AGN_UNARY_CLAMP, dt, -5, -1, NAN) == -1);    /* NaN max: no upper bound */
        CHECK(un1(AGN_UNARY_CLAMP, dt, 1e30, NAN, NAN) == (dt ? 1e30 : (float)1e30));
        CHECK(un1(AGN_UNARY_CLAMP, dt, 0, 3, 2) == 2);         /* min > max gives max */
        CHECK(un1(AGN_UNARY_SIGMOID, dt, 1000, 0, 0) == 1);
        CHECK(un1(AGN_UNARY_SIGMOID, dt, -1000, 0, 0) == 0);
        CHECK(un1(AGN_UNARY_SIGMOID, dt, INFINITY, 0, 0) == 1);
        CHECK(un1(AGN_UNARY_SIGMOID, dt, -INFINITY, 0, 0) == 0);
        CHECK(close_to(un1(AGN_UNARY_SIGMOID, dt, -80, 0, 0), 1.0 / (1.0 + exp(80)), dt ? 1e-14 : 1e-6, 0));
        CHECK(isnan(un1(AGN_UNARY_SIGMOID, dt, NAN, 0, 0)));
        CHECK(un1(AGN_UNARY_RSQRT, dt, 0.0, 0, 0) == INFINITY);
        CHECK(isnan(un1(AGN_UNARY_LOG, dt, -1, 0, 0)));
        CHECK(un1(AGN_UNARY_POW_SCALAR, dt, -2, 3, 0) == -8);
        CHECK(un1(AGN_UNARY_POW_SCALAR, dt, 4, -0.5, 0) == 0.5);
        CHECK(un1(AGN_UNARY_LOGICAL_NOT, dt, 1, 0, 0) == -12345); /* BOOL only */
    }
    /* FILL ignores x entirely (may be NULL) and broadcasts into a strided out. */
    double o[6] = {0};
    int64_t s3[1] = {3}, st2[1] = {2};
    agn_tensor to = {o, s3, st2, 1, AGN_DTYPE_FLOAT64};
    CHECK(agn_unary(AGN_UNARY_FILL, NULL, &to, 2.5, 0) == AGN_OK);
    CHECK(o[0] == 2.5 && o[1] == 0 && o[2] == 2.5 && o[4] == 2.5 && o[5] == 0);
    /* scalar (ndim 0) tensors */
    float xs = 4, os = 0;
    agn_tensor txs = {&xs, NULL, NULL, 0, AGN_DTYPE_FLOAT32}, tos = {&os, NULL, NULL, 0, AGN_DTYPE_FLOAT32};
    CHECK(agn_unary(AGN_UNARY_SQRT, &txs, &tos, 0, 0) == AGN_OK && os == 2);
}

static void check_int_bool(void) {
    int64_t x[6] = {-5, 0, 7, INT64_MIN, INT64_MAX, 3}, o[6];
    int64_t shape[1] = {6}, st[1] = {1};
    agn_tensor tx = {x, shape, st, 1, AGN_DTYPE_INT64}, to = {o, shape, st, 1, AGN_DTYPE_INT64};
    CHECK(agn_unary(AGN_UNARY_NEG, &tx, &to, 0, 0) == AGN_OK);
    CHECK(o[0] == 5 && o[1] == 0 && o[2] == -7 && o[3] == INT64_MIN && o[4] == -INT64_MAX);
    CHECK(agn_unary(AGN_UNARY_ABS, &tx, &to, 0, 0) == AGN_OK);
    CHECK(o[0] == 5 && o[2] == 7 && o[3] == INT64_MIN && o[4] == INT64_MAX);
    CHECK(agn_unary(AGN_UNARY_SIGN, &tx, &to, 0, 0) == AGN_OK);
    CHECK(o[0] == -1 && o[1] == 0 && o[2] == 1 && o[3] == -1 && o[4] == 1);
    CHECK(agn_unary(AGN_UNARY_CLAMP, &tx, &to, -2.5, 4.5) == AGN_OK); /* bounds round inward: [-2, 4] */
    CHECK(o[0] == -2 && o[1] == 0 && o[2] == 4 && o[3] == -2 && o[4] == 4 && o[5] == 3);
    CHECK(agn_unary(AGN_UNARY_CLAMP, &tx, &to, NAN, 1) == AGN_OK);
    CHECK(o[0] == -5 && o[3] == INT64_MIN && o[4] == 1);
    CHECK(agn_unary(AGN_UNARY_AFFINE, &tx, &to, 3, -1) == AGN_OK);
    CHECK(o[0] == -16 && o[1] == -1 && o[2] == 20 && o[5] == 8);
    CHECK(agn_unary(AGN_UNARY_AFFINE, &tx, &to, 0.5, 0) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_unary(AGN_UNARY_FILL, &tx, &to, -7.9, 0) == AGN_OK);
    CHECK(o[0] == -7 && o[5] == -7);
    CHECK(agn_unary(AGN_UNARY_FILL, &tx, &to, NAN, 0) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_unary(AGN_UNARY_EXP, &tx, &to, 0, 0) == AGN_ERR_DTYPE);
    CHECK(agn_unary(AGN_UNARY_RELU, &tx, &to, 0, 0) == AGN_ERR_DTYPE);
    /* in place, strided */
    int64_t s3[1] = {3}, st2[1] = {2};
    agn_tensor tv = {x, s3, st2, 1, AGN_DTYPE_INT64};
    CHECK(agn_unary(AGN_UNARY_NEG, &tv, &tv, 0, 0) == AGN_OK);
    CHECK(x[0] == 5 && x[1] == 0 && x[2] == -7 && x[3] == INT64_MIN && x[4] == -INT64_MAX);

    uint8_t b[4] = {0, 1, 1, 0}, ob[4];
    int64_t s4[1] = {4};
    agn_tensor tb = {b, s4, st, 1, AGN_DTYPE_BOOL}, tob = {ob, s4, st, 1, AGN_DTYPE_BOOL};
    CHECK(agn_unary(AGN_UNARY_LOGICAL_NOT, &tb, &tob, 0, 0) == AGN_OK);
    CHECK(ob[0] == 1 && ob[1] == 0 && ob[2] == 0 && ob[3] == 1);
    CHECK(agn_unary(AGN_UNARY_FILL, &tb, &tob, NAN, 0) == AGN_OK && ob[0] == 1 && ob[3] == 1);
    CHECK(agn_unary(AGN_UNARY_FILL, NULL, &tob, 0, 0) == AGN_OK && ob[0] == 0 && ob[3] == 0);
    CHECK(agn_unary(AGN_UNARY_NEG, &tb, &tob, 0, 0) == AGN_ERR_DTYPE);
}

static void check_unary_errors(void) {
    float a[3] = {1, 2, 3};
    int64_t s2[1] = {2}, s3[1] = {3}, st[1] = {1}, neg[1] = {-1};
    agn_tensor t2 = {a, s2, st, 1, AGN_DTYPE_FLOAT32}, t3 = {a, s3, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor td = {a, s2, st, 1, AGN_DTYPE_FLOAT64}, tn = {a, neg, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor tbad = {a, s2, st, 1, 42}, tnull = {NULL, s2, st, 1, AGN_DTYPE_FLOAT32};
    CHECK(agn_unary(AGN_UNARY_EXP, &t2, &t3, 0, 0) == AGN_ERR_SHAPE);
    CHECK(agn_unary(AGN_UNARY_EXP, &t2, &td, 0, 0) == AGN_ERR_DTYPE);
    CHECK(agn_unary(AGN_UNARY_EXP, &tn, &tn, 0, 0) == AGN_ERR_SHAPE);
    CHECK(agn_unary(AGN_UNARY_EXP, &tbad, &tbad, 0, 0) == AGN_ERR_DTYPE);
    CHECK(agn_unary(AGN_UNARY_EXP, &tnull, &t2, 0, 0) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_unary(AGN_UNARY_EXP, NULL, &t2, 0, 0) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_unary(AGN_UNARY_FILL, NULL, NULL, 0, 0) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_unary(-1, &t2, &t2, 0, 0) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_unary(AGN_UNARY_SINC + 1, &t2, &t2, 0, 0) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_unary(AGN_UNARY_ROUND, &t2, &t2, 0.5, 0) == AGN_ERR_INVALID_ARGUMENT);      /* decimals integral */
    CHECK(agn_unary(AGN_UNARY_POLYGAMMA, &t2, &t2, -1, 0) == AGN_ERR_INVALID_ARGUMENT);   /* n >= 0 */
    int64_t z[1] = {0};
    agn_tensor te = {NULL, z, st, 1, AGN_DTYPE_FLOAT32}; /* empty: NULL data is fine */
    CHECK(agn_unary(AGN_UNARY_EXP, &te, &te, 0, 0) == AGN_OK);
}

/* Stores v into element i of a dtype buffer / loads it back as double. */
static void put(void *p, int dt, int64_t i, double v) {
    switch (dt) {
    case AGN_DTYPE_FLOAT32: { float f = (float)v; memcpy((char *)p + i * 4, &f, 4); } break;
    case AGN_DTYPE_FLOAT64: memcpy((char *)p + i * 8, &v, 8); break;
    case AGN_DTYPE_INT64: { int64_t k = (int64_t)v; memcpy((char *)p + i * 8, &k, 8); } break;
    case AGN_DTYPE_BOOL: ((uint8_t *)p)[i] = v != 0; break;
    }
}
static double get(const void *p, int dt, int64_t i) {
    float f; double d; int64_t k;
    switch (dt) {
    case AGN_DTYPE_FLOAT32: memcpy(&f, (const char *)p + i * 4, 4); return f;
    case AGN_DTYPE_FLOAT64: memcpy(&d, (const char *)p + i * 8, 8); return d;
    case AGN_DTYPE_INT64: memcpy(&k, (const char *)p + i * 8, 8); return (double)k;
    case AGN_DTYPE_BOOL: return ((const uint8_t *)p)[i];
    }
    return NAN;
}
static double convert(double v, int dt) {
    switch (dt) {
    case AGN_DTYPE_FLOAT32: return (float)v;
    case AGN_DTYPE_INT64: return trunc(v);
    case AGN_DTYPE_BOOL: return v != 0;
    }
    return v;
}

/* Every dtype pair: a [5,7] source read through its transpose [7,5] into an unaligned
 * contiguous out, and a broadcast (stride 0) row. */
static void check_copy(void) {
    for (int sd = 0; sd < 4; sd++)
        for (int od = 0; od < 4; od++) {
            char sbuf[5 * 7 * 8 + 1], obuf[7 * 5 * 8 + 1];
            char *s = sbuf + 1, *o = obuf + 1;
            for (int64_t i = 0; i < 35; i++) put(s, sd, i, (i % 4 == 0) ? 0 : (double)(i - 17) * 0.75);
            int64_t shape[2] = {7, 5}, sst[2] = {1, 7}, ost[2] = {5, 1};
            agn_tensor ts = {s, shape, sst, 2, sd}, to = {o, shape, ost, 2, od};
            CHECK(agn_copy(&ts, &to) == AGN_OK);
            for (int64_t r = 0; r < 7; r++)
                for (int64_t c = 0; c < 5; c++)
                    CHECK(get(o, od, r * 5 + c) == convert(get(s, sd, c * 7 + r), od));
            int64_t bst[2] = {0, 1};
            agn_tensor tb = {s, shape, bst, 2, sd};
            CHECK(agn_copy(&tb, &to) == AGN_OK);
            for (int64_t r = 0; r < 7; r++)
                for (int64_t c = 0; c < 5; c++)
                    CHECK(get(o, od, r * 5 + c) == convert(get(s, sd, c), od));
        }
    /* float -> int64 out of range or NaN is x86's INT64_MIN (as LibTorch on x86); NaN -> bool true;
     * bool bytes > 1 read as true. */
    double src[6] = {NAN, INFINITY, -INFINITY, 1e300, -2.9, 2.9};
    int64_t dst[6];
    uint8_t bo[6];
    int64_t s6[1] = {6}, st[1] = {1};
    agn_tensor ts = {src, s6, st, 1, AGN_DTYPE_FLOAT64}, ti = {dst, s6, st, 1, AGN_DTYPE_INT64};
    agn_tensor tbo = {bo, s6, st, 1, AGN_DTYPE_BOOL};
    CHECK(agn_copy(&ts, &ti) == AGN_OK);
    CHECK(dst[0] == INT64_MIN && dst[1] == INT64_MIN && dst[2] == INT64_MIN && dst[3] == INT64_MIN);
    CHECK(dst[4] == -2 && dst[5] == 2);
    CHECK(agn_copy(&ts, &tbo) == AGN_OK && bo[0] == 1 && bo[1] == 1);
    uint8_t weird[2] = {2, 0};
    float wf[2];
    int64_t s2[1] = {2};
    agn_tensor tw = {weird, s2, st, 1, AGN_DTYPE_BOOL}, twf = {wf, s2, st, 1, AGN_DTYPE_FLOAT32};
    CHECK(agn_copy(&tw, &twf) == AGN_OK && wf[0] == 1 && wf[1] == 0);
    /* same dtype, contiguous, in place is allowed */
    CHECK(agn_copy(&ts, &ts) == AGN_OK && src[5] == 2.9);
    int64_t s5[1] = {5};
    agn_tensor t5 = {dst, s5, st, 1, AGN_DTYPE_INT64};
    CHECK(agn_copy(&ts, &t5) == AGN_ERR_SHAPE);
    CHECK(agn_copy(NULL, &t5) == AGN_ERR_NULL_ARGUMENT);
}

static void check_where(void) {
    for (int dt = 0; dt < 4; dt++) {
        char a[12 * 8 + 1], b[12 * 8], o[12 * 8 + 3];
        uint8_t c[4] = {1, 0, 0, 1};
        for (int64_t i = 0; i < 12; i++) { put(a + 1, dt, i, (double)i + 1); put(b, dt, i, -(double)i); }
        /* cond [4] broadcast over rows of a [3,4]; b transposed from a [4,3] buffer */
        int64_t shape[2] = {3, 4}, sc[2] = {0, 1}, sa[2] = {4, 1}, sb[2] = {1, 3};
        agn_tensor tc = {c, shape, sc, 2, AGN_DTYPE_BOOL}, ta = {a + 1, shape, sa, 2, dt};
        agn_tensor tb = {b, shape, sb, 2, dt}, to = {o + 3, shape, sa, 2, dt};
        CHECK(agn_where(&tc, &ta, &tb, &to) == AGN_OK);
        for (int64_t r = 0; r < 3; r++)
            for (int64_t k = 0; k < 4; k++) {
                double want = c[k] ? get(a + 1, dt, r * 4 + k) : get(b, dt, k * 3 + r);
                CHECK(get(o + 3, dt, r * 4 + k) == want);
            }
        CHECK(agn_where(&ta, &ta, &tb, &to) == (dt == AGN_DTYPE_BOOL ? AGN_OK : AGN_ERR_DTYPE));
    }
    float f[2];
    double d[2];
    uint8_t c[2] = {1, 0};
    int64_t s2[1] = {2}, s1[1] = {1}, st[1] = {1};
    agn_tensor tc = {c, s2, st, 1, AGN_DTYPE_BOOL}, tf = {f, s2, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor td = {d, s2, st, 1, AGN_DTYPE_FLOAT64}, t1 = {f, s1, st, 1, AGN_DTYPE_FLOAT32};
    CHECK(agn_where(&tc, &tf, &td, &tf) == AGN_ERR_DTYPE);
    CHECK(agn_where(&tc, &tf, &t1, &tf) == AGN_ERR_SHAPE);
    CHECK(agn_where(&tc, &tf, NULL, &tf) == AGN_ERR_NULL_ARGUMENT);
}

/* The rounding and special functions against values from their definitions and identities. */
static void check_op_tail(void) {
    const double pi = 3.14159265358979323846;
    for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++) {
        const double tol = dt == AGN_DTYPE_FLOAT32 ? 1e-6 : 1e-15;
        CHECK(un1(AGN_UNARY_CEIL, dt, 1.2, 0, 0) == 2 && un1(AGN_UNARY_CEIL, dt, -1.2, 0, 0) == -1);
        CHECK(un1(AGN_UNARY_ROUND, dt, 2.5, 0, 0) == 2 && un1(AGN_UNARY_ROUND, dt, -1.5, 0, 0) == -2); /* half to even */
        CHECK(un1(AGN_UNARY_ROUND, dt, 175, -1, 0) == 180 && un1(AGN_UNARY_ROUND, dt, 165, -1, 0) == 160);
        CHECK(close_to(un1(AGN_UNARY_ROUND, dt, 1.2345, 2, 0), 1.23, tol, 0));
        CHECK(un1(AGN_UNARY_FRAC, dt, -1.25, 0, 0) == -0.25);
        CHECK(un1(AGN_UNARY_RECIPROCAL, dt, 4, 0, 0) == 0.25);
        CHECK(un1(AGN_UNARY_SINC, dt, 0, 0, 0) == 1 && close_to(un1(AGN_UNARY_SINC, dt, 0.5, 0, 0), 2 / pi, tol, 0));
        CHECK(close_to(un1(AGN_UNARY_LGAMMA, dt, 0.5, 0, 0), log(sqrt(pi)), tol, 0));
        CHECK(close_to(un1(AGN_UNARY_POLYGAMMA, dt, 1, 0, 0), -0.57721566490153286061, tol, 0)); /* -Euler's gamma */
        CHECK(close_to(un1(AGN_UNARY_POLYGAMMA, dt, 1, 1, 0), pi * pi / 6, dt == AGN_DTYPE_FLOAT32 ? 1e-6 : 1e-9, 0));
        CHECK(close_to(un1(AGN_UNARY_POLYGAMMA, dt, 1, 2, 0), -2 * 1.2020569031595942854, tol * 10, 0)); /* -2 zeta(3) */
        CHECK(close_to(un1(AGN_UNARY_POLYGAMMA, dt, 1, 3, 0), pi * pi * pi * pi / 15, tol * 10, 0));      /* 6 zeta(4) */
        CHECK(un1(AGN_UNARY_ERFINV, dt, 1, 0, 0) == INFINITY && un1(AGN_UNARY_ERFINV, dt, -1, 0, 0) == -INFINITY);
        CHECK(isnan(un1(AGN_UNARY_ERFINV, dt, 1.5, 0, 0)) && isnan(un1(AGN_UNARY_POLYGAMMA, dt, -2, 0, 0)));
    }
    /* erf(erfinv(y)) = y across the domain, the tails through erfc */
    for (double y = -0.999; y < 1; y += 0.0371) CHECK(close_to(erf(un1(AGN_UNARY_ERFINV, AGN_DTYPE_FLOAT64, y, 0, 0)), y, 1e-15, 1e-16));
    for (double e = 1e-3; e > 1e-15; e /= 10) {
        const double y = 1 - e; /* 1 - y is exact (Sterbenz) */
        CHECK(close_to(erfc(un1(AGN_UNARY_ERFINV, AGN_DTYPE_FLOAT64, y, 0, 0)), 1 - y, 1e-13, 0));
    }
    /* psi(x + 1) = psi(x) + 1/x, both sides of zero */
    for (double x = -4.7; x < 30; x += 0.61) {
        double a = un1(AGN_UNARY_POLYGAMMA, AGN_DTYPE_FLOAT64, x + 1, 0, 0), b = un1(AGN_UNARY_POLYGAMMA, AGN_DTYPE_FLOAT64, x, 0, 0);
        CHECK(close_to(a, b + 1 / x, 1e-12, 1e-12));
    }
}

int main(void) {
    srand(4321);
    check_op_tail();
    for (int op = AGN_UNARY_NEG; op <= AGN_UNARY_AFFINE; op++)
        for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++)
            for (int64_t n = 0; n <= 257; n++) {
                int pi = (int)(n % 3);
                check_float(op, dt, n, 1, 0, 0, pi);
                check_float(op, dt, n, 3, 1, 0, pi);
                check_float(op, dt, n, 0, 1, 0, pi);
                check_float(op, dt, n, 1, 1, 1, pi);
                check_float(op, dt, n, 2, 0, 1, pi);
            }
    for (int op = AGN_UNARY_FLOOR; op <= AGN_UNARY_TRUNC; op++)
        for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++)
            for (int64_t n = 0; n <= 257; n++) {
                check_float(op, dt, n, 1, 0, 0, 0);
                check_float(op, dt, n, 3, 1, 0, 0);
                check_float(op, dt, n, 1, 1, 1, 0);
            }
    check_special();
    check_int_bool();
    check_unary_errors();
    check_copy();
    check_where();
    return check_summary("test_unary");
}
