/* agn_binary: every op against a scalar reference, lengths 0..257, contiguous, strided, broadcast
 * and unaligned operands, and every SIMD level against the scalar one; outputs on fresh pages. */
#define _DEFAULT_SOURCE
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fresh_output.h"

static double ref(int op, double a, double b) {
    switch (op) {
    case AGN_BINARY_ADD: return a + b;
    case AGN_BINARY_SUB: return a - b;
    case AGN_BINARY_MUL: return a * b;
    case AGN_BINARY_DIV: return a / b;
    case AGN_BINARY_POW: return pow(a, b);
    case AGN_BINARY_MAXIMUM: return (isnan(a) || a > b) ? a : b;
    case AGN_BINARY_MINIMUM: return (isnan(a) || a < b) ? a : b;
    case AGN_BINARY_EQ: return a == b;
    case AGN_BINARY_NE: return a != b;
    case AGN_BINARY_LT: return a < b;
    case AGN_BINARY_LE: return a <= b;
    case AGN_BINARY_GT: return a > b;
    case AGN_BINARY_GE: return a >= b;
    case AGN_BINARY_LOGICAL_AND: return a != 0 && b != 0;
    case AGN_BINARY_LOGICAL_OR: return a != 0 || b != 0;
    case AGN_BINARY_RELU_BACKWARD: return b <= 0 ? 0 : a; /* NaN b passes a */
    }
    return NAN;
}

static int is_cmp(int op) { return op >= AGN_BINARY_EQ && op <= AGN_BINARY_LOGICAL_OR; }

static double rnd(void) { return (double)rand() / RAND_MAX * 4.0 - 2.0; }

/* Runs op on n float64 values with a stride of `step` elements (a is offset by one byte when
 * `unaligned`), and checks every element against ref(). */
static void check_f64(int op, int64_t n, int64_t step, int unaligned, int broadcast_b) {
    char *abuf = malloc((size_t)(n * step + 1) * 8 + 1), *bbuf = malloc((size_t)(n * step + 1) * 8);
    double *o = malloc((size_t)(n + 1) * 8);
    unsigned char *ob = malloc((size_t)n + 1);
    double *a = (double *)(abuf + (unaligned ? 1 : 0)), *b = (double *)bbuf;
    double av[300], bv[300];
    for (int64_t i = 0; i < n; i++) {
        av[i] = rnd();
        bv[i] = op == AGN_BINARY_POW ? fabs(av[i]) + 0.5 : rnd();
        if (op == AGN_BINARY_POW) { double t = av[i]; av[i] = fabs(t) + 0.1; }
        if (i % 7 == 3) bv[i] = av[i]; /* exercise equality */
        memcpy(&a[i * step], &av[i], 8);
        memcpy(&b[i * step], &bv[i], 8);
    }
    int64_t shape[1] = {n}, sa[1] = {step}, sb[1] = {broadcast_b ? 0 : step}, so[1] = {1};
    agn_tensor ta = {a, shape, sa, 1, AGN_DTYPE_FLOAT64};
    agn_tensor tb = {b, shape, sb, 1, AGN_DTYPE_FLOAT64};
    agn_tensor to = {is_cmp(op) ? (void *)ob : (void *)o, shape, so, 1,
                     is_cmp(op) ? AGN_DTYPE_BOOL : AGN_DTYPE_FLOAT64};
    CHECK(agn_binary(op, &ta, &tb, &to) == AGN_OK);
    for (int64_t i = 0; i < n; i++) {
        double bb = broadcast_b ? bv[0] : bv[i];
        double want = ref(op, av[i], bb);
        double got = is_cmp(op) ? ob[i] : o[i];
        CHECK(close_to(got, want, 1e-15, 0));
    }
    free(abuf); free(bbuf); free(o); free(ob);
}

/* float32 result at the active SIMD level equals the scalar level bit for bit for add/mul/sub/div,
 * across every length 0..257 and with an unaligned input. */
