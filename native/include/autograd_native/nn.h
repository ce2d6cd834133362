/*
 * autograd_native/nn.h — neural-network kernels: softmax, convolution and im2col/col2im, pooling, and
 * layer / RMS normalisation, each with its backward.
 */
#ifndef AGN_NN_H
#define AGN_NN_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- softmax ------------------------------------------------------------------------------ */

/* out = softmax(x, dim) (or log_softmax when log != 0). FLOAT32 / FLOAT64. */
AGN_API agn_status agn_softmax(const agn_tensor *x, int32_t dim, int32_t log, const agn_tensor *out);
/* grad_in from grad_out and the forward output y: softmax: y * (g - sum(g*y));
 * log_softmax: g - exp(y) * sum(g). */
AGN_API agn_status agn_softmax_backward(const agn_tensor *grad_out, const agn_tensor *y,
                                        int32_t dim, int32_t log, const agn_tensor *grad_in);

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

/* ---- layer normalisation ------------------------------------------------------------------ */

/* y = (x - mean) / sqrt(var + eps) * weight + bias over each run of n contiguous elements of x (the
 * rows; M = numel / n of them), biased variance; writes mean [M] and rstd = 1 / sqrt(var + eps) [M]
 * for the backward, both of x's dtype or both FLOAT64 (which keeps a float32 row's mean exactly enough to
 * centre it again). weight and bias [n] or NULL. All contiguous, x, y, weight and bias of one dtype,
 * FLOAT32 / FLOAT64; numel divisible by n >= 1 (else AGN_ERR_SHAPE); any eps (var + eps below 0 or NaN
 * gives NaN rows, as in LibTorch). Identical results for every thread count; float32 results may
 * differ in the last bits between SIMD levels. */
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

#ifdef __cplusplus
}
#endif

#endif /* AGN_NN_H */
