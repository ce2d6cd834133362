/*
 * autograd_native/linalg.h — batched matmul on descriptors and the dense float64 decompositions.
 */
#ifndef AGN_LINALG_H
#define AGN_LINALG_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- linear algebra ----------------------------------------------------------------------- */

/* out[b] = a[b] @ bmat[b] for 3-d a [B,M,K], bmat [B,K,N], out [B,M,N]; any strides (transposed
 * operands are read without copies where the kernel can). FLOAT32 / FLOAT64 / INT64.
 * If accumulate is nonzero, out += a @ b. */
AGN_API agn_status agn_matmul(const agn_tensor *a, const agn_tensor *bmat, const agn_tensor *out,
                              int32_t accumulate);

/* ---- dense decompositions ------------------------------------------------------------------ */

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

#ifdef __cplusplus
}
#endif

#endif /* AGN_LINALG_H */
