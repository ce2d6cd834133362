/* Elementwise binary kernels: arithmetic, maximum/minimum, comparisons, logical ops.
 * One strided row loop per (op, dtype) with contiguous and scalar-broadcast fast paths that the
 * compiler vectorises. */
#include "internal.h"
#include "half_convert.h"

#include <math.h>

typedef struct binary_ctx {
    int32_t op;
    int32_t dtype;
    agn_error_flag err;
    double alpha; /* ADD_SCALED only */
} binary_ctx;

/* agn_add_scaled's op code: internal, never accepted by agn_binary. */
#define ADD_SCALED AGN_HALF_ADD_SCALED

/* Integer power by squaring; overflow wraps (two's complement, as in PyTorch), done in uint64 so it
   is defined behaviour. */
static inline int64_t ipow(int64_t base, int64_t exp) {
    uint64_t r = 1, b = (uint64_t)base;
    while (exp > 0) {
        if (exp & 1) r *= b;
        b *= b;
        exp >>= 1;
    }
    return (int64_t)r;
}

#define F_ADD(a, b) ((a) + (b))
#define F_SUB(a, b) ((a) - (b))
#define F_MUL(a, b) ((a) * (b))
#define F_DIV(a, b) ((a) / (b))
#define F_POWF(a, b) powf((a), (b))
#define F_POWD(a, b) pow((a), (b))
#define F_MAX(a, b) (((a) != (a) || (a) > (b)) ? (a) : (b))
#define F_MIN(a, b) (((a) != (a) || (a) < (b)) ? (a) : (b))
#define F_EQ(a, b) ((a) == (b))
#define F_NE(a, b) ((a) != (b))
#define F_LT(a, b) ((a) < (b))
#define F_LE(a, b) ((a) <= (b))
#define F_GT(a, b) ((a) > (b))
#define F_GE(a, b) ((a) >= (b))
#define F_AND(a, b) ((a) != 0 && (b) != 0)
#define F_OR(a, b) ((a) != 0 || (b) != 0)

/* The three loop shapes: all contiguous, b broadcast scalar, general strided. */
#define BINARY_LOOP(TI, TO, EXPR)                                                                  \
    do {                                                                                           \
        TO *o = (TO *)ptrs[0];                                                                     \
        const TI *a = (const TI *)ptrs[1];                                                         \
        const TI *b = (const TI *)ptrs[2];                                                         \
        const int64_t so = st[0], sa = st[1], sb = st[2];                                          \
        if (so == (int64_t)sizeof(TO) && sa == (int64_t)sizeof(TI) && sb == (int64_t)sizeof(TI)) { \
            for (int64_t i = 0; i < n; i++) o[i] = (TO)EXPR(a[i], b[i]);                           \
        } else if (so == (int64_t)sizeof(TO) && sa == (int64_t)sizeof(TI) && sb == 0) {            \
            const TI bv = b[0];                                                                    \
            for (int64_t i = 0; i < n; i++) o[i] = (TO)EXPR(a[i], bv);                             \
        } else if (so == (int64_t)sizeof(TO) && sa == 0 && sb == (int64_t)sizeof(TI)) {            \
            const TI av = a[0];                                                                    \
            for (int64_t i = 0; i < n; i++) o[i] = (TO)EXPR(av, b[i]);                             \
        } else {                                                                                   \
            const char *pa = ptrs[1], *pb = ptrs[2];                                               \
            char *po = ptrs[0];                                                                    \
            for (int64_t i = 0; i < n; i++, pa += sa, pb += sb, po += so)                          \
                *(TO *)po = (TO)EXPR(*(const TI *)pa, *(const TI *)pb);                            \
        }                                                                                          \
    } while (0)

