/*
 * autograd_native/elementwise.h — elementwise kernels: binary ops (incl. comparisons), the scaled add,
 * unary ops, dtype conversion (copy) and where.
 */
#ifndef AGN_ELEMENTWISE_H
#define AGN_ELEMENTWISE_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- elementwise binary ------------------------------------------------------------------- */

typedef enum agn_binary_op {
    AGN_BINARY_ADD = 0,
    AGN_BINARY_SUB = 1,
    AGN_BINARY_MUL = 2,
    AGN_BINARY_DIV = 3,     /* integer division truncates; x/0 follows IEEE for floats, errors for ints */
    AGN_BINARY_POW = 4,
    AGN_BINARY_MAXIMUM = 5, /* NaN-propagating, like torch.maximum */
    AGN_BINARY_MINIMUM = 6,
    AGN_BINARY_EQ = 7,      /* comparisons write AGN_DTYPE_BOOL outputs */
    AGN_BINARY_NE = 8,
    AGN_BINARY_LT = 9,
    AGN_BINARY_LE = 10,
    AGN_BINARY_GT = 11,
    AGN_BINARY_GE = 12,
    AGN_BINARY_LOGICAL_AND = 13,
    AGN_BINARY_LOGICAL_OR = 14,
    AGN_BINARY_RELU_BACKWARD = 15, /* a = gradient, b = relu's output: b <= 0 ? 0 : a (PyTorch's
                                      threshold_backward at 0; a NaN output passes the gradient).
                                      FLOAT32 / FLOAT64 only */
    AGN_BINARY_FMOD = 16,        /* C's fmod (sign of a); INT64: a % b, b == 0 is AGN_ERR_INVALID_ARGUMENT */
    AGN_BINARY_REMAINDER = 17,   /* Python's %: sign of b; INT64 as FMOD */
    AGN_BINARY_COPYSIGN = 18,    /* |a| with b's sign bit; FLOAT32 / FLOAT64 only (and so on to XLOGY) */
    AGN_BINARY_ATAN2 = 19,
    AGN_BINARY_HYPOT = 20,
    AGN_BINARY_LOGADDEXP = 21,   /* log(exp(a) + exp(b)) without overflow; equal infinities give themselves */
    AGN_BINARY_XLOGY = 22,       /* a * log(b); 0 where a == 0 unless b is NaN */
    AGN_BINARY_BITWISE_AND = 23, /* INT64 / BOOL */
    AGN_BINARY_BITWISE_OR = 24,
    AGN_BINARY_BITWISE_XOR = 25,
    AGN_BINARY_LSHIFT = 26,      /* INT64: a << b, 0 when b < 0 or b >= 64 (PyTorch's rule) */
    AGN_BINARY_RSHIFT = 27,      /* INT64: arithmetic a >> b, a >> 63 when b < 0 or b >= 64 */
    AGN_BINARY_LOGICAL_XOR = 28  /* any dtype, BOOL output like the comparisons */
} agn_binary_op;

/* out = a (op) b. a, b and out share one shape and one dtype, except comparisons (out is BOOL).
 * When any operand is FLOAT16 / BFLOAT16, every operand may be any of FLOAT32, FLOAT16 and BFLOAT16
 * (out BOOL for comparisons): the op runs as on float32 operands and the result rounds to out's
 * dtype to nearest even. */
AGN_API agn_status agn_binary(int32_t op, const agn_tensor *a, const agn_tensor *b,
                              const agn_tensor *out);

/* out = a + alpha * b (alpha rounded to the dtype first, as PyTorch's add(alpha=) does): one pass,
 * so an SGD-style update or a scaled add needs no temporary. FLOAT32 / FLOAT64 / INT64 (an integral
 * alpha, else AGN_ERR_INVALID_ARGUMENT), or float16/bfloat16 mixed as for agn_binary (alpha rounded
 * to float32); shapes and strides as for agn_binary. */
