/*
 * autograd_native.h — the C ABI of Autograd.Native's kernels.
 *
 * Overview
 * --------
 * This library is the numeric engine behind the .NET autograd library `Autograd`. It knows nothing
 * about graphs, gradients or .NET: every entry point is a stateless kernel that reads tensors described
 * by `agn_tensor` descriptors, writes into memory the caller allocated, and returns an `agn_status`.
 * It never aborts, never prints, and keeps no memory past a call (scratch space may be thread-local
 * and reused).
 *
 * A tensor descriptor is a pointer to the first element plus a shape and per-dimension strides counted
 * in ELEMENTS (not bytes). A stride of 0 repeats an element: that is how broadcasting reaches the
 * kernels — the caller expands every input to the output's shape before the call. Pointers need not be
 * aligned beyond their element type's natural alignment... and not even that: kernels use unaligned
 * loads. Overlap rules: an output may alias an input exactly (same data, shape and strides: in-place
 * ops); any other overlap between an output and an input is undefined.
 *
 *     float a[6] = {...}, b[3] = {...}, out[6];
 *     int64_t s23[2] = {2, 3}, sa[2] = {3, 1}, sb[2] = {0, 1};   // b broadcast along dim 0
 *     agn_tensor ta = {a, s23, sa, 2, AGN_DTYPE_FLOAT32};
 *     agn_tensor tb = {b, s23, sb, 2, AGN_DTYPE_FLOAT32};
 *     agn_tensor to = {out, s23, sa, 2, AGN_DTYPE_FLOAT32};
 *     if (agn_binary(AGN_BINARY_ADD, &ta, &tb, &to) != AGN_OK) { ... }
 *
 * Families: elementwise binary (incl. comparisons), elementwise unary, copy/convert, reductions,
 * matmul, indexing, softmax. Work above a grain size is split across threads (see agn_set_num_threads);
 * SIMD variants (AVX2, AVX-512) are chosen at run time from one binary (see agn_set_simd_level).
 *
 * ABI rules: enum values are only ever appended; a breaking change bumps AGN_ABI_VERSION, which the
 * .NET bindings check at load.
 */
#ifndef AUTOGRAD_NATIVE_H
#define AUTOGRAD_NATIVE_H

#include <stdint.h>

#if defined(_WIN32)
#  if defined(AGN_BUILDING)
#    define AGN_API __declspec(dllexport)
#  else
#    define AGN_API __declspec(dllimport)
#  endif
#else
#  define AGN_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define AGN_ABI_VERSION 1
/* The most dimensions a descriptor may have (PyTorch allows 25; so do we). */
#define AGN_MAX_DIMS 25

typedef enum agn_status {
    AGN_OK = 0,
    AGN_ERR_NULL_ARGUMENT = 1,    /* a required pointer was NULL */
    AGN_ERR_INVALID_ARGUMENT = 2, /* an op code, dim or parameter out of range */
    AGN_ERR_DTYPE = 3,            /* a dtype the op does not support, or operands that disagree */
    AGN_ERR_SHAPE = 4,            /* operand shapes that do not fit the op */
    AGN_ERR_OUT_OF_MEMORY = 5,    /* scratch allocation failed */
    AGN_ERR_INDEX = 6,            /* an index tensor held a value out of range */
    AGN_ERR_OVERFLOW = 7          /* an element count or byte extent of a descriptor past int64 */
} agn_status;

typedef enum agn_dtype {
    AGN_DTYPE_FLOAT32 = 0,
    AGN_DTYPE_FLOAT64 = 1,
    AGN_DTYPE_INT64 = 2,
    AGN_DTYPE_BOOL = 3, /* one byte, 0 or 1 */
    /* Storage dtypes: agn_copy converts between every pair, agn_where and the index reads move
     * them; the elementwise kernels (agn_binary, agn_add_scaled, agn_unary) take float16/bfloat16
     * operands, mixed with float32 ones, and compute in float32, rounding each result once; every
     * other entry point returns AGN_ERR_DTYPE for them (callers compute in a wider dtype:
     * float16/bfloat16 in float32, the small integers in int64). */
    AGN_DTYPE_UINT8 = 4,
    AGN_DTYPE_INT8 = 5,
    AGN_DTYPE_INT16 = 6,
    AGN_DTYPE_INT32 = 7,
    AGN_DTYPE_FLOAT16 = 8,  /* IEEE binary16; stores round to nearest even */
    AGN_DTYPE_BFLOAT16 = 9  /* the upper half of a float32; stores round to nearest even */
} agn_dtype;