#define ARITH_CASES(TI, POWF)                                                                      \
    case AGN_BINARY_ADD: BINARY_LOOP(TI, TI, F_ADD); break;                                        \
    case AGN_BINARY_SUB: BINARY_LOOP(TI, TI, F_SUB); break;                                        \
    case AGN_BINARY_MUL: BINARY_LOOP(TI, TI, F_MUL); break;                                        \
    case AGN_BINARY_MAXIMUM: BINARY_LOOP(TI, TI, F_MAX); break;                                    \
    case AGN_BINARY_MINIMUM: BINARY_LOOP(TI, TI, F_MIN); break;                                    \
    case AGN_BINARY_EQ: BINARY_LOOP(TI, agn_b8, F_EQ); break;                                      \
    case AGN_BINARY_NE: BINARY_LOOP(TI, agn_b8, F_NE); break;                                      \
    case AGN_BINARY_LT: BINARY_LOOP(TI, agn_b8, F_LT); break;                                      \
    case AGN_BINARY_LE: BINARY_LOOP(TI, agn_b8, F_LE); break;                                      \
    case AGN_BINARY_GT: BINARY_LOOP(TI, agn_b8, F_GT); break;                                      \
    case AGN_BINARY_GE: BINARY_LOOP(TI, agn_b8, F_GE); break;                                      \
    case AGN_BINARY_LOGICAL_AND: BINARY_LOOP(TI, agn_b8, F_AND); break;                            \
    case AGN_BINARY_LOGICAL_OR: BINARY_LOOP(TI, agn_b8, F_OR); break;

#define F_RELUB(a, b) ((b) <= 0 ? 0 : (a))
#define F_XOR(a, b) (((a) != 0) != ((b) != 0))

/* Python's % on floats: fmod moved to the divisor's sign (PyTorch's formula, so the same bits). */
static inline float remf(float a, float b) {
    float m = fmodf(a, b);
    return (m != 0 && ((b < 0) != (m < 0))) ? m + b : m;
}
static inline double remd(double a, double b) {
    double m = fmod(a, b);
    return (m != 0 && ((b < 0) != (m < 0))) ? m + b : m;
}
/* log(e^a + e^b) = max + log1p(e^-|a-b|); equal infinities would give inf - inf = NaN there. */
static inline float logaddexpf(float a, float b) {
    if (isinf(a) && a == b) return a;
    float m = a < b ? b : a;
    return m + log1pf(expf(-fabsf(a - b)));
}
static inline double logaddexpd(double a, double b) {
    if (isinf(a) && a == b) return a;
    double m = a < b ? b : a;
    return m + log1p(exp(-fabs(a - b)));
}
/* a * log(b), with 0 * log(anything but NaN) = 0 */
static inline float xlogyf(float a, float b) { return b != b ? b : a == 0 ? 0.0f : a * logf(b); }
static inline double xlogyd(double a, double b) { return b != b ? b : a == 0 ? 0.0 : a * log(b); }

#define F_FMODF(a, b) fmodf((a), (b))
#define F_FMODD(a, b) fmod((a), (b))
#define F_REMF(a, b) remf((a), (b))
#define F_REMD(a, b) remd((a), (b))
#define F_COPYSIGNF(a, b) copysignf((a), (b))
#define F_COPYSIGND(a, b) copysign((a), (b))
#define F_ATAN2F(a, b) atan2f((a), (b))
#define F_ATAN2D(a, b) atan2((a), (b))
#define F_HYPOTF(a, b) hypotf((a), (b))
#define F_HYPOTD(a, b) hypot((a), (b))
#define F_LAEF(a, b) logaddexpf((a), (b))
#define F_LAED(a, b) logaddexpd((a), (b))
#define F_XLOGYF(a, b) xlogyf((a), (b))
#define F_XLOGYD(a, b) xlogyd((a), (b))

