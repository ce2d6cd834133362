/* The contract between the GEMM driver (matmul.c) and its register-blocked micro-kernels
 * (matmul_scalar.c, matmul_avx2.c, matmul_avx512.c). Internal; nothing here is exported. */
#ifndef AGN_MATMUL_KERNELS_H
#define AGN_MATMUL_KERNELS_H

#include <stdint.h>

/* C[mr x nr] = A[mr x kc] @ B[kc x nr]   (accumulate == 0)
 * C[mr x nr] += A[mr x kc] @ B[kc x nr]  (accumulate != 0)
 *
 * Strides are in elements. A element (r, k) is a[r * a_rs + k * a_ks]: any strides work, and
 * a_rs == 1 && a_ks == mr is the packed layout the kernels are fastest on. B row k is read as
 * nr_max (the kernel's full tile width) CONTIGUOUS elements at b + k * b_ks, so the driver must
 * pass either a packed, zero-padded panel or a unit-stride matrix with nr == nr_max. C element
 * (r, j) is c[r * c_rs + j * c_cs]; c_cs == 1 with a full tile takes the vector store path.
 * 1 <= mr <= kernel mr, 1 <= nr <= kernel nr, kc >= 0. Every output lane is computed by the same
 * chain of fused multiply-adds over k whatever mr/nr are, which is what makes results independent
 * of how the driver tiles the output (Note [Parallel determinism] in parallel.c). */
typedef void (*agn_mm_ukr_fn)(int64_t kc, const void *a, int64_t a_rs, int64_t a_ks,
                              const void *b, int64_t b_ks, void *c, int64_t c_rs, int64_t c_cs,
                              int32_t mr, int32_t nr, int32_t accumulate);

typedef struct agn_mm_kernel {
    agn_mm_ukr_fn ukr;
    int32_t mr, nr; /* register tile */
    int32_t kc;     /* K per packed block: an mr x kc A panel stays in L1 */
    int32_t nc;     /* N per packed B block (multiple of nr): a kc x nc block stays in L2 */
} agn_mm_kernel;

/* The kernel for a dtype at each ISA level, or NULL when that level has none for the dtype. */
const agn_mm_kernel *agn_mm_kernel_scalar(int32_t dtype);
const agn_mm_kernel *agn_mm_kernel_avx2(int32_t dtype);
const agn_mm_kernel *agn_mm_kernel_avx512(int32_t dtype);

#endif
