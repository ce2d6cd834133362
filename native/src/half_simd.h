/* AVX2+F16C pieces of the float32 -> float16 / bfloat16 rounding shared by the row conversions
 * (half_avx2.c) and the in-register arithmetic (binary_half_avx2.c): the bits of half.h's scalar
 * conversions. Include only from translation units compiled for AVX2+F16C. */
#ifndef AGN_HALF_SIMD_H
#define AGN_HALF_SIMD_H

#include <immintrin.h>
#include <stdint.h>

/* Eight float16 / bfloat16 at p widened exactly (vcvtph2ps quiets a signalling NaN, as half.h does). */
static inline __m256 agn_f16_widen8(const uint16_t *p) { return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)); }

static inline __m256 agn_bf16_widen8(const uint16_t *p) {
    const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p));
    return _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
}

/* vcvtps2ph keeps a NaN's payload; half.h writes the quiet NaN of its sign. */
static inline __m128i agn_f16_canonical_nan(__m128i h) {
    const __m128i nan = _mm_cmpgt_epi16(_mm_and_si128(h, _mm_set1_epi16(0x7FFF)), _mm_set1_epi16(0x7C00));
    const __m128i canon = _mm_or_si128(_mm_and_si128(h, _mm_set1_epi16((short)0x8000)), _mm_set1_epi16(0x7E00));
    return _mm_blendv_epi8(h, canon, nan);
}

/* The same for sixteen float16 in a 256-bit vector. */
static inline __m256i agn_f16_canonical_nan16(__m256i h) {
    const __m256i nan = _mm256_cmpgt_epi16(_mm256_and_si256(h, _mm256_set1_epi16(0x7FFF)), _mm256_set1_epi16(0x7C00));
    const __m256i sign = _mm256_and_si256(h, _mm256_set1_epi16((short)0x8000));
    return _mm256_blendv_epi8(h, _mm256_or_si256(sign, _mm256_set1_epi16(0x7E00)), nan);
}

/* Eight floats rounded to float16, to nearest even, NaNs canonical. */
static inline __m128i agn_f16_round(__m256 v) {
    return agn_f16_canonical_nan(_mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

/* Eight floats rounded to nearest even in the low 16 bits of each lane: (u + 0x7FFF + lsb) >> 16, a
 * NaN 0x7FC0 (the addition would carry it into the sign or the infinity). */
static inline __m256i agn_bf16_round(__m256 v) {
    const __m256i u = _mm256_castps_si256(v);
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
    const __m256i r = _mm256_srli_epi32(_mm256_add_epi32(u, _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7FFF))), 16);
    const __m256i nan = _mm256_castps_si256(_mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    return _mm256_blendv_epi8(r, _mm256_set1_epi32(0x7FC0), nan);
}

#endif
