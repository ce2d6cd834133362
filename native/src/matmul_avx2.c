/* AVX2+FMA GEMM micro-kernels and packing (compiled with -mavx2 -mfma; chosen at run time by
 * matmul.c). float32: 6 x 16 tile (two ymm per row), float64: 6 x 8. 12 accumulators + 2 B
 * vectors + one broadcast use 15 of the 16 ymm registers: the classic Haswell-era shape, 12 FMAs
 * per k step against 2 loads and 6 broadcasts. */
#include "internal.h"
#include "matmul_kernels.h"
#include "matmul_transpose.h"

#include <immintrin.h>

#define UKR_VW 8
#define UKR_MR 6
#define UKR_T float
#define UKR_TU agn_f32
#define UKR_V __m256
#define UKR_NAME ukr_f32
#define UKR_ZERO() _mm256_setzero_ps()
#define UKR_SET1(x) _mm256_set1_ps(x)
#define UKR_FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define UKR_ADD(a, b) _mm256_add_ps(a, b)
#define UKR_LOADU(p) _mm256_loadu_ps((const float *)(const void *)(p))
#define UKR_STOREU(p, v) _mm256_storeu_ps((float *)(void *)(p), v)
#include "matmul_ukr.h"
#undef UKR_VW
#undef UKR_T
#undef UKR_TU
#undef UKR_V
#undef UKR_NAME
#undef UKR_ZERO
#undef UKR_SET1
#undef UKR_FMA
#undef UKR_ADD
#undef UKR_LOADU
#undef UKR_STOREU

#define UKR_VW 4
#define UKR_T double
#define UKR_TU agn_f64
#define UKR_V __m256d
#define UKR_NAME ukr_f64
#define UKR_ZERO() _mm256_setzero_pd()
#define UKR_SET1(x) _mm256_set1_pd(x)
#define UKR_FMA(a, b, c) _mm256_fmadd_pd(a, b, c)
#define UKR_ADD(a, b) _mm256_add_pd(a, b)
#define UKR_LOADU(p) _mm256_loadu_pd((const double *)(const void *)(p))
#define UKR_STOREU(p, v) _mm256_storeu_pd((double *)(void *)(p), v)
#include "matmul_ukr.h"

/* The 6-row A panel is not a multiple of the 4-row transposes, so only B^T uses them. */
#define PACK_SUFFIX 32
#define PACK_U uint32_t
#define PACK_UU agn_mm_u32
#define PACK_MR 6
#define PACK_NR 16
#define PACK_TRANSPOSE transpose_pack_f32
#include "matmul_pack.h"
#undef PACK_SUFFIX
#undef PACK_U
#undef PACK_UU
#undef PACK_NR
#undef PACK_TRANSPOSE

#define PACK_SUFFIX 64
#define PACK_U uint64_t
#define PACK_UU agn_mm_u64
#define PACK_TRANSPOSE transpose_pack_f64
#define PACK_NR 8
#include "matmul_pack.h"

/* kc = 256: a 6 x 256 float A panel is 6 KB of L1; the 256 x 512 B block is 512 KB of L2. */
static const agn_mm_kernel k_f32 = {ukr_f32, pack_a_32, pack_b_32, 6, 16, 256, 512, 1152};
static const agn_mm_kernel k_f64 = {ukr_f64, pack_a_64, pack_b_64, 6, 8, 256, 256, 1152};

const agn_mm_kernel *agn_mm_kernel_avx2(int32_t dtype) {
    switch (dtype) {
    case AGN_DTYPE_FLOAT32: return &k_f32;
    case AGN_DTYPE_FLOAT64: return &k_f64;
    default: return NULL;
    }
}