typedef struct agn_tensor {
    void *data;             /* first element (storage offset already applied) */
    const int64_t *shape;   /* ndim sizes, each >= 0 */
    const int64_t *strides; /* ndim strides in elements; 0 broadcasts; negative is allowed */
    int32_t ndim;           /* 0..AGN_MAX_DIMS; 0 is a scalar (shape/strides may be NULL) */
    int32_t dtype;          /* agn_dtype */
} agn_tensor;

/* ---- library ------------------------------------------------------------------------------ */

/* AGN_ABI_VERSION of the compiled library. */
AGN_API int32_t agn_abi_version(void);

/* SIMD levels: 0 scalar, 1 AVX2+FMA+F16C, 2 AVX-512. */
typedef enum agn_simd {
    AGN_SIMD_SCALAR = 0,
    AGN_SIMD_AVX2 = 1,
    AGN_SIMD_AVX512 = 2
} agn_simd;

/* Highest level this CPU supports. */
AGN_API int32_t agn_simd_supported(void);
/* Level in use (defaults to agn_simd_supported()). */
AGN_API int32_t agn_simd_level(void);
/* Caps the level in use (tests compare paths); a level above what the CPU supports is clamped. */
AGN_API agn_status agn_set_simd_level(int32_t level);

/* Threads used for work above the grain size; n >= 1. Default: the number of online CPUs. */
AGN_API agn_status agn_set_num_threads(int32_t n);
AGN_API int32_t agn_get_num_threads(void);

/* PyTorch's torch.set_flush_denormal: on != 0 sets flush-to-zero and denormals-are-zero in the
 * calling thread's floating-point control (MXCSR), 0 clears both. Returns 1 when the CPU supports it
 * (x86 with SSE3, PyTorch's condition), else 0 and changes nothing. Per thread, as in PyTorch; the
 * pool's workers run each region in the calling thread's control state, so results do not depend on
 * the thread count. */
AGN_API int32_t agn_set_flush_denormal(int32_t on);

/* Asks the kernel to back the 2 MB-aligned pages that lie wholly inside [data, data + bytes) with
 * transparent huge pages (Linux madvise(MADV_HUGEPAGE); PyTorch's THP_MEM_ALLOC_ENABLE does the same
 * for CPU buffers of 2 MB and more). Call it before the memory is first written: pages already
 * faulted in stay small until the kernel's background collapse. *advised gets the bytes advised (0:
 * no whole huge page inside, or a platform or kernel without transparent huge pages, which is not an
 * error). AGN_ERR_NULL_ARGUMENT for a null advised, or a null data with bytes > 0;
 * AGN_ERR_INVALID_ARGUMENT for bytes < 0. */
AGN_API agn_status agn_advise_huge_pages(void *data, int64_t bytes, int64_t *advised);

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

/* ---- reductions --------------------------------------------------------------------------- */

typedef enum agn_reduce_op {
    AGN_REDUCE_SUM = 0,
    AGN_REDUCE_PROD = 1,
    AGN_REDUCE_MAX = 2, /* NaN propagates; indices (if given) point at the first max */
    AGN_REDUCE_MIN = 3
} agn_reduce_op;

/* Reduces x into out. out has x's ndim; out->shape[d] is either x->shape[d] (kept) or 1 (reduced).
 * `indices` is NULL or an INT64 tensor shaped like out, receiving the position along the single
 * reduced dim (MAX/MIN only, exactly one reduced dim). Reducing an empty extent gives the identity
 * (0 for SUM, 1 for PROD); MAX/MIN of an empty extent is AGN_ERR_SHAPE. */
