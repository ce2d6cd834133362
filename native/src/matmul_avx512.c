/* AVX-512 GEMM micro-kernels and packing (compiled with -mavx512f ...; chosen at run time by
 * matmul.c). float32: 12 x 32 tile (two zmm per row), float64: 12 x 16. 24 accumulators + 2 B
 * vectors + one broadcast fit the 32 zmm registers; per k step that is 24 FMAs against 2 vector
 * loads and 12 broadcasts, enough independent chains to keep both FMA ports busy through the
 * 4-cycle latency. */
#include "internal.h"
#include "matmul_kernels.h"
#include "matmul_transpose.h"

#include <immintrin.h>

#define UKR_VW 16
#define UKR_MR 12
#define UKR_T float
#define UKR_TU agn_f32
#define UKR_V __m512
#define UKR_NAME ukr_f32
#define UKR_ZERO() _mm512_setzero_ps()
#define UKR_SET1(x) _mm512_set1_ps(x)
#define UKR_FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define UKR_ADD(a, b) _mm512_add_ps(a, b)
#define UKR_LOADU(p) _mm512_loadu_ps((const void *)(p))
#define UKR_STOREU(p, v) _mm512_storeu_ps((void *)(p), v)
#include "matmul_ukr.h"
#define GV_DOT gemv_dot_f32
#define GV_AXPY gemv_axpy_f32
#define GV_HSUM(v) _mm512_reduce_add_ps(v)
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

#define UKR_VW 8
#define UKR_T double
#define UKR_TU agn_f64
#define UKR_V __m512d
#define UKR_NAME ukr_f64
#define UKR_ZERO() _mm512_setzero_pd()
#define UKR_SET1(x) _mm512_set1_pd(x)
#define UKR_FMA(a, b, c) _mm512_fmadd_pd(a, b, c)
#define UKR_ADD(a, b) _mm512_add_pd(a, b)
#define UKR_LOADU(p) _mm512_loadu_pd((const void *)(p))
#define UKR_STOREU(p, v) _mm512_storeu_pd((void *)(p), v)
#include "matmul_ukr.h"
#define GV_DOT gemv_dot_f64
#define GV_AXPY gemv_axpy_f64
#define GV_HSUM(v) _mm512_reduce_add_pd(v)
#define GV_FMA1(a, b, c) __builtin_fma(a, b, c)
#include "matmul_gemv.h"

#define PACK_SUFFIX 32
#define PACK_U uint32_t
#define PACK_UU agn_mm_u32
#define PACK_MR 12
#define PACK_NR 32
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
#define PACK_NR 16
#include "matmul_pack.h"

/* kc = 384 keeps a 12 x 384 float A panel (18 KB) in the 48 KB L1; nc = 512 makes the packed
 * 384 x 512 B block 768 KB, well inside the 2 MB L2 of the cores this targets; mc = 1152 rows of
 * packed A (1.7 MB) come from L3. float64 halves kc so the byte sizes stay the same. */
static const agn_mm_kernel k_f32 = {ukr_f32, pack_a_32, pack_b_32, 12, 32, 384, 512, 1152,
                                    gemv_dot_f32, gemv_axpy_f32, ukr_f32_rows, ukr_f32_arows};
static const agn_mm_kernel k_f64 = {ukr_f64, pack_a_64, pack_b_64, 12, 16, 192, 512, 1152,
                                    gemv_dot_f64, gemv_axpy_f64, ukr_f64_rows, ukr_f64_arows};

const agn_mm_kernel *agn_mm_kernel_avx512(int32_t dtype) {
    switch (dtype) {
    case AGN_DTYPE_FLOAT32: return &k_f32;
    case AGN_DTYPE_FLOAT64: return &k_f64;
    default: return NULL;
    }
}
