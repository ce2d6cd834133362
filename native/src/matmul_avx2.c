/* AVX2+FMA GEMM micro-kernels and packing (compiled with -mavx2 -mfma; chosen at run time by
 * matmul.c). float32: 6 x 16 tile (two ymm per row), float64: 6 x 8. 12 accumulators + 2 B
 * vectors + one broadcast use 15 of the 16 ymm registers: the classic Haswell-era shape, 12 FMAs
 * per k step against 2 loads and 6 broadcasts. */
#include "internal.h"
#include "matmul_kernels.h"
#include "matmul_transpose.h"

#include <immintrin.h>

/* Lane sums for the GEMV dot kernel: halves folded pairwise, a fixed order. */
static inline float hsum256_ps(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
static inline double hsum256_pd(__m256d v) {
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

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
#define GV_DOT gemv_dot_f32
#define GV_AXPY gemv_axpy_f32
#define GV_HSUM(v) hsum256_ps(v)
#define GV_FMA1(a, b, c) __builtin_fmaf(a, b, c)
#include "matmul_gemv.h"
#undef GV_DOT
#undef GV_AXPY
#undef GV_HSUM
#undef GV_FMA1
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
#define GV_DOT gemv_dot_f64
#define GV_AXPY gemv_axpy_f64
#define GV_HSUM(v) hsum256_pd(v)
#define GV_FMA1(a, b, c) __builtin_fma(a, b, c)
#include "matmul_gemv.h"

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
static const agn_mm_kernel k_f32 = {ukr_f32, pack_a_32, pack_b_32, 6, 16, 256, 512, 1152,
                                    gemv_dot_f32, gemv_axpy_f32, ukr_f32_rows, ukr_f32_arows};
static const agn_mm_kernel k_f64 = {ukr_f64, pack_a_64, pack_b_64, 6, 8, 256, 256, 1152,
                                    gemv_dot_f64, gemv_axpy_f64, ukr_f64_rows, ukr_f64_arows};

const agn_mm_kernel *agn_mm_kernel_avx2(int32_t dtype) {
    switch (dtype) {
    case AGN_DTYPE_FLOAT32: return &k_f32;
    case AGN_DTYPE_FLOAT64: return &k_f64;
    default: return NULL;
    }
}
