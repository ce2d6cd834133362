/* Elementwise unary kernels. One strided row loop per (op, dtype) with a contiguous fast path the
 * compiler can vectorise; float32 math runs in float (like PyTorch), not via double. Dense float
 * rows go first to the explicit SIMD kernels of the active level (unary_simd.h: vectorised
 * exp/log/tanh/sigmoid within 1-3 ulp, sqrt and the cheap ops bit-identical); libm stays the
 * scalar fallback and the strided path.
 *
 * Semantics (PyTorch's where it has one):
 *  - SIGN(NaN) = 0 and SIGN(+-0) = +0: torch.sign is (0 < x) - (x < 0) (pytorch/pytorch#41245, open).
 *  - RELU(NaN) = NaN (fixed in PyTorch 0.4.1, pytorch/pytorch#7999) and RELU(-0) = -0: LibTorch's
 *    clamp_min keeps x unless x < 0.
 *  - CLAMP: a NaN bound means "no bound" (header); a NaN input stays NaN; min > max gives max
 *    everywhere (torch.clamp docs). Integer clamp rounds the bounds inward (ceil(min), floor(max)).
 *  - SIGMOID never overflows: exp is only ever taken of -|x|.
 *  - Integer AFFINE/FILL: p0/p1 must be finite; AFFINE needs integral p0/p1 (exact wrapping
 *    arithmetic, as int64 tensor ops wrap in PyTorch) else AGN_ERR_INVALID_ARGUMENT; FILL truncates
 *    p0 toward zero like a float->int copy. BOOL FILL writes p0 != 0. */
#include "internal.h"
#include "half_convert.h"
#include "unary_simd.h"

#include <math.h>

typedef struct unary_ctx {
    int32_t op;
    int32_t dtype;
    double p0, p1;
    int64_t i0, i1; /* integer forms of p0/p1 (bounds for CLAMP, factors for AFFINE, FILL value) */
    agn_unary_contig_fn simd; /* dense-row kernel of the active SIMD level, or NULL */
} unary_ctx;

/* out is ptrs[0], x is ptrs[1] (absent for FILL). */
#define UNARY_LOOP(T, EXPR)                                                                        \
    do {                                                                                           \
        const int64_t so = st[0], sx = st[1];                                                      \
        if (so == (int64_t)sizeof(T) && sx == (int64_t)sizeof(T)) {                                \
            T *o_ = (T *)ptrs[0];                                                                  \
            const T *x_ = (const T *)ptrs[1];                                                      \
            for (int64_t i = 0; i < n; i++) {                                                      \
                const T x = x_[i];                                                                 \
                o_[i] = (EXPR);                                                                    \
            }                                                                                      \
        } else {                                                                                   \
            char *po = ptrs[0];                                                                    \
            const char *px = ptrs[1];                                                              \
            for (int64_t i = 0; i < n; i++, po += so, px += sx) {                                  \
                const T x = *(const T *)px;                                                        \
                *(T *)po = (EXPR);                                                                 \
            }                                                                                      \
        }                                                                                          \
    } while (0)

#define FILL_LOOP(T, VALUE)                                                                        \
    do {                                                                                           \
        const T v_ = (VALUE);                                                                      \
        if (st[0] == (int64_t)sizeof(T)) {                                                         \
            T *o_ = (T *)ptrs[0];                                                                  \
            for (int64_t i = 0; i < n; i++) o_[i] = v_;                                            \
        } else {                                                                                   \
            char *po = ptrs[0];                                                                    \
            for (int64_t i = 0; i < n; i++, po += st[0]) *(T *)po = v_;                            \
        }                                                                                          \
    } while (0)

/* lgamma without the global signgam write (a data race between pool threads) */
static inline double lgamma_safe(double x) {
#if defined(__GLIBC__)
    int sign;
    return lgamma_r(x, &sign);
#else
    return lgamma(x);
#endif
}

#define AGN_PI_D 3.14159265358979323846

