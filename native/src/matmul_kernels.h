/* The contract between the GEMM driver (matmul.c) and its register-blocked micro-kernels
 * (matmul_scalar.c, matmul_avx2.c, matmul_avx512.c). Internal; nothing here is exported. */
#ifndef AGN_MATMUL_KERNELS_H
#define AGN_MATMUL_KERNELS_H

#include <stdint.h>

/* Unaligned, may_alias views used when packing moves raw element bits out of user memory. */
typedef uint32_t agn_mm_u32 __attribute__((aligned(1), may_alias));
typedef uint64_t agn_mm_u64 __attribute__((aligned(1), may_alias));

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

/* Packing (see matmul_pack.h): an mc x kc block of A (element (r, k) at src + (r*rs + k*ks)
 * elements) into k-major mr-row panels, the layout the kernel reads with a_rs = 1, a_ks = mr; and
 * a kc x nc block of B into zero-padded nr-wide panels. src is a byte pointer to element (0, 0). */
typedef void (*agn_mm_pack_a_fn)(void *dst, const char *src, int64_t rs, int64_t ks, int64_t mc,
                                 int64_t kc);
typedef void (*agn_mm_pack_b_fn)(void *dst, const char *src, int64_t ks, int64_t ns, int64_t kc,
                                 int64_t nc);

typedef struct agn_mm_kernel {
    agn_mm_ukr_fn ukr;
    agn_mm_pack_a_fn pack_a;
    agn_mm_pack_b_fn pack_b;
    int32_t mr, nr; /* register tile */
    int32_t kc;     /* K per packed block: an mr x kc A panel stays in L1 */
    int32_t nc;     /* N per packed B block (multiple of nr): a kc x nc block stays in L2 */
    int32_t mc;     /* M per packed A block (multiple of mr): packed once per K block, from L3 */
} agn_mm_kernel;

/* The kernel for a dtype at each ISA level, or NULL when that level has none for the dtype. */
const agn_mm_kernel *agn_mm_kernel_scalar(int32_t dtype);
const agn_mm_kernel *agn_mm_kernel_avx2(int32_t dtype);
const agn_mm_kernel *agn_mm_kernel_avx512(int32_t dtype);

#endif