AGN_API agn_status agn_reduce(int32_t op, const agn_tensor *x, const agn_tensor *out,
                              const agn_tensor *indices);

/* ---- linear algebra ----------------------------------------------------------------------- */

/* out[b] = a[b] @ bmat[b] for 3-d a [B,M,K], bmat [B,K,N], out [B,M,N]; any strides (transposed
 * operands are read without copies where the kernel can). FLOAT32 / FLOAT64 / INT64.
 * If accumulate is nonzero, out += a @ b. */
AGN_API agn_status agn_matmul(const agn_tensor *a, const agn_tensor *bmat, const agn_tensor *out,
                              int32_t accumulate);

/* ---- indexing ----------------------------------------------------------------------------- */

/* out = x.index_select(dim, index): index is a 1-d INT64 tensor, out is x with shape[dim] = len. */
AGN_API agn_status agn_index_select(const agn_tensor *x, int32_t dim, const agn_tensor *index,
                                    const agn_tensor *out);
/* out.index_add_(dim, index, src): out[..., index[i], ...] += src[..., i, ...]. */
AGN_API agn_status agn_index_add(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                                 const agn_tensor *src);
/* out = x.gather(dim, index): index INT64 with out's shape. */
AGN_API agn_status agn_gather(const agn_tensor *x, int32_t dim, const agn_tensor *index,
                              const agn_tensor *out);
/* out.scatter_add_(dim, index, src): index and src share a shape. */
AGN_API agn_status agn_scatter_add(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                                   const agn_tensor *src);

/* ---- softmax ------------------------------------------------------------------------------ */

/* out = softmax(x, dim) (or log_softmax when log != 0). FLOAT32 / FLOAT64. */
AGN_API agn_status agn_softmax(const agn_tensor *x, int32_t dim, int32_t log, const agn_tensor *out);
/* grad_in from grad_out and the forward output y: softmax: y * (g - sum(g*y));
 * log_softmax: g - exp(y) * sum(g). */
AGN_API agn_status agn_softmax_backward(const agn_tensor *grad_out, const agn_tensor *y,
                                        int32_t dim, int32_t log, const agn_tensor *grad_in);

/* ---- optimizers --------------------------------------------------------------------------- */

/* The hyper-parameters of one Adam / AdamW step (agn_adam). */
typedef struct agn_adam_hyper {
    double lr, beta1, beta2, eps, weight_decay;
    double step;       /* the parameter's step count including this one: 1 on its first update */
    int32_t decoupled; /* AdamW: param *= 1 - lr * weight_decay, instead of grad += weight_decay * param */
    int32_t amsgrad;   /* max_exp_avg_sq is given, and the running maximum of exp_avg_sq is used */
    int32_t maximize;  /* ascend: the gradient's sign is flipped */
    int32_t reserved;  /* 0 */
} agn_adam_hyper;

/* One step of PyTorch's single-tensor Adam on one parameter, in one pass: param, exp_avg, exp_avg_sq
 * (and max_exp_avg_sq with amsgrad, else NULL) are updated in place from grad, with PyTorch's order of
 * operations in the tensors' dtype (lerp for exp_avg, mul + addcmul for exp_avg_sq, addcdiv for param).
 * FLOAT32 / FLOAT64, all of one dtype and shape, any strides. AGN_ERR_INVALID_ARGUMENT for lr, eps or
 * weight_decay < 0, betas outside [0, 1), step < 1, reserved != 0, or max_exp_avg_sq given without
 * amsgrad (or missing with it); nothing is written then. */
AGN_API agn_status agn_adam(const agn_tensor *param, const agn_tensor *grad, const agn_tensor *exp_avg,
                            const agn_tensor *exp_avg_sq, const agn_tensor *max_exp_avg_sq,
                            const agn_adam_hyper *h);

/* ---- convolution -------------------------------------------------------------------------- */