static void check_simd_equals_scalar(int op) {
    for (int64_t n = 0; n <= 257; n++) {
        char *abuf = malloc((size_t)n * 4 + 8);
        float *a = (float *)(abuf + 1), b[258], o1[258], o2[258];
        for (int64_t i = 0; i < n; i++) {
            float x = (float)rnd(), y = (float)rnd() + 3.0f;
            memcpy(&a[i], &x, 4);
            b[i] = y;
        }
        int64_t shape[1] = {n}, st[1] = {1};
        agn_tensor ta = {a, shape, st, 1, AGN_DTYPE_FLOAT32}, tb = {b, shape, st, 1, AGN_DTYPE_FLOAT32};
        agn_tensor t1 = {o1, shape, st, 1, AGN_DTYPE_FLOAT32}, t2 = {o2, shape, st, 1, AGN_DTYPE_FLOAT32};
        int32_t level = agn_simd_supported();
        CHECK(agn_set_simd_level(AGN_SIMD_SCALAR) == AGN_OK);
        CHECK(agn_binary(op, &ta, &tb, &t1) == AGN_OK);
        CHECK(agn_set_simd_level(level) == AGN_OK);
        CHECK(agn_binary(op, &ta, &tb, &t2) == AGN_OK);
        CHECK(memcmp(o1, o2, (size_t)n * 4) == 0);
        free(abuf);
    }
}

static void check_broadcast_2d(void) {
    /* [2,3] + [3] broadcast along dim 0 */
    float a[6] = {1, 2, 3, 4, 5, 6}, b[3] = {10, 20, 30}, o[6];
    int64_t shape[2] = {2, 3}, sa[2] = {3, 1}, sb[2] = {0, 1};
    agn_tensor ta = {a, shape, sa, 2, AGN_DTYPE_FLOAT32}, tb = {b, shape, sb, 2, AGN_DTYPE_FLOAT32};
    agn_tensor to = {o, shape, sa, 2, AGN_DTYPE_FLOAT32};
    CHECK(agn_binary(AGN_BINARY_ADD, &ta, &tb, &to) == AGN_OK);
    float want[6] = {11, 22, 33, 14, 25, 36};
    CHECK(memcmp(o, want, sizeof want) == 0);
    /* transposed (non-contiguous) a: a^T is [3,2] with strides [1,3] */
    int64_t tshape[2] = {3, 2}, tsa[2] = {1, 3}, tso[2] = {2, 1}, tsb[2] = {0, 0};
    float two = 2.0f, ot[6];
    agn_tensor tat = {a, tshape, tsa, 2, AGN_DTYPE_FLOAT32}, tbs = {&two, tshape, tsb, 2, AGN_DTYPE_FLOAT32};
    agn_tensor tot = {ot, tshape, tso, 2, AGN_DTYPE_FLOAT32};
    CHECK(agn_binary(AGN_BINARY_MUL, &tat, &tbs, &tot) == AGN_OK);
    float wantt[6] = {2, 8, 4, 10, 6, 12};
    CHECK(memcmp(ot, wantt, sizeof wantt) == 0);
}