AGN_API agn_status agn_add_scaled(const agn_tensor *a, const agn_tensor *b, double alpha,
                                  const agn_tensor *out);

/* ---- elementwise unary -------------------------------------------------------------------- */

typedef enum agn_unary_op {
    AGN_UNARY_NEG = 0,
    AGN_UNARY_EXP = 1,
    AGN_UNARY_LOG = 2,
    AGN_UNARY_LOG1P = 3,
    AGN_UNARY_SQRT = 4,
    AGN_UNARY_RSQRT = 5,
    AGN_UNARY_ABS = 6,
    AGN_UNARY_SIGN = 7,
    AGN_UNARY_SIN = 8,
    AGN_UNARY_COS = 9,
    AGN_UNARY_TANH = 10,
    AGN_UNARY_SIGMOID = 11,
    AGN_UNARY_RELU = 12,
    AGN_UNARY_CLAMP = 13,      /* p0 = min, p1 = max; a NaN bound means "none" */
    AGN_UNARY_POW_SCALAR = 14, /* x ** p0 */
    AGN_UNARY_FILL = 15,       /* out = p0 (x is ignored and may be NULL) */
    AGN_UNARY_AFFINE = 16,     /* out = x * p0 + p1 */
    AGN_UNARY_LOGICAL_NOT = 17, /* BOOL -> BOOL */
    AGN_UNARY_FLOOR = 18,       /* floating only (and so is every op below) */
    AGN_UNARY_TRUNC = 19,
    AGN_UNARY_CEIL = 20,
    AGN_UNARY_ROUND = 21,       /* round half to even at p0 decimal digits (p0 integral; negative: tens) */
    AGN_UNARY_FRAC = 22,        /* x - trunc(x) */
    AGN_UNARY_TAN = 23,
    AGN_UNARY_ASIN = 24,
    AGN_UNARY_ACOS = 25,
    AGN_UNARY_ATAN = 26,
    AGN_UNARY_SINH = 27,
    AGN_UNARY_COSH = 28,
    AGN_UNARY_ASINH = 29,
    AGN_UNARY_ACOSH = 30,
    AGN_UNARY_ATANH = 31,
    AGN_UNARY_EXP2 = 32,
    AGN_UNARY_EXPM1 = 33,
    AGN_UNARY_LOG2 = 34,
    AGN_UNARY_LOG10 = 35,
    AGN_UNARY_ERF = 36,
    AGN_UNARY_ERFC = 37,
    AGN_UNARY_ERFINV = 38,
    AGN_UNARY_LGAMMA = 39,
    AGN_UNARY_POLYGAMMA = 40,   /* p0 = n >= 0 (integral): the n-th derivative of digamma; n = 0 is digamma */
    AGN_UNARY_RECIPROCAL = 41,  /* 1 / x */
    AGN_UNARY_SINC = 42         /* sin(pi x) / (pi x), 1 at 0 */
} agn_unary_op;

/* out = op(x). x and out share shape and dtype. Integer dtypes support NEG ABS SIGN CLAMP FILL AFFINE.
 * When x or out is FLOAT16 / BFLOAT16, each may be any of FLOAT32, FLOAT16 and BFLOAT16: the op runs
 * as on float32 and the result rounds to out's dtype to nearest even. */
AGN_API agn_status agn_unary(int32_t op, const agn_tensor *x, const agn_tensor *out, double p0,
                             double p1);

/* out = src converted to out's dtype (float -> int truncates toward zero; nonzero -> true).
 * Shapes must match; any strides. */
AGN_API agn_status agn_copy(const agn_tensor *src, const agn_tensor *out);

/* out = cond ? a : b; cond is BOOL, a/b/out one dtype, all one shape. */
AGN_API agn_status agn_where(const agn_tensor *cond, const agn_tensor *a, const agn_tensor *b,
                             const agn_tensor *out);

#ifdef __cplusplus
}
#endif

#endif /* AGN_ELEMENTWISE_H */
