/* AVX-512 variants of the contiguous unary kernels (compiled with -mavx512f/dq/bw/vl; chosen at run
 * time by unary.c). This file only maps the small vector vocabulary that unary_vmath_f32.h /
 * unary_vmath_f64.h are written in onto AVX-512 intrinsics; the algorithms, their accuracy and the
 * loop driver live in those headers, so AVX2 and AVX-512 give bit-identical results. */
#include "internal.h"
#include "unary_simd.h"

#include <immintrin.h>

/* ---- float32: 16 lanes, comparison results are k-masks ---- */
#define VF_W 16
typedef __m512 vf;
typedef __m512i vfi;
typedef __mmask16 vfm;
static inline vf vf_set(float a) { return _mm512_set1_ps(a); }
static inline vf vf_load(const agn_f32 *p) { return _mm512_loadu_ps((const void *)p); }
static inline void vf_store(agn_f32 *p, vf v) { _mm512_storeu_ps((void *)p, v); }
/* The first n (0 < n < VF_W) lanes, the rest zero; masked-out lanes are never touched. */
static inline vf vf_load_n(const agn_f32 *p, int64_t n) {
    return _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), (const void *)p);
}
static inline void vf_store_n(agn_f32 *p, vf v, int64_t n) {
    _mm512_mask_storeu_ps((void *)p, (__mmask16)((1u << n) - 1), v);
}
static inline vf vf_add(vf a, vf b) { return _mm512_add_ps(a, b); }
static inline vf vf_sub(vf a, vf b) { return _mm512_sub_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm512_div_ps(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return _mm512_fmadd_ps(a, b, c); }   /* a*b+c */
static inline vf vf_fnma(vf a, vf b, vf c) { return _mm512_fnmadd_ps(a, b, c); } /* c-a*b */
/* min/max return b when either operand is NaN (x86 semantics); callers rely on that. */
static inline vf vf_min(vf a, vf b) { return _mm512_min_ps(a, b); }
static inline vf vf_max(vf a, vf b) { return _mm512_max_ps(a, b); }
static inline vf vf_sqrt(vf a) { return _mm512_sqrt_ps(a); }
static inline vfi vf_bits(vf a) { return _mm512_castps_si512(a); }
static inline vf vfi_float(vfi a) { return _mm512_castsi512_ps(a); }
static inline vfi vfi_set(int32_t a) { return _mm512_set1_epi32(a); }
static inline vfi vfi_add(vfi a, vfi b) { return _mm512_add_epi32(a, b); }
static inline vfi vfi_and(vfi a, vfi b) { return _mm512_and_si512(a, b); }
static inline vfi vfi_or(vfi a, vfi b) { return _mm512_or_si512(a, b); }
static inline vfi vfi_xor(vfi a, vfi b) { return _mm512_xor_si512(a, b); }
#define vfi_sll(a, k) _mm512_slli_epi32((a), (k))
#define vfi_srl(a, k) _mm512_srli_epi32((a), (k))
static inline vfm vf_lt(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
static inline vfm vf_eq(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
static inline vfm vf_nlt(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_NLT_UQ); } /* !(a<b) */
static inline vfm vf_unord(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_UNORD_Q); }
static inline vfm vfm_or(vfm a, vfm b) { return (vfm)(a | b); }
static inline vf vf_sel(vfm m, vf a, vf b) { return _mm512_mask_blend_ps(m, b, a); } /* m ? a : b */

/* ---- float64: 8 lanes ---- */
#define VD_W 8
typedef __m512d vd;
typedef __m512i vdi;
typedef __mmask8 vdm;
static inline vd vd_set(double a) { return _mm512_set1_pd(a); }
static inline vd vd_load(const agn_f64 *p) { return _mm512_loadu_pd((const void *)p); }
static inline void vd_store(agn_f64 *p, vd v) { _mm512_storeu_pd((void *)p, v); }
static inline vd vd_load_n(const agn_f64 *p, int64_t n) {
    return _mm512_maskz_loadu_pd((__mmask8)((1u << n) - 1), (const void *)p);
}
static inline void vd_store_n(agn_f64 *p, vd v, int64_t n) {
    _mm512_mask_storeu_pd((void *)p, (__mmask8)((1u << n) - 1), v);
}
static inline vd vd_add(vd a, vd b) { return _mm512_add_pd(a, b); }
static inline vd vd_sub(vd a, vd b) { return _mm512_sub_pd(a, b); }
static inline vd vd_mul(vd a, vd b) { return _mm512_mul_pd(a, b); }
static inline vd vd_div(vd a, vd b) { return _mm512_div_pd(a, b); }
static inline vd vd_fma(vd a, vd b, vd c) { return _mm512_fmadd_pd(a, b, c); }
static inline vd vd_fnma(vd a, vd b, vd c) { return _mm512_fnmadd_pd(a, b, c); }
static inline vd vd_min(vd a, vd b) { return _mm512_min_pd(a, b); }
static inline vd vd_max(vd a, vd b) { return _mm512_max_pd(a, b); }
static inline vd vd_sqrt(vd a) { return _mm512_sqrt_pd(a); }
static inline vdi vd_bits(vd a) { return _mm512_castpd_si512(a); }
static inline vd vdi_double(vdi a) { return _mm512_castsi512_pd(a); }
static inline vdi vdi_set(int64_t a) { return _mm512_set1_epi64(a); }
static inline vdi vdi_add(vdi a, vdi b) { return _mm512_add_epi64(a, b); }
static inline vdi vdi_and(vdi a, vdi b) { return _mm512_and_si512(a, b); }
static inline vdi vdi_or(vdi a, vdi b) { return _mm512_or_si512(a, b); }
static inline vdi vdi_xor(vdi a, vdi b) { return _mm512_xor_si512(a, b); }
#define vdi_sll(a, k) _mm512_slli_epi64((a), (k))
#define vdi_srl(a, k) _mm512_srli_epi64((a), (k))
static inline vdm vd_lt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
static inline vdm vd_eq(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ); }
static inline vdm vd_nlt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_NLT_UQ); }
static inline vdm vd_unord(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_UNORD_Q); }
static inline vdm vdm_or(vdm a, vdm b) { return (vdm)(a | b); }
static inline vd vd_sel(vdm m, vd a, vd b) { return _mm512_mask_blend_pd(m, b, a); }

#include "unary_vmath_f32.h"
#include "unary_vmath_f64.h"

#define AGN_UNARY_CONTIG_NAME agn_unary_contig_avx512
#include "unary_contig.h"
