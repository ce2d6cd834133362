/* AVX2+FMA variants of the contiguous unary kernels (compiled with -mavx2 -mfma; chosen at run time
 * by unary.c). Like unary_avx512.c this only maps the vector vocabulary of unary_vmath_f32.h /
 * unary_vmath_f64.h onto intrinsics; comparison results here are all-ones lane masks in a vector. */
#include "internal.h"
#include "unary_simd.h"

#include <immintrin.h>

/* ---- float32: 8 lanes ---- */
#define VF_W 8
typedef __m256 vf;
typedef __m256i vfi;
typedef __m256 vfm;
static inline vf vf_set(float a) { return _mm256_set1_ps(a); }
static inline vf vf_load(const agn_f32 *p) { return _mm256_loadu_ps((const float *)p); }
static inline void vf_store(agn_f32 *p, vf v) { _mm256_storeu_ps((float *)p, v); }
/* The first n (0 < n < VF_W) lanes, the rest zero; masked-out lanes are never touched. */
static inline __m256i vf_first(int64_t n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
static inline vf vf_load_n(const agn_f32 *p, int64_t n) { return _mm256_maskload_ps((const float *)p, vf_first(n)); }
static inline void vf_store_n(agn_f32 *p, vf v, int64_t n) { _mm256_maskstore_ps((float *)p, vf_first(n), v); }
static inline vf vf_add(vf a, vf b) { return _mm256_add_ps(a, b); }
static inline vf vf_sub(vf a, vf b) { return _mm256_sub_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm256_div_ps(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return _mm256_fmadd_ps(a, b, c); }   /* a*b+c */
static inline vf vf_fnma(vf a, vf b, vf c) { return _mm256_fnmadd_ps(a, b, c); } /* c-a*b */
/* min/max return b when either operand is NaN (x86 semantics); callers rely on that. */
static inline vf vf_min(vf a, vf b) { return _mm256_min_ps(a, b); }
static inline vf vf_max(vf a, vf b) { return _mm256_max_ps(a, b); }
static inline vf vf_sqrt(vf a) { return _mm256_sqrt_ps(a); }
static inline vfi vf_bits(vf a) { return _mm256_castps_si256(a); }
static inline vf vfi_float(vfi a) { return _mm256_castsi256_ps(a); }
static inline vfi vfi_set(int32_t a) { return _mm256_set1_epi32(a); }
static inline vfi vfi_add(vfi a, vfi b) { return _mm256_add_epi32(a, b); }
static inline vfi vfi_and(vfi a, vfi b) { return _mm256_and_si256(a, b); }
static inline vfi vfi_or(vfi a, vfi b) { return _mm256_or_si256(a, b); }
static inline vfi vfi_xor(vfi a, vfi b) { return _mm256_xor_si256(a, b); }
#define vfi_sll(a, k) _mm256_slli_epi32((a), (k))
#define vfi_srl(a, k) _mm256_srli_epi32((a), (k))
static inline vfm vf_lt(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
static inline vfm vf_eq(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
static inline vfm vf_nlt(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_NLT_UQ); } /* !(a<b) */
static inline vfm vf_unord(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_UNORD_Q); }
static inline vfm vfm_or(vfm a, vfm b) { return _mm256_or_ps(a, b); }
static inline vf vf_sel(vfm m, vf a, vf b) { return _mm256_blendv_ps(b, a, m); } /* m ? a : b */

/* ---- float64: 4 lanes ---- */
#define VD_W 4
typedef __m256d vd;
typedef __m256i vdi;
typedef __m256d vdm;
static inline vd vd_set(double a) { return _mm256_set1_pd(a); }
static inline vd vd_load(const agn_f64 *p) { return _mm256_loadu_pd((const double *)p); }
static inline void vd_store(agn_f64 *p, vd v) { _mm256_storeu_pd((double *)p, v); }
static inline __m256i vd_first(int64_t n) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3));
}
static inline vd vd_load_n(const agn_f64 *p, int64_t n) { return _mm256_maskload_pd((const double *)p, vd_first(n)); }
static inline void vd_store_n(agn_f64 *p, vd v, int64_t n) { _mm256_maskstore_pd((double *)p, vd_first(n), v); }
static inline vd vd_add(vd a, vd b) { return _mm256_add_pd(a, b); }
static inline vd vd_sub(vd a, vd b) { return _mm256_sub_pd(a, b); }
static inline vd vd_mul(vd a, vd b) { return _mm256_mul_pd(a, b); }
static inline vd vd_div(vd a, vd b) { return _mm256_div_pd(a, b); }
static inline vd vd_fma(vd a, vd b, vd c) { return _mm256_fmadd_pd(a, b, c); }
static inline vd vd_fnma(vd a, vd b, vd c) { return _mm256_fnmadd_pd(a, b, c); }
static inline vd vd_min(vd a, vd b) { return _mm256_min_pd(a, b); }
static inline vd vd_max(vd a, vd b) { return _mm256_max_pd(a, b); }
static inline vd vd_sqrt(vd a) { return _mm256_sqrt_pd(a); }
static inline vdi vd_bits(vd a) { return _mm256_castpd_si256(a); }
static inline vd vdi_double(vdi a) { return _mm256_castsi256_pd(a); }
static inline vdi vdi_set(int64_t a) { return _mm256_set1_epi64x(a); }
static inline vdi vdi_add(vdi a, vdi b) { return _mm256_add_epi64(a, b); }
static inline vdi vdi_and(vdi a, vdi b) { return _mm256_and_si256(a, b); }
static inline vdi vdi_or(vdi a, vdi b) { return _mm256_or_si256(a, b); }
static inline vdi vdi_xor(vdi a, vdi b) { return _mm256_xor_si256(a, b); }
#define vdi_sll(a, k) _mm256_slli_epi64((a), (k))
#define vdi_srl(a, k) _mm256_srli_epi64((a), (k))
static inline vdm vd_lt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
static inline vdm vd_eq(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_EQ_OQ); }
static inline vdm vd_nlt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_NLT_UQ); }
static inline vdm vd_unord(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_UNORD_Q); }
static inline vdm vdm_or(vdm a, vdm b) { return _mm256_or_pd(a, b); }
static inline vd vd_sel(vdm m, vd a, vd b) { return _mm256_blendv_pd(b, a, m); }

#include "unary_vmath_f32.h"
#include "unary_vmath_f64.h"

#define AGN_UNARY_CONTIG_NAME agn_unary_contig_avx2
#include "unary_contig.h"