/* The geometry of a 2-d convolution (a 1-d one is 2-d with height 1). pad_h / pad_w count the zero
 * rows above and columns left of the input; the padding below and right is whatever the output's
 * size implies, so asymmetric padding needs no copy. stride and dilation >= 1, pads >= 0, groups >= 1
 * (else AGN_ERR_INVALID_ARGUMENT). */
typedef struct agn_conv2d_params {
    int64_t stride_h, stride_w;
    int64_t pad_h, pad_w;
    int64_t dilation_h, dilation_w;
    int64_t groups;
} agn_conv2d_params;

/* out[n, co, oh, ow] = bias[co] + sum over c in co's group, kh, kw of
 *   weight[co, c, kh, kw] * input[n, g * C/G + c, oh*stride_h - pad_h + kh*dilation_h,
 *                                  ow*stride_w - pad_w + kw*dilation_w]   (0 outside the input).
 * input [N, C, H, W], weight [Co, C/groups, KH, KW], out [N, Co, OH, OW] (any OH, OW >= 0), all
 * CONTIGUOUS (else AGN_ERR_INVALID_ARGUMENT), one dtype, FLOAT32 / FLOAT64; C and Co divisible by
 * groups; bias NULL or 1-d [Co], any stride. Results are identical for every thread count. */
AGN_API agn_status agn_conv2d(const agn_tensor *input, const agn_tensor *weight,
                              const agn_tensor *bias, const agn_tensor *out,
                              const agn_conv2d_params *p);
/* The adjoint of agn_conv2d in its input (overwrites grad_input [N, C, H, W]), which is also
 * ConvTranspose2d's forward. Shapes, contiguity and dtypes as agn_conv2d with grad_out as out,
 * except that grad_out may have any strides that space its pixels evenly (strides[2] ==
 * strides[3] * OW, or OH == 1), e.g. a broadcast (else AGN_ERR_INVALID_ARGUMENT). */
AGN_API agn_status agn_conv2d_backward_input(const agn_tensor *grad_out, const agn_tensor *weight,
                                             const agn_tensor *grad_input,
                                             const agn_conv2d_params *p);
/* The gradient of agn_conv2d in its weight (overwrites grad_weight [Co, C/groups, KH, KW]): the
 * sum over samples and output pixels of grad_out times the input element each weight met.
 * grad_out's strides as for agn_conv2d_backward_input. */
AGN_API agn_status agn_conv2d_backward_weight(const agn_tensor *grad_out, const agn_tensor *input,
                                              const agn_tensor *grad_weight,
                                              const agn_conv2d_params *p);

/* F.unfold: cols [N, C*KH*KW, L] = the column matrix of agn_conv2d (row (c*KH + kh)*KW + kw, column
 * oh*OW + ow holds input[n, c, oh*stride_h - pad_h + kh*dilation_h, ow*stride_w - pad_w + kw*dilation_w],
 * 0 outside) of input [N, C, H, W] with symmetric padding: OH = (H + 2 pad_h - dilation_h (KH - 1) - 1) /
 * stride_h + 1, OW alike, L = OH * OW (else AGN_ERR_SHAPE). p->groups is ignored. Contiguous, one
 * floating dtype; moves bits only. */
AGN_API agn_status agn_im2col(const agn_tensor *input, const agn_tensor *cols, int64_t kernel_h,
                              int64_t kernel_w, const agn_conv2d_params *p);
/* F.fold, the adjoint of agn_im2col: out [N, C, H, W] (overwritten) = the sum of each column element
 * into the input position it was read from. Shapes and rules as agn_im2col. */
AGN_API agn_status agn_col2im(const agn_tensor *cols, const agn_tensor *out, int64_t kernel_h,
                              int64_t kernel_w, const agn_conv2d_params *p);

/* ---- layer normalisation ------------------------------------------------------------------ */