static inline float sigmoidf_stable(float x) {
    float e = expf(-fabsf(x)); /* in (0, 1]: no overflow for any x */
    return x >= 0 ? 1.0f / (1.0f + e) : e / (1.0f + e);
}
static inline double sigmoid_stable(double x) {
    double e = exp(-fabs(x));
    return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

/* The float ops, written once for both precisions: S is the math-function suffix (f or empty). */
#define FLOAT_CASES(T, S, SIGMOID)                                                                 \
    case AGN_UNARY_NEG: UNARY_LOOP(T, -x); break;                                                  \
    case AGN_UNARY_EXP: UNARY_LOOP(T, exp##S(x)); break;                                           \
    case AGN_UNARY_LOG: UNARY_LOOP(T, log##S(x)); break;                                           \
    case AGN_UNARY_LOG1P: UNARY_LOOP(T, log1p##S(x)); break;                                       \
    case AGN_UNARY_SQRT: UNARY_LOOP(T, sqrt##S(x)); break;                                         \
    case AGN_UNARY_RSQRT: UNARY_LOOP(T, (T)1 / sqrt##S(x)); break;                                 \
    case AGN_UNARY_ABS: UNARY_LOOP(T, fabs##S(x)); break;                                          \
    case AGN_UNARY_SIGN: UNARY_LOOP(T, (T)((x > 0) - (x < 0))); break;                             \
    case AGN_UNARY_FLOOR: UNARY_LOOP(T, floor##S(x)); break;                                       \
    case AGN_UNARY_TRUNC: UNARY_LOOP(T, trunc##S(x)); break;                                       \
    case AGN_UNARY_SIN: UNARY_LOOP(T, sin##S(x)); break;                                           \
    case AGN_UNARY_COS: UNARY_LOOP(T, cos##S(x)); break;                                           \
    case AGN_UNARY_TANH: UNARY_LOOP(T, tanh##S(x)); break;                                         \
    case AGN_UNARY_SIGMOID: UNARY_LOOP(T, SIGMOID(x)); break;                                      \
    case AGN_UNARY_RELU: UNARY_LOOP(T, x < 0 ? (T)0 : x); break;                                   \
    case AGN_UNARY_CLAMP: {                                                                        \
        const T lo = (T)c->p0, hi = (T)c->p1;                                                      \
        UNARY_LOOP(T, (x < lo ? lo : x) > hi ? hi : (x < lo ? lo : x));                            \
    } break;                                                                                       \
    case AGN_UNARY_POW_SCALAR: {                                                                   \
        const T e = (T)c->p0;                                                                      \
        if (e == 2) UNARY_LOOP(T, x * x);                                                          \
        else if (e == 1) UNARY_LOOP(T, x);                                                         \
        else UNARY_LOOP(T, pow##S(x, e));                                                          \
    } break;                                                                                       \
    case AGN_UNARY_FILL: FILL_LOOP(T, (T)c->p0); break;                                            \
    case AGN_UNARY_AFFINE: {                                                                       \
        const T a = (T)c->p0, b = (T)c->p1;                                                        \
        UNARY_LOOP(T, x * a + b);                                                                  \
    } break;                                                                                       \
    case AGN_UNARY_CEIL: UNARY_LOOP(T, ceil##S(x)); break;                                         \
    case AGN_UNARY_ROUND: {                                                                        \
        const T tp = (T)pow(10.0, fabs(c->p0));                                                    \
        if (c->p0 == 0) UNARY_LOOP(T, nearbyint##S(x));                                            \
        else if (c->p0 < 0) UNARY_LOOP(T, nearbyint##S(x / tp) * tp);                              \
        else UNARY_LOOP(T, nearbyint##S(x * tp) / tp);                                             \
    } break;                                                                                       \
    case AGN_UNARY_FRAC: UNARY_LOOP(T, x - trunc##S(x)); break;                                    \
    case AGN_UNARY_TAN: UNARY_LOOP(T, tan##S(x)); break;                                           \
    case AGN_UNARY_ASIN: UNARY_LOOP(T, asin##S(x)); break;                                         \
    case AGN_UNARY_ACOS: UNARY_LOOP(T, acos##S(x)); break;                                         \
    case AGN_UNARY_ATAN: UNARY_LOOP(T, atan##S(x)); break;                                         \
    case AGN_UNARY_SINH: UNARY_LOOP(T, sinh##S(x)); break;                                         \
    case AGN_UNARY_COSH: UNARY_LOOP(T, cosh##S(x)); break;                                         \
    case AGN_UNARY_ASINH: UNARY_LOOP(T, asinh##S(x)); break;                                       \
    case AGN_UNARY_ACOSH: UNARY_LOOP(T, acosh##S(x)); break;                                       \
    case AGN_UNARY_ATANH: UNARY_LOOP(T, atanh##S(x)); break;                                       \
    case AGN_UNARY_EXP2: UNARY_LOOP(T, exp2##S(x)); break;                                         \
    case AGN_UNARY_EXPM1: UNARY_LOOP(T, expm1##S(x)); break;                                       \
    case AGN_UNARY_LOG2: UNARY_LOOP(T, log2##S(x)); break;                                         \
    case AGN_UNARY_LOG10: UNARY_LOOP(T, log10##S(x)); break;                                       \
    case AGN_UNARY_ERF: UNARY_LOOP(T, erf##S(x)); break;                                           \
    case AGN_UNARY_ERFC: UNARY_LOOP(T, erfc##S(x)); break;                                         \
    case AGN_UNARY_ERFINV: UNARY_LOOP(T, (T)agn_erfinv(x)); break;                                 \
    case AGN_UNARY_LGAMMA: UNARY_LOOP(T, (T)lgamma_safe(x)); break;                                \
    case AGN_UNARY_POLYGAMMA: {                                                                    \
        const int64_t n_ = (int64_t)c->p0;                                                         \
        UNARY_LOOP(T, (T)agn_polygamma(n_, x));                                                    \
    } break;                                                                                       \
    case AGN_UNARY_RECIPROCAL: UNARY_LOOP(T, (T)1 / x); break;                                     \
    case AGN_UNARY_SINC: UNARY_LOOP(T, x == 0 ? (T)1 : sin##S((T)AGN_PI_D * x) / ((T)AGN_PI_D * x)); break;

static void row_f32(const unary_ctx *c, int64_t n, char *const *ptrs, const int64_t *st) {
    switch (c->op) { FLOAT_CASES(agn_f32, f, sigmoidf_stable) }
}

static void row_f64(const unary_ctx *c, int64_t n, char *const *ptrs, const int64_t *st) {
    switch (c->op) { FLOAT_CASES(agn_f64, , sigmoid_stable) }
}

/* Wrapping int64 arithmetic (defined overflow, two's complement) as in PyTorch. */
#define WNEG(v) ((int64_t)(0 - (uint64_t)(v)))
#define WMULADD(v, a, b) ((int64_t)((uint64_t)(v) * (uint64_t)(a) + (uint64_t)(b)))

static void row_i64(const unary_ctx *c, int64_t n, char *const *ptrs, const int64_t *st) {
    switch (c->op) {
    case AGN_UNARY_NEG: UNARY_LOOP(agn_i64, WNEG(x)); break;
    case AGN_UNARY_ABS: UNARY_LOOP(agn_i64, x < 0 ? WNEG(x) : x); break; /* abs(INT64_MIN) wraps */
    case AGN_UNARY_SIGN: UNARY_LOOP(agn_i64, (int64_t)((x > 0) - (x < 0))); break;
    case AGN_UNARY_CLAMP: {
        const int64_t lo = c->i0, hi = c->i1;
        UNARY_LOOP(agn_i64, (x < lo ? lo : x) > hi ? hi : (x < lo ? lo : x));
    } break;
    case AGN_UNARY_FILL: FILL_LOOP(agn_i64, c->i0); break;
    case AGN_UNARY_AFFINE: {
        const int64_t a = c->i0, b = c->i1;
        UNARY_LOOP(agn_i64, WMULADD(x, a, b));
    } break;
    }
}

static void row_bool(const unary_ctx *c, int64_t n, char *const *ptrs, const int64_t *st) {
    switch (c->op) {
    case AGN_UNARY_LOGICAL_NOT: UNARY_LOOP(agn_b8, (agn_b8)(x == 0)); break;
    case AGN_UNARY_FILL: FILL_LOOP(agn_b8, (agn_b8)(c->p0 != 0)); break; /* NaN is nonzero: true */
    }
}

static void unary_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const unary_ctx *c = (const unary_ctx *)ctx;
    if (c->simd) { /* set only for float dtypes and ops with an x operand (not FILL) */
        const int64_t es = agn_dtype_size(c->dtype);
        if (st[0] == es && st[1] == es && c->simd(c->op, c->dtype, ptrs[0], ptrs[1], n, c->p0, c->p1))
            return;
    }
    switch (c->dtype) {
    case AGN_DTYPE_FLOAT32: row_f32(c, n, ptrs, st); break;
    case AGN_DTYPE_FLOAT64: row_f64(c, n, ptrs, st); break;
    case AGN_DTYPE_INT64: row_i64(c, n, ptrs, st); break;
    case AGN_DTYPE_BOOL: row_bool(c, n, ptrs, st); break;
    }
}

static int op_supported(int32_t op, int32_t dtype) {
    switch (dtype) {
    case AGN_DTYPE_FLOAT32:
    case AGN_DTYPE_FLOAT64: return op != AGN_UNARY_LOGICAL_NOT;
    case AGN_DTYPE_INT64:
        return op == AGN_UNARY_NEG || op == AGN_UNARY_ABS || op == AGN_UNARY_SIGN ||
               op == AGN_UNARY_CLAMP || op == AGN_UNARY_FILL || op == AGN_UNARY_AFFINE;
    case AGN_DTYPE_BOOL: return op == AGN_UNARY_LOGICAL_NOT || op == AGN_UNARY_FILL;
    }
    return 0;
}

/* The level is read once per call so every row (and thread) of one call takes the same path. */
agn_unary_contig_fn agn_unary_contig_pick(void) {
    int32_t level = agn_simd_active();
    (void)level;
#ifdef AGN_HAVE_AVX512
    if (level >= AGN_SIMD_AVX512) return agn_unary_contig_avx512;
#endif
#ifdef AGN_HAVE_AVX2
    if (level >= AGN_SIMD_AVX2) return agn_unary_contig_avx2;
#endif
    return NULL;
}

/* 2^63 as a double: every double in [-2^63, 2^63) converts to int64 without overflow. */
#define TWO63 9223372036854775808.0

/* Integer clamp bounds: NaN is "no bound"; a fractional bound rounds inward; out-of-range saturates. */
static int64_t int_bound(double v, int upper) {
    if (v != v) return upper ? INT64_MAX : INT64_MIN;
    v = upper ? floor(v) : ceil(v);
    if (v >= TWO63) return INT64_MAX;
    if (v < -TWO63) return INT64_MIN;
    return (int64_t)v;
}

static agn_status prepare_int_params(unary_ctx *c) {
    switch (c->op) {
    case AGN_UNARY_CLAMP:
        c->i0 = int_bound(c->p0, 0);
        c->i1 = int_bound(c->p1, 1);
        return AGN_OK;
    case AGN_UNARY_FILL:
        if (!(c->p0 >= -TWO63 && c->p0 < TWO63)) return AGN_ERR_INVALID_ARGUMENT; /* NaN/inf too */
        c->i0 = (int64_t)c->p0; /* truncates toward zero, like agn_copy */
        return AGN_OK;
    case AGN_UNARY_AFFINE:
        if (!(c->p0 >= -TWO63 && c->p0 < TWO63 && c->p0 == floor(c->p0))) return AGN_ERR_INVALID_ARGUMENT;
        if (!(c->p1 >= -TWO63 && c->p1 < TWO63 && c->p1 == floor(c->p1))) return AGN_ERR_INVALID_ARGUMENT;
        c->i0 = (int64_t)c->p0;
        c->i1 = (int64_t)c->p1;
        return AGN_OK;
    }
    return AGN_OK;
}

agn_status agn_unary(int32_t op, const agn_tensor *x, const agn_tensor *out, double p0, double p1) {
    AGN_ENTER_TIED("+x"(p0), "+x"(p1));
    if (op < AGN_UNARY_NEG || op > AGN_UNARY_SINC) return AGN_ERR_INVALID_ARGUMENT;
    /* any integral count of decimals: past 10^308 the scale is infinite and the result NaN, as in PyTorch */
    if (op == AGN_UNARY_ROUND && !(p0 == trunc(p0))) return AGN_ERR_INVALID_ARGUMENT;
    if (op == AGN_UNARY_POLYGAMMA && !(p0 >= 0 && p0 < TWO63 && p0 == trunc(p0))) return AGN_ERR_INVALID_ARGUMENT;
    unary_ctx c = {op, 0, p0, p1, 0, 0, NULL};
    const agn_tensor *ops[2] = {out, x};
    int32_t nops = op == AGN_UNARY_FILL ? 1 : 2; /* FILL ignores x (header): not even validated */
    /* Note [Half compute]: a float16 / bfloat16 operand runs the float32 rows through agn_half_row */
    const int half = out && (agn_is_half(out->dtype) || (nops == 2 && x && agn_is_half(x->dtype)));
    agn_status s = agn_check_operands(nops, ops, half);
    if (s != AGN_OK) return s;
    if (half) {
        if (!agn_computes_f32(out->dtype) || (nops == 2 && !agn_computes_f32(x->dtype))) return AGN_ERR_DTYPE;
    } else if (nops == 2 && x->dtype != out->dtype) return AGN_ERR_DTYPE;
    c.dtype = half ? AGN_DTYPE_FLOAT32 : out->dtype;
    if (!op_supported(op, c.dtype)) return AGN_ERR_DTYPE;
    if (op == AGN_UNARY_CLAMP && agn_is_floating(c.dtype)) {
        if (c.p0 != c.p0) c.p0 = -INFINITY;
        if (c.p1 != c.p1) c.p1 = INFINITY;
    }
    if (c.dtype == AGN_DTYPE_INT64) {
        s = prepare_int_params(&c);
        if (s != AGN_OK) return s;
    }
    if (agn_is_floating(c.dtype) && op != AGN_UNARY_FILL) c.simd = agn_unary_contig_pick();
    agn_half_job hj = {unary_row, &c, nops, {out->dtype, nops == 2 ? x->dtype : 0}, half ? agn_half_simd() : 0};
    agn_row_fn fn = half ? agn_half_row : unary_row;
    void *ctx = half ? (void *)&hj : (void *)&c;
    if (agn_run_flat(nops, ops, fn, ctx, AGN_GRAIN_ELEMENTWISE)) return AGN_OK;
    agn_iter it;
    if ((s = half ? agn_iter_init_stored(&it, nops, ops) : agn_iter_init(&it, nops, ops)) != AGN_OK) return s;
    agn_iter_run(&it, fn, ctx, AGN_GRAIN_ELEMENTWISE);
    return AGN_OK;
}
