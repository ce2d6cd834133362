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
 * This header is the one to include; it pulls in the families, one header each under
 * autograd_native/:
 *     core.h         status codes, dtypes, agn_tensor, ABI version, library settings
 *     elementwise.h  binary (incl. comparisons), scaled add, unary, copy/convert, where
 *     reduce.h       reductions, scans, sort, topk
 *     index.h        index_select / index_add, gather, scatters
 *     linalg.h       matmul, dense float64 decompositions
 *     nn.h           softmax, convolution, im2col / col2im, pooling, layer / RMS norm
 *     optim.h        fused optimizer steps
 * Work above a grain size is split across threads (see agn_set_num_threads); SIMD variants (AVX2,
 * AVX-512) are chosen at run time from one binary (see agn_set_simd_level).
 *
 * ABI rules: enum values are only ever appended; a breaking change bumps AGN_ABI_VERSION, which the
 * .NET bindings check at load.
 */
#ifndef AUTOGRAD_NATIVE_H
#define AUTOGRAD_NATIVE_H

#include "autograd_native/core.h"
#include "autograd_native/elementwise.h"
#include "autograd_native/reduce.h"
#include "autograd_native/index.h"
#include "autograd_native/linalg.h"
#include "autograd_native/nn.h"
#include "autograd_native/optim.h"

#endif /* AUTOGRAD_NATIVE_H */