/* y = (x - mean) / sqrt(var + eps) * weight + bias over each run of n contiguous elements of x (the
 * rows; M = numel / n of them), biased variance; writes mean [M] and rstd = 1 / sqrt(var + eps) [M]
 * for the backward, both of x's dtype or both FLOAT64 (which keeps a float32 row's mean exactly enough to
 * centre it again). weight and bias [n] or NULL. All contiguous, x, y, weight and bias of one dtype,
 * FLOAT32 / FLOAT64; numel divisible by n >= 1 (else AGN_ERR_SHAPE); any eps (var + eps below 0 or NaN
 * gives NaN rows, as in LibTorch). Identical results for every thread count; float32 results may differ in the last bits between SIMD levels. */
AGN_API agn_status agn_layer_norm(const agn_tensor *x, const agn_tensor *weight, const agn_tensor *bias,
                                  const agn_tensor *y, const agn_tensor *mean, const agn_tensor *rstd,
                                  int64_t n, double eps);
/* The gradients of agn_layer_norm from its saved mean and rstd: grad_input (x's shape), grad_weight and
 * grad_bias ([n]), each NULL when not wanted, overwritten. weight NULL when the forward had none.
 * grad_out is contiguous or has every stride 0 (one value broadcast, as a sum's gradient is). */
AGN_API agn_status agn_layer_norm_backward(const agn_tensor *grad_out, const agn_tensor *x,
                                           const agn_tensor *mean, const agn_tensor *rstd,
                                           const agn_tensor *weight, const agn_tensor *grad_input,
                                           const agn_tensor *grad_weight, const agn_tensor *grad_bias,
                                           int64_t n);
/* RMS normalisation, agn_layer_norm with the mean taken as 0: y = x * rstd * weight with rstd =
 * 1 / sqrt(mean(x^2) + eps) [M] written (x's dtype or FLOAT64); weight [n] or NULL; the same rules. */
AGN_API agn_status agn_rms_norm(const agn_tensor *x, const agn_tensor *weight, const agn_tensor *y,
                                const agn_tensor *rstd, int64_t n, double eps);
/* The gradients of agn_rms_norm from its saved rstd, as agn_layer_norm_backward (no bias):
 * dx = rstd * (g - xhat * mean(g * xhat)), g = grad_out * weight, xhat = x * rstd. */
AGN_API agn_status agn_rms_norm_backward(const agn_tensor *grad_out, const agn_tensor *x, const agn_tensor *rstd,
                                         const agn_tensor *weight, const agn_tensor *grad_input,
                                         const agn_tensor *grad_weight, int64_t n);

/* ---- status ------------------------------------------------------------------------------- */

/* A short English description of a status ("invalid argument"), never NULL: an unknown value gives
 * "unknown status". The string is static; do not free it. */
AGN_API const char *agn_status_string(int32_t status);

/* ---- pooling ------------------------------------------------------------------------------ */

/* The windows of a 2-d pooling over input [N, C, H, W] into out [N, C, OH, OW] (a 1-d pooling is a 2-d one
 * of height 1). Fixed windows (adaptive == 0): output (oh, ow) covers rows oh*stride_h - pad_h + i*dilation_h
 * for i < kernel_h (and columns alike), clipped to the input. Adaptive windows (adaptive != 0; kernel,
 * stride, pad and dilation ignored): rows floor(oh*H/OH) to ceil((oh+1)*H/OH), columns alike. Averages
 * divide by divisor_override when it is > 0, else by the window's size counting the padding within
 * [-pad, H + pad) when count_include_pad, else by its size inside the input. Kernel, stride and dilation
 * >= 1, pads >= 0, else AGN_ERR_INVALID_ARGUMENT. */
typedef struct agn_pool2d_params {
    int64_t kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
    int32_t adaptive, count_include_pad;
    int64_t divisor_override;
} agn_pool2d_params;

/* out = the maximum of each window (the first maximum wins a tie; a NaN wins, the last one) and indices (INT64,
 * out's shape) = its flat position ih * W + iw in the input plane. An empty window gives -inf and index
 * -1. Contiguous input, out and indices (else AGN_ERR_INVALID_ARGUMENT); FLOAT32 / FLOAT64. */
