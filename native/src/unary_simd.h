/* Contiguous-run unary kernels with explicit SIMD (unary_avx2.c, unary_avx512.c). unary.c picks one
 * per call from agn_simd_active() and calls it for rows whose input and output are both dense; the
 * scalar libm loop stays the fallback (no SIMD level, strided rows, ops without a kernel). Internal. */
#ifndef AGN_UNARY_SIMD_H
#define AGN_UNARY_SIMD_H

#include <stdint.h>

/* out[i] = op(x[i]) for i < n over dense float32/float64 runs (pointers may be unaligned; out may
 * equal x). Returns 1 when done, 0 — having written nothing — when this variant has no kernel for
 * (op, dtype), so the caller falls back to its scalar loop. p0/p1 as in agn_unary. */
typedef int (*agn_unary_contig_fn)(int32_t op, int32_t dtype, void *out, const void *x, int64_t n,
                                   double p0, double p1);

/* The kernel of the active SIMD level (agn_simd_active), or NULL for the scalar loops (unary.c). */
agn_unary_contig_fn agn_unary_contig_pick(void);

int agn_unary_contig_avx2(int32_t op, int32_t dtype, void *out, const void *x, int64_t n, double p0,
                          double p1);
int agn_unary_contig_avx512(int32_t op, int32_t dtype, void *out, const void *x, int64_t n,
                            double p0, double p1);

#endif
