/*
 * autograd_native/reduce.h — kernels that combine elements along dims: reductions, scans, sort and topk.
 */
#ifndef AGN_REDUCE_H
#define AGN_REDUCE_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

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
 * (0 for SUM, 1 for PROD); MAX/MIN of an empty extent is AGN_ERR_SHAPE. out has x's dtype (INT64
 * for SUM/PROD of BOOL); a FLOAT16 or BFLOAT16 x reduces into its own dtype or FLOAT32, read
 * directly with the bits of reducing its float32 copy (a half out rounds to nearest even). */
AGN_API agn_status agn_reduce(int32_t op, const agn_tensor *x, const agn_tensor *out,
                              const agn_tensor *indices);

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

#ifdef __cplusplus
}
#endif

#endif /* AGN_REDUCE_H */