AGN_API agn_status agn_max_pool2d(const agn_tensor *input, const agn_tensor *out, const agn_tensor *indices,
                                  const agn_pool2d_params *p);
/* out = the average of each window (an empty window gives NaN, 0 / 0). Contiguous; FLOAT32 / FLOAT64. */
AGN_API agn_status agn_avg_pool2d(const agn_tensor *input, const agn_tensor *out, const agn_pool2d_params *p);
/* The adjoint of agn_avg_pool2d: grad_input [N, C, H, W] (overwritten) from grad_out [N, C, OH, OW]. */
AGN_API agn_status agn_avg_pool2d_backward(const agn_tensor *grad_out, const agn_tensor *grad_input,
                                           const agn_pool2d_params *p);

/* ---- linear algebra ----------------------------------------------------------------------- */

/* Dense decompositions of contiguous row-major FLOAT64 batches of matrices ([batch, rows, cols], no
 * descriptors: the caller makes a contiguous float64 copy). Sizes < 0 give AGN_ERR_INVALID_ARGUMENT,
 * missing buffers for a non-empty batch AGN_ERR_NULL_ARGUMENT. Numerical failure is not an error
 * status: it is reported per matrix in `info`, as LAPACK does, for the caller to word. */

/* LU with partial pivoting in place, a [batch, n, n] = P L U (L unit lower, U upper, LAPACK's getrf
 * layout); pivots [batch, n] are 1-based rows swapped with, as getrf's ipiv; info [batch] is 0 or the
 * 1-based index of the first zero on U's diagonal (the factorization still completes). */
AGN_API agn_status agn_linalg_lu(double *a, int64_t batch, int64_t n, int64_t *pivots, int64_t *info);
/* Solves A X = B from agn_linalg_lu's factors; rhs [batch, n, k] holds B and is overwritten by X. */
AGN_API agn_status agn_linalg_lu_solve(const double *lu, const int64_t *pivots, double *rhs, int64_t batch,
                                       int64_t n, int64_t k);
/* Cholesky in place: reads the lower triangle of a [batch, n, n], writes L (A = L L^T) with the upper
 * triangle zeroed; info [batch] is 0 or the order of the first leading minor that is not positive
 * definite (NaN counts as not positive). */
AGN_API agn_status agn_linalg_cholesky(double *a, int64_t batch, int64_t n, int64_t *info);
/* Householder QR of a [batch, m, n] with LAPACK's reflectors (R's diagonal is -sign(pivot)·norm; no
 * reflection, hence no sign change, for a column that is already zero below the diagonal):
 * q [batch, m, mc] with orthonormal columns, r [batch, mc, n] upper triangular, mc = m when complete,
 * else min(m, n). */
AGN_API agn_status agn_linalg_qr(const double *a, double *q, double *r, int64_t batch, int64_t m, int64_t n,
                                 int32_t complete);
/* Symmetric eigendecomposition by cyclic Jacobi from the lower triangle of a [batch, n, n] (the upper
 * is never read): eigenvalues w [batch, n] ascending, orthonormal eigenvectors as the columns of
 * v [batch, n, n]. Each vector's sign is arbitrary. */
AGN_API agn_status agn_linalg_eigh(const double *a, double *w, double *v, int64_t batch, int64_t n);
/* SVD by one-sided Jacobi: a [batch, m, n] = u diag(s) vh with k = min(m, n) singular values s
 * [batch, k] descending, u [batch, m, full ? m : k], vh [batch, full ? n : k, n]. Singular vectors
 * of zero singular values, and the extra ones of a full SVD, complete orthonormal bases. Signs are
 * arbitrary (paired: u's column j and vh's row j flip together). */
AGN_API agn_status agn_linalg_svd(const double *a, double *u, double *s, double *vh, int64_t batch, int64_t m,
                                  int64_t n, int32_t full);

/* ---- scans -------------------------------------------------------------------------------- */