static void check_large_parallel(void) {
    /* Above the grain size the work is split across threads; results equal the 1-thread run. */
    int64_t n = 1000003;
    float *a = malloc((size_t)n * 4), *o1 = malloc((size_t)n * 4), *o2 = malloc((size_t)n * 4);
    for (int64_t i = 0; i < n; i++) a[i] = (float)(i % 1000) * 0.001f;
    int64_t shape[1] = {n}, st[1] = {1};
    agn_tensor ta = {a, shape, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor t1 = {o1, shape, st, 1, AGN_DTYPE_FLOAT32}, t2 = {o2, shape, st, 1, AGN_DTYPE_FLOAT32};
    int32_t threads = agn_get_num_threads();
    CHECK(agn_set_num_threads(1) == AGN_OK);
    CHECK(agn_binary(AGN_BINARY_MUL, &ta, &ta, &t1) == AGN_OK);
    CHECK(agn_set_num_threads(4) == AGN_OK);
    CHECK(agn_binary(AGN_BINARY_MUL, &ta, &ta, &t2) == AGN_OK);
    CHECK(memcmp(o1, o2, (size_t)n * 4) == 0);
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    free(a); free(o1); free(o2);
}

/* An output on freshly mapped pages (flat_run prefaults them, prefault.c) gets the same bits as one in
 * ordinary memory, and the bytes around it on the same pages are untouched, with 1 and 2 threads. */
static void check_fresh_output(void) {
#if defined(__linux__)
    const int64_t n = 300007;
    const size_t bytes = (size_t)n * 4;
    float *a = malloc(bytes), *o = malloc(bytes);
    for (int64_t i = 0; i < n; i++) a[i] = (float)(i % 1000) * 0.001f - 0.3f;
    int64_t shape[1] = {n}, st[1] = {1};
    agn_tensor ta = {a, shape, st, 1, AGN_DTYPE_FLOAT32}, to = {o, shape, st, 1, AGN_DTYPE_FLOAT32};
    int32_t threads = agn_get_num_threads();
    for (int32_t t = 1; t <= 2; t++) {
        CHECK(agn_set_num_threads(t) == AGN_OK);
        CHECK(agn_binary(AGN_BINARY_MUL, &ta, &ta, &to) == AGN_OK);
        fresh_output f;
        CHECK(fresh_output_map(&f, bytes));
        if (!f.data) continue;
        agn_tensor tf = to;
        tf.data = f.data;
        CHECK(agn_binary(AGN_BINARY_MUL, &ta, &ta, &tf) == AGN_OK);
        CHECK(memcmp(f.data, o, bytes) == 0);
        CHECK(fresh_output_intact(&f));
        fresh_output_unmap(&f);
    }
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    free(a), free(o);
#endif
}

/* Contiguous work runs in blocks of 4 KB of output (flat_run in iter.c, prefetching ahead of the
 * stores): every element of a float and a bool output spanning several blocks and a ragged tail is
 * right, serially and with threads, an in-place output (no prefetch) and a broadcast one too. */
static void check_blocks(void) {
    int64_t n = 3 * 4096 + 5, shape[1] = {n}, st[1] = {1};
    float *a = malloc((size_t)n * 4), *b = malloc((size_t)n * 4), *o = malloc((size_t)n * 4);
    uint8_t *ob = malloc((size_t)n);
    for (int64_t i = 0; i < n; i++) a[i] = (float)(i % 97) - 40.0f, b[i] = (float)(i % 89) - 30.0f;
    agn_tensor ta = {a, shape, st, 1, AGN_DTYPE_FLOAT32}, tb = {b, shape, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor to = {o, shape, st, 1, AGN_DTYPE_FLOAT32}, tob = {ob, shape, st, 1, AGN_DTYPE_BOOL};
    int32_t threads = agn_get_num_threads();
    for (int32_t t = 1; t <= 2; t++) {
        CHECK(agn_set_num_threads(t) == AGN_OK);
        int bad = 0;
        CHECK(agn_binary(AGN_BINARY_MUL, &ta, &tb, &to) == AGN_OK);
        for (int64_t i = 0; i < n; i++) bad |= o[i] != a[i] * b[i];
        CHECK(agn_binary(AGN_BINARY_GT, &ta, &tb, &tob) == AGN_OK);
        for (int64_t i = 0; i < n; i++) bad |= ob[i] != (a[i] > b[i]);
        CHECK(agn_binary(AGN_BINARY_ADD, &to, &ta, &to) == AGN_OK); /* o += a, in place */
        for (int64_t i = 0; i < n; i++) bad |= o[i] != a[i] * b[i] + a[i];
        /* a row broadcast (a bias added to a batch) takes the strided iterator, which prefetches too */
        int64_t rs[2] = {n / 301, 301}, rst[2] = {301, 1}, bst[2] = {0, 1};
        agn_tensor tr = {a, rs, rst, 2, AGN_DTYPE_FLOAT32}, tbias = {b, rs, bst, 2, AGN_DTYPE_FLOAT32};
        agn_tensor tor = {o, rs, rst, 2, AGN_DTYPE_FLOAT32};
        CHECK(agn_binary(AGN_BINARY_ADD, &tr, &tbias, &tor) == AGN_OK);
        for (int64_t i = 0; i < rs[0] * 301; i++) bad |= o[i] != a[i] + b[i % 301];
        CHECK(!bad);
    }
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    free(a), free(b), free(o), free(ob);
}

/* agn_add_scaled: a + alpha*b with alpha rounded to the dtype first, contiguous (split across
 * threads when large), strided and broadcast; integer alpha for int64; bad input rejected. */
static void check_add_scaled(void) {
    for (int64_t n = 0; n <= 257; n++) {
        float a[257], b[257], o[257];
        for (int64_t i = 0; i < n; i++) { a[i] = (float)rnd(); b[i] = (float)rnd(); }
        int64_t shape[1] = {n}, st[1] = {1};
        agn_tensor ta = {a, shape, st, 1, AGN_DTYPE_FLOAT32}, tb = {b, shape, st, 1, AGN_DTYPE_FLOAT32};
        agn_tensor to = {o, shape, st, 1, AGN_DTYPE_FLOAT32};
        CHECK(agn_add_scaled(&ta, &tb, -0.1, &to) == AGN_OK);
        for (int64_t i = 0; i < n; i++) CHECK(o[i] == a[i] + -0.1f * b[i]);
    }
    /* float64, b strided by 2 and then broadcast (stride 0), in place into a */
    double a[5] = {1, 2, 3, 4, 5}, b[10] = {1, 0, 2, 0, 3, 0, 4, 0, 5, 0}, s = 7;
    int64_t shape[1] = {5}, st[1] = {1}, sb[1] = {2}, s0[1] = {0};
    agn_tensor ta = {a, shape, st, 1, AGN_DTYPE_FLOAT64}, tb = {b, shape, sb, 1, AGN_DTYPE_FLOAT64};
    CHECK(agn_add_scaled(&ta, &tb, 0.5, &ta) == AGN_OK);
    for (int i = 0; i < 5; i++) CHECK(a[i] == (i + 1) * 1.5);
    agn_tensor ts = {&s, shape, s0, 1, AGN_DTYPE_FLOAT64};
    CHECK(agn_add_scaled(&ta, &ts, -2, &ta) == AGN_OK);
    for (int i = 0; i < 5; i++) CHECK(a[i] == (i + 1) * 1.5 - 14);
    /* int64 wraps like PyTorch's integer add; a fractional or NaN alpha is invalid */
    int64_t ia[2] = {INT64_MAX, -3}, ib[2] = {1, 4}, io[2];
    int64_t s2[1] = {2};
    agn_tensor tia = {ia, s2, st, 1, AGN_DTYPE_INT64}, tib = {ib, s2, st, 1, AGN_DTYPE_INT64};
    agn_tensor tio = {io, s2, st, 1, AGN_DTYPE_INT64};
    CHECK(agn_add_scaled(&tia, &tib, 3, &tio) == AGN_OK);
    CHECK(io[0] == INT64_MIN + 2 && io[1] == 9);
    CHECK(agn_add_scaled(&tia, &tib, 0.5, &tio) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_add_scaled(&tia, &tib, NAN, &tio) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_add_scaled(&tia, &tib, 1e300, &tio) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_add_scaled(&tia, &ta, 1, &tio) == AGN_ERR_DTYPE);
    CHECK(agn_add_scaled(NULL, &tib, 1, &tio) == AGN_ERR_NULL_ARGUMENT);
    uint8_t bb[2] = {1, 0};
    agn_tensor tbb = {bb, s2, st, 1, AGN_DTYPE_BOOL};
    CHECK(agn_add_scaled(&tbb, &tbb, 1, &tbb) == AGN_ERR_DTYPE);
    CHECK(agn_add_scaled(&tia, &tib, 1, &ta) == AGN_ERR_DTYPE);
    /* large: split across threads, identical to one thread */
    int64_t n = 1000003, ln[1] = {n};
    float *x = malloc((size_t)n * 4), *o1 = malloc((size_t)n * 4), *o2 = malloc((size_t)n * 4);
    for (int64_t i = 0; i < n; i++) x[i] = (float)(i % 977) * 0.01f;
    agn_tensor tx = {x, ln, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor t1 = {o1, ln, st, 1, AGN_DTYPE_FLOAT32}, t2 = {o2, ln, st, 1, AGN_DTYPE_FLOAT32};
    int32_t threads = agn_get_num_threads();
    CHECK(agn_set_num_threads(1) == AGN_OK);
    CHECK(agn_add_scaled(&tx, &tx, 0.3, &t1) == AGN_OK);
    CHECK(agn_set_num_threads(4) == AGN_OK);
    CHECK(agn_add_scaled(&tx, &tx, 0.3, &t2) == AGN_OK);
    CHECK(memcmp(o1, o2, (size_t)n * 4) == 0);
    CHECK(o1[n - 1] == x[n - 1] + 0.3f * x[n - 1]);
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    free(x); free(o1); free(o2);
}

static void check_errors(void) {
    float a[2] = {1, 2};
    int64_t s2[1] = {2}, s3[1] = {3}, st[1] = {1};
    agn_tensor ta = {a, s2, st, 1, AGN_DTYPE_FLOAT32}, tb = {a, s3, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor td = {a, s2, st, 1, AGN_DTYPE_FLOAT64};
    CHECK(agn_binary(AGN_BINARY_ADD, &ta, &tb, &ta) == AGN_ERR_SHAPE);
    CHECK(agn_binary(AGN_BINARY_ADD, &ta, &td, &ta) == AGN_ERR_DTYPE);
    CHECK(agn_binary(99, &ta, &ta, &ta) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_binary(AGN_BINARY_ADD, NULL, &ta, &ta) == AGN_ERR_NULL_ARGUMENT);
    int64_t i[2] = {4, 5}, z[2] = {1, 0};
    agn_tensor ti = {i, s2, st, 1, AGN_DTYPE_INT64}, tz = {z, s2, st, 1, AGN_DTYPE_INT64};
    int64_t out[2];
    agn_tensor tout = {out, s2, st, 1, AGN_DTYPE_INT64};
    CHECK(agn_binary(AGN_BINARY_DIV, &ti, &tz, &tout) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_binary(AGN_BINARY_RELU_BACKWARD, &ti, &ti, &tout) == AGN_ERR_DTYPE); /* floats only */
    CHECK(agn_binary(AGN_BINARY_LOGICAL_XOR + 1, &ta, &ta, &ta) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_binary(AGN_BINARY_FMOD, &ti, &tz, &tout) == AGN_ERR_INVALID_ARGUMENT);   /* integer modulo by 0 */
    CHECK(agn_binary(AGN_BINARY_BITWISE_AND, &ta, &ta, &ta) == AGN_ERR_DTYPE);         /* integers only */
    CHECK(agn_binary(AGN_BINARY_HYPOT, &ti, &ti, &tout) == AGN_ERR_DTYPE);             /* floats only */
    /* relu backward at the edges: 0 and -0 block, NaN and +tiny pass (PyTorch's threshold_backward) */
    float g[4] = {1, 2, 3, 4}, y[4] = {0.0f, -0.0f, NAN, 1e-30f}, r[4];
    int64_t s4[1] = {4};
    agn_tensor tg = {g, s4, st, 1, AGN_DTYPE_FLOAT32}, ty = {y, s4, st, 1, AGN_DTYPE_FLOAT32};
    agn_tensor tr = {r, s4, st, 1, AGN_DTYPE_FLOAT32};
    CHECK(agn_binary(AGN_BINARY_RELU_BACKWARD, &tg, &ty, &tr) == AGN_OK);
    CHECK(r[0] == 0 && r[1] == 0 && r[2] == 3 && r[3] == 4);
    CHECK(agn_abi_version() == AGN_ABI_VERSION);
    CHECK(agn_set_num_threads(0) == AGN_ERR_INVALID_ARGUMENT);
}

static int64_t bin_i64(int op, int64_t a, int64_t b) {
    int64_t s1[1] = {1}, st[1] = {1}, o = -7;
    agn_tensor ta = {&a, s1, st, 1, AGN_DTYPE_INT64}, tb = {&b, s1, st, 1, AGN_DTYPE_INT64}, to = {&o, s1, st, 1, AGN_DTYPE_INT64};
    return agn_binary(op, &ta, &tb, &to) == AGN_OK ? o : -12345;
}

static double bin_f64(int op, double a, double b) {
    int64_t s1[1] = {1}, st[1] = {1};
    double o = -7;
    agn_tensor ta = {&a, s1, st, 1, AGN_DTYPE_FLOAT64}, tb = {&b, s1, st, 1, AGN_DTYPE_FLOAT64}, to = {&o, s1, st, 1, AGN_DTYPE_FLOAT64};
    return agn_binary(op, &ta, &tb, &to) == AGN_OK ? o : -12345;
}

/* The op-tail binaries at their defining cases: signs of the two modulos, PyTorch's shift rule, the
 * infinities of logaddexp, xlogy's zero, copysign of signed zeros. */
static void check_op_tail(void) {
    CHECK(bin_i64(AGN_BINARY_FMOD, -7, 2) == -1 && bin_i64(AGN_BINARY_REMAINDER, -7, 2) == 1);
    CHECK(bin_i64(AGN_BINARY_FMOD, 7, -2) == 1 && bin_i64(AGN_BINARY_REMAINDER, 7, -2) == -1);
    CHECK(bin_i64(AGN_BINARY_REMAINDER, INT64_MIN, -1) == 0);
    CHECK(bin_f64(AGN_BINARY_FMOD, -7.5, 2) == -1.5 && bin_f64(AGN_BINARY_REMAINDER, -7.5, 2) == 0.5);
    CHECK(bin_i64(AGN_BINARY_LSHIFT, 3, 2) == 12 && bin_i64(AGN_BINARY_LSHIFT, 3, 64) == 0 && bin_i64(AGN_BINARY_LSHIFT, 3, -1) == 0);
    CHECK(bin_i64(AGN_BINARY_RSHIFT, -8, 1) == -4 && bin_i64(AGN_BINARY_RSHIFT, -8, 64) == -1 && bin_i64(AGN_BINARY_RSHIFT, 8, -1) == 0);
    CHECK(bin_i64(AGN_BINARY_BITWISE_XOR, 6, 3) == 5 && bin_i64(AGN_BINARY_BITWISE_AND, 6, 3) == 2
          && bin_i64(AGN_BINARY_BITWISE_OR, 6, 3) == 7);
    CHECK(bin_f64(AGN_BINARY_LOGADDEXP, INFINITY, INFINITY) == INFINITY
          && bin_f64(AGN_BINARY_LOGADDEXP, -INFINITY, -INFINITY) == -INFINITY);
    CHECK(close_to(bin_f64(AGN_BINARY_LOGADDEXP, 1000, 1000), 1000 + log(2.0), 1e-15, 0));
    CHECK(bin_f64(AGN_BINARY_XLOGY, 0, 0) == 0 && isnan(bin_f64(AGN_BINARY_XLOGY, 0, NAN)));
    CHECK(bin_f64(AGN_BINARY_COPYSIGN, 2, -0.0) == -2 && bin_f64(AGN_BINARY_HYPOT, 3e300, 4e300) == 5e300);
    CHECK(bin_f64(AGN_BINARY_ATAN2, 1, -1) == atan2(1, -1));
}

int main(void) {
    srand(1234);
    check_op_tail();
    for (int op = AGN_BINARY_ADD; op <= AGN_BINARY_RELU_BACKWARD; op++)
        for (int64_t n = 0; n <= 257; n++) {
            check_f64(op, n, 1, 0, 0);
            check_f64(op, n, 3, 1, 0);
            check_f64(op, n, 1, 1, 1);
        }
    for (int op = AGN_BINARY_ADD; op <= AGN_BINARY_DIV; op++) check_simd_equals_scalar(op);
    check_broadcast_2d();
    check_large_parallel();
    check_blocks();
    check_fresh_output();
    check_add_scaled();
    check_errors();
    return check_summary("test_binary");
}