/* The float-only ops, per precision: S is F (float) or D (double). */
#define FLOAT_EXTRA_CASES(T, S)                                                                    \
    case AGN_BINARY_FMOD: BINARY_LOOP(T, T, F_FMOD##S); break;                                     \
    case AGN_BINARY_REMAINDER: BINARY_LOOP(T, T, F_REM##S); break;                                 \
    case AGN_BINARY_COPYSIGN: BINARY_LOOP(T, T, F_COPYSIGN##S); break;                             \
    case AGN_BINARY_ATAN2: BINARY_LOOP(T, T, F_ATAN2##S); break;                                   \
    case AGN_BINARY_HYPOT: BINARY_LOOP(T, T, F_HYPOT##S); break;                                   \
    case AGN_BINARY_LOGADDEXP: BINARY_LOOP(T, T, F_LAE##S); break;                                 \
    case AGN_BINARY_XLOGY: BINARY_LOOP(T, T, F_XLOGY##S); break;                                   \
    case AGN_BINARY_LOGICAL_XOR: BINARY_LOOP(T, agn_b8, F_XOR); break;

/* a + alpha * b with alpha in the operands' dtype, as PyTorch's add(alpha=) computes it. */
#define F_AXPY(a, b) ((a) + alpha * (b))

/* multiversioned: wide loads matter once operands sit in L2 (an optimizer update, a gradient sum) */
AGN_MULTIVERSION static void row_f32(binary_ctx *c, int64_t n, char *const *ptrs, const int64_t *st) {
    const agn_f32 alpha = (agn_f32)c->alpha;
    switch (c->op) {
        ARITH_CASES(agn_f32, F_POWF)
    case ADD_SCALED: BINARY_LOOP(agn_f32, agn_f32, F_AXPY); break;
    case AGN_BINARY_RELU_BACKWARD: BINARY_LOOP(agn_f32, agn_f32, F_RELUB); break;
    case AGN_BINARY_DIV: BINARY_LOOP(agn_f32, agn_f32, F_DIV); break;
    case AGN_BINARY_POW: BINARY_LOOP(agn_f32, agn_f32, F_POWF); break;
        FLOAT_EXTRA_CASES(agn_f32, F)
    }
}

AGN_MULTIVERSION static void row_f64(binary_ctx *c, int64_t n, char *const *ptrs, const int64_t *st) {
    const agn_f64 alpha = c->alpha;
    switch (c->op) {
        ARITH_CASES(agn_f64, F_POWD)
    case ADD_SCALED: BINARY_LOOP(agn_f64, agn_f64, F_AXPY); break;
    case AGN_BINARY_RELU_BACKWARD: BINARY_LOOP(agn_f64, agn_f64, F_RELUB); break;
    case AGN_BINARY_DIV: BINARY_LOOP(agn_f64, agn_f64, F_DIV); break;
    case AGN_BINARY_POW: BINARY_LOOP(agn_f64, agn_f64, F_POWD); break;
        FLOAT_EXTRA_CASES(agn_f64, D)
    }
}

static inline int64_t idiv(binary_ctx *c, int64_t a, int64_t b) {
    if (b == 0) { c->err.status = AGN_ERR_INVALID_ARGUMENT; return 0; }
    if (b == -1) return (int64_t)(0 - (uint64_t)a); /* INT64_MIN / -1 wraps, as in PyTorch */
    return a / b;
}

/* PyTorch's powi: a negative exponent gives 1 / a^-b truncated (1, ±1 or 0). A negative scalar
   exponent is rejected by the caller before any kernel runs, as PyTorch does. */
static inline int64_t ipow_signed(int64_t a, int64_t b) {
    if (b < 0) {
        if (a == 1) return 1;
        if (a == -1) return (b & 1) ? -1 : 1;
        return 0;
    }
    return ipow(a, b);
}

/* C's % (sign of a) and Python's % (sign of b); INT64_MIN % -1 is 0, not a trap. */
static inline int64_t imod(binary_ctx *c, int64_t a, int64_t b, int python) {
    if (b == 0) { c->err.status = AGN_ERR_INVALID_ARGUMENT; return 0; }
    if (b == -1) return 0;
    int64_t r = a % b;
    return (python && r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

/* PyTorch's shifts: counts outside [0, 64) give 0 (left) or the sign fill (right). */
static inline int64_t ilshift(int64_t a, int64_t b) { return (b < 0 || b >= 64) ? 0 : (int64_t)((uint64_t)a << b); }
static inline int64_t irshift(int64_t a, int64_t b) { return a >> ((b < 0 || b >= 64) ? 63 : b); }

#define I_FMOD(a, b) imod(c, (a), (b), 0)
#define I_REM(a, b) imod(c, (a), (b), 1)
#define I_BAND(a, b) ((a) & (b))
#define I_BOR(a, b) ((a) | (b))
#define I_BXOR(a, b) ((a) ^ (b))
#define I_LSH(a, b) ilshift((a), (b))
#define I_RSH(a, b) irshift((a), (b))
#define I_DIV(a, b) idiv(c, (a), (b))
#define I_POW(a, b) ipow_signed((a), (b))
/* Wrapping integer arithmetic: overflow is defined (two's complement) as in PyTorch. */
#define I_ADD(a, b) ((int64_t)((uint64_t)(a) + (uint64_t)(b)))
#define I_SUB(a, b) ((int64_t)((uint64_t)(a) - (uint64_t)(b)))
#define I_MUL(a, b) ((int64_t)((uint64_t)(a) * (uint64_t)(b)))
#define I_AXPY(a, b) I_ADD((a), I_MUL(alpha, (b)))

static void row_i64(binary_ctx *c, int64_t n, char *const *ptrs, const int64_t *st) {
    const int64_t alpha = (int64_t)c->alpha;
    switch (c->op) {
    case ADD_SCALED: BINARY_LOOP(agn_i64, agn_i64, I_AXPY); break;
    case AGN_BINARY_ADD: BINARY_LOOP(agn_i64, agn_i64, I_ADD); break;
    case AGN_BINARY_SUB: BINARY_LOOP(agn_i64, agn_i64, I_SUB); break;
    case AGN_BINARY_MUL: BINARY_LOOP(agn_i64, agn_i64, I_MUL); break;
    case AGN_BINARY_DIV: BINARY_LOOP(agn_i64, agn_i64, I_DIV); break;
    case AGN_BINARY_POW: BINARY_LOOP(agn_i64, agn_i64, I_POW); break;
    case AGN_BINARY_MAXIMUM: BINARY_LOOP(agn_i64, agn_i64, F_MAX); break;
    case AGN_BINARY_MINIMUM: BINARY_LOOP(agn_i64, agn_i64, F_MIN); break;
    case AGN_BINARY_EQ: BINARY_LOOP(agn_i64, agn_b8, F_EQ); break;
    case AGN_BINARY_NE: BINARY_LOOP(agn_i64, agn_b8, F_NE); break;
    case AGN_BINARY_LT: BINARY_LOOP(agn_i64, agn_b8, F_LT); break;
    case AGN_BINARY_LE: BINARY_LOOP(agn_i64, agn_b8, F_LE); break;
    case AGN_BINARY_GT: BINARY_LOOP(agn_i64, agn_b8, F_GT); break;
    case AGN_BINARY_GE: BINARY_LOOP(agn_i64, agn_b8, F_GE); break;
    case AGN_BINARY_LOGICAL_AND: BINARY_LOOP(agn_i64, agn_b8, F_AND); break;
    case AGN_BINARY_LOGICAL_OR: BINARY_LOOP(agn_i64, agn_b8, F_OR); break;
    case AGN_BINARY_LOGICAL_XOR: BINARY_LOOP(agn_i64, agn_b8, F_XOR); break;
    case AGN_BINARY_FMOD: BINARY_LOOP(agn_i64, agn_i64, I_FMOD); break;
    case AGN_BINARY_REMAINDER: BINARY_LOOP(agn_i64, agn_i64, I_REM); break;
    case AGN_BINARY_BITWISE_AND: BINARY_LOOP(agn_i64, agn_i64, I_BAND); break;
    case AGN_BINARY_BITWISE_OR: BINARY_LOOP(agn_i64, agn_i64, I_BOR); break;
    case AGN_BINARY_BITWISE_XOR: BINARY_LOOP(agn_i64, agn_i64, I_BXOR); break;
    case AGN_BINARY_LSHIFT: BINARY_LOOP(agn_i64, agn_i64, I_LSH); break;
    case AGN_BINARY_RSHIFT: BINARY_LOOP(agn_i64, agn_i64, I_RSH); break;
    }
}

static void row_bool(binary_ctx *c, int64_t n, char *const *ptrs, const int64_t *st) {
    switch (c->op) {
    case AGN_BINARY_ADD:     /* bool + bool is logical or in PyTorch */
    case AGN_BINARY_MAXIMUM:
    case AGN_BINARY_LOGICAL_OR: BINARY_LOOP(agn_b8, agn_b8, F_OR); break;
    case AGN_BINARY_MUL:     /* bool * bool is logical and */
    case AGN_BINARY_MINIMUM:
    case AGN_BINARY_LOGICAL_AND: BINARY_LOOP(agn_b8, agn_b8, F_AND); break;
    case AGN_BINARY_EQ: BINARY_LOOP(agn_b8, agn_b8, F_EQ); break;
    case AGN_BINARY_NE: BINARY_LOOP(agn_b8, agn_b8, F_NE); break;
    case AGN_BINARY_LT: BINARY_LOOP(agn_b8, agn_b8, F_LT); break;
    case AGN_BINARY_LE: BINARY_LOOP(agn_b8, agn_b8, F_LE); break;
    case AGN_BINARY_GT: BINARY_LOOP(agn_b8, agn_b8, F_GT); break;
    case AGN_BINARY_GE: BINARY_LOOP(agn_b8, agn_b8, F_GE); break;
    case AGN_BINARY_BITWISE_AND: BINARY_LOOP(agn_b8, agn_b8, I_BAND); break;
    case AGN_BINARY_BITWISE_OR: BINARY_LOOP(agn_b8, agn_b8, I_BOR); break;
    case AGN_BINARY_BITWISE_XOR:
    case AGN_BINARY_LOGICAL_XOR: BINARY_LOOP(agn_b8, agn_b8, I_BXOR); break;
    }
}

static void binary_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    binary_ctx *c = (binary_ctx *)ctx;
    switch (c->dtype) {
    case AGN_DTYPE_FLOAT32: row_f32(c, n, ptrs, st); break;
    case AGN_DTYPE_FLOAT64: row_f64(c, n, ptrs, st); break;
    case AGN_DTYPE_INT64: row_i64(c, n, ptrs, st); break;
    case AGN_DTYPE_BOOL: row_bool(c, n, ptrs, st); break;
    }
}

static int is_comparison(int32_t op) {
    return (op >= AGN_BINARY_EQ && op <= AGN_BINARY_LOGICAL_OR) || op == AGN_BINARY_LOGICAL_XOR;
}

/* Which dtypes each op accepts (operands of one dtype; comparisons write BOOL). */
static int op_supported(int32_t op, int32_t dtype) {
    if (is_comparison(op)) return 1;
    switch (op) {
    case AGN_BINARY_SUB:
    case AGN_BINARY_DIV:
    case AGN_BINARY_POW:
    case AGN_BINARY_FMOD:
    case AGN_BINARY_REMAINDER: return dtype != AGN_DTYPE_BOOL;
    case AGN_BINARY_RELU_BACKWARD:
    case AGN_BINARY_COPYSIGN:
    case AGN_BINARY_ATAN2:
    case AGN_BINARY_HYPOT:
    case AGN_BINARY_LOGADDEXP:
    case AGN_BINARY_XLOGY: return agn_is_floating(dtype);
    case AGN_BINARY_BITWISE_AND:
    case AGN_BINARY_BITWISE_OR:
    case AGN_BINARY_BITWISE_XOR: return !agn_is_floating(dtype);
    case AGN_BINARY_LSHIFT:
    case AGN_BINARY_RSHIFT: return dtype == AGN_DTYPE_INT64;
    }
    return 1;
}

/* Shapes, contiguity and the two loop shapes shared by agn_binary and agn_add_scaled. With a float16 /
 * bfloat16 operand (validated by half_operands) the float32 rows run through agn_half_row, or for simple
 * arithmetic in one half dtype agn_half_arith_row (Note [Half arithmetic]). */
static agn_status run(binary_ctx *c, const agn_tensor *a, const agn_tensor *b, const agn_tensor *out, int half) {
    const agn_tensor *ops[3] = {out, a, b};
    agn_status s;
    for (int k = 0; k < 3; k++)
        if ((s = half ? agn_check_stored(ops[k]) : agn_check_tensor(ops[k])) != AGN_OK) return s;
    agn_half_arith ha = {{binary_row, c, 3, {out->dtype, a->dtype, b->dtype}, half ? agn_half_simd() : 0},
                         out->dtype, c->op, (float)c->alpha};
    agn_row_fn fn = half ? agn_half_row : binary_row;
    void *ctx = half ? (void *)&ha.job : (void *)c;
    if (half && agn_half_arith_applies(c->op, ha.job.dtype, ha.job.simd)) fn = agn_half_arith_row, ctx = &ha;
    if (agn_same_shape(out, a) && agn_same_shape(out, b) && agn_run_flat(3, ops, fn, ctx, AGN_GRAIN_ELEMENTWISE))
        return (agn_status)c->err.status;
    agn_iter it;
    if ((s = half ? agn_iter_init_stored(&it, 3, ops) : agn_iter_init(&it, 3, ops)) != AGN_OK) return s;
    agn_iter_run(&it, fn, ctx, AGN_GRAIN_ELEMENTWISE);
    return (agn_status)c->err.status;
}

/* Note [Half compute]: 1 when some operand is float16 / bfloat16 and all are of the float32 family
 * (out may be BOOL for a comparison), so the op runs as on float32; 0 when none is half. *bad gets
 * AGN_ERR_DTYPE for a half operand beside another dtype. */
static int half_operands(int32_t op, const agn_tensor *a, const agn_tensor *b, const agn_tensor *out, agn_status *bad) {
    const int32_t od = out->dtype;
    *bad = AGN_OK;
    if (!agn_is_half(a->dtype) && !agn_is_half(b->dtype) && !agn_is_half(od)) return 0;
    const int out_ok = is_comparison(op) ? od == AGN_DTYPE_BOOL : agn_computes_f32(od);
    if (!agn_computes_f32(a->dtype) || !agn_computes_f32(b->dtype) || !out_ok) *bad = AGN_ERR_DTYPE;
    return 1;
}

agn_status agn_binary(int32_t op, const agn_tensor *a, const agn_tensor *b, const agn_tensor *out) {
    agn_enter();
    if (op < AGN_BINARY_ADD || op > AGN_BINARY_LOGICAL_XOR) return AGN_ERR_INVALID_ARGUMENT;
    if (!a || !b || !out) return AGN_ERR_NULL_ARGUMENT;
    agn_status bad;
    if (half_operands(op, a, b, out, &bad)) {
        if (bad != AGN_OK || !op_supported(op, AGN_DTYPE_FLOAT32)) return AGN_ERR_DTYPE;
        binary_ctx c = {op, AGN_DTYPE_FLOAT32, {AGN_OK}, 0};
        return run(&c, a, b, out, 1);
    }
    if (a->dtype != b->dtype) return agn_check_tensor(a) != AGN_OK ? agn_check_tensor(a) : AGN_ERR_DTYPE;
    if (out->dtype != (is_comparison(op) ? AGN_DTYPE_BOOL : a->dtype))
        return agn_check_tensor(out) != AGN_OK ? agn_check_tensor(out) : AGN_ERR_DTYPE;
    if (agn_dtype_size(a->dtype) != 0 && !op_supported(op, a->dtype)) return AGN_ERR_DTYPE;
    binary_ctx c = {op, a->dtype, {AGN_OK}, 0};
    return run(&c, a, b, out, 0);
}

agn_status agn_add_scaled(const agn_tensor *a, const agn_tensor *b, double alpha, const agn_tensor *out) {
    AGN_ENTER_TIED("+x"(alpha));
    if (!a || !b || !out) return AGN_ERR_NULL_ARGUMENT;
    agn_status s;
    if (half_operands(AGN_BINARY_ADD, a, b, out, &s)) {
        if (s != AGN_OK) return s;
        binary_ctx c = {ADD_SCALED, AGN_DTYPE_FLOAT32, {AGN_OK}, alpha};
        return run(&c, a, b, out, 1);
    }
    if ((s = agn_check_tensor(a)) != AGN_OK) return s;
    if (a->dtype == AGN_DTYPE_BOOL || b->dtype != a->dtype || out->dtype != a->dtype) return AGN_ERR_DTYPE;
    /* an integral alpha for integer tensors, as PyTorch requires; NaN/Inf are fine for floats */
    if (a->dtype == AGN_DTYPE_INT64 && /* [-2^63, 2^63): the doubles the cast to int64 is defined for; NaN fails too */
        !(alpha >= -9223372036854775808.0 && alpha < 9223372036854775808.0 && alpha == trunc(alpha)))
        return AGN_ERR_INVALID_ARGUMENT;
    binary_ctx c = {ADD_SCALED, a->dtype, {AGN_OK}, alpha};
    return run(&c, a, b, out, 0);
}