typedef enum agn_scan_op {
    AGN_SCAN_CUMSUM = 0,
    AGN_SCAN_CUMPROD = 1,
    AGN_SCAN_CUMMAX = 2,      /* x >= running max replaces it (a tie takes the later index); NaN wins */
    AGN_SCAN_CUMMIN = 3,      /* x <= running min replaces it */
    AGN_SCAN_LOGCUMSUMEXP = 4 /* floating only */
} agn_scan_op;

/* out[..., k, ...] = the scan of x[..., 0..k, ...] along dim, for x and out of one shape and dtype
 * (FLOAT32 / FLOAT64 / INT64; float32 accumulates in double, as LibTorch's CPU kernels do).
 * cummax / cummin also write the position of the running value to indices (INT64, x's shape);
 * indices is ignored (may be NULL) for the other ops. A 0-d x is one line (dim 0). Any strides; out
 * may alias x exactly. Results are identical for every thread count (Note [Blocked cumsum]). */
AGN_API agn_status agn_scan(int32_t op, const agn_tensor *x, int32_t dim, const agn_tensor *out,
                            const agn_tensor *indices);

/* ---- sorting ------------------------------------------------------------------------------ */

/* Sorts every line of x along dim, stably: indices (INT64, x's shape) gets the source positions in
 * sorted order and values (x's dtype and shape, or NULL) the elements themselves. Ascending puts
 * NaN last, descending first; equal elements (-0.0 and 0.0 included) keep their source order in
 * both directions, as LibTorch's CPU sort. FLOAT32 / FLOAT64 / INT64; any strides; values must not
 * overlap x. A 0-d x is one line (dim 0). */
AGN_API agn_status agn_sort(const agn_tensor *x, int32_t dim, int32_t descending,
                            const agn_tensor *values, const agn_tensor *indices);

/* The positions (INT64) of the k largest (largest != 0) or smallest elements of every line of x along
 * dim, written along dim of indices, whose shape is x's with k (0 <= k <= the dim's size) in that
 * dim's place. NaN is larger than every number. Which of equal elements are chosen, and their order,
 * are LibTorch's CPU topk's (Note [Topk order], topk.c): sorted by value when sorted != 0 or
 * k * 64 <= the dim's size, else LibTorch's selection order. FLOAT32 / FLOAT64 / INT64; any strides.
 * A 0-d x is one line (dim 0). */
AGN_API agn_status agn_topk(const agn_tensor *x, int32_t dim, int32_t largest, int32_t sorted,
                            const agn_tensor *indices);

/* Sorts every line of x along dim as libstdc++'s std::sort does, which is not stable: indices (INT64,
 * x's shape) gets the source positions in that order, equal elements wherever its introsort leaves them
 * (Note [Topk order], topk.c). NaN is larger than every number; -0.0 equals 0.0. LibTorch's CPU mode
 * sorts its lines this way. FLOAT32 / FLOAT64 / INT64; any strides. A 0-d x is one line (dim 0). */
AGN_API agn_status agn_sort_unstable(const agn_tensor *x, int32_t dim, const agn_tensor *indices);

/* ---- scatter ------------------------------------------------------------------------------ */

typedef enum agn_scatter_op {
    AGN_SCATTER_ASSIGN = 0, /* the later duplicate wins */
    AGN_SCATTER_SUM = 1,
    AGN_SCATTER_PROD = 2,
    AGN_SCATTER_AMAX = 3,   /* NaN propagates */
    AGN_SCATTER_AMIN = 4
} agn_scatter_op;

/* out[..., index[p], ...] (op)= src[p] along dim for every position p of index; index INT64 with
 * src's shape, no larger than out off dim. FLOAT32 / FLOAT64 / INT64 (BOOL: assign, or sum as
 * logical or). Every index is checked first (AGN_ERR_INDEX writes nothing); duplicates apply in
 * index order along dim, identical for every thread count. */
AGN_API agn_status agn_scatter_reduce(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                                      const agn_tensor *src, int32_t reduce);

#ifdef __cplusplus
}
#endif

#endif /* AUTOGRAD_NATIVE_H */
