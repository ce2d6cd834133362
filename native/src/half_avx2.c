/* AVX2+F16C dense conversions between float32 and float16 / bfloat16 (Note [Half compute]): the
 * bits of half.h's scalar conversions, which also convert each tail. */
#include "half_convert.h"
#include "half.h"

#include <immintrin.h>

void agn_f16_widen_avx2(float *dst, const uint16_t *src, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < n; i++) dst[i] = agn_f16_to_f32(src[i]);
}

/* vcvtps2ph keeps a NaN's payload; half.h writes the quiet NaN of its sign. */
static inline __m128i f16_canonical_nan(__m128i h) {
    const __m128i nan = _mm_cmpgt_epi16(_mm_and_si128(h, _mm_set1_epi16(0x7FFF)), _mm_set1_epi16(0x7C00));
    const __m128i canon = _mm_or_si128(_mm_and_si128(h, _mm_set1_epi16((short)0x8000)), _mm_set1_epi16(0x7E00));
    return _mm_blendv_epi8(h, canon, nan);
}

void agn_f16_narrow_avx2(uint16_t *dst, const float *src, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm_storeu_si128((__m128i *)(dst + i), f16_canonical_nan(h));
    }
    for (; i < n; i++) dst[i] = agn_f32_to_f16(src[i]);
}

void agn_bf16_widen_avx2(float *dst, const uint16_t *src, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(src + i)));
        _mm256_storeu_si256((__m256i *)(dst + i), _mm256_slli_epi32(w, 16));
    }
    for (; i < n; i++) dst[i] = agn_bf16_to_f32(src[i]);
}

/* Eight floats rounded to nearest even in the low 16 bits of each lane: (u + 0x7FFF + lsb) >> 16, a
 * NaN 0x7FC0 (the addition would carry it into the sign or the infinity). */
static inline __m256i bf16_round(__m256 v) {
    const __m256i u = _mm256_castps_si256(v);
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
    const __m256i r = _mm256_srli_epi32(_mm256_add_epi32(u, _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7FFF))), 16);
    const __m256i nan = _mm256_castps_si256(_mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    return _mm256_blendv_epi8(r, _mm256_set1_epi32(0x7FC0), nan);
}

void agn_bf16_narrow_avx2(uint16_t *dst, const float *src, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256i lo = bf16_round(_mm256_loadu_ps(src + i)), hi = bf16_round(_mm256_loadu_ps(src + i + 8));
        /* packus interleaves 128-bit halves: lo0 hi0 lo1 hi1; the permute puts them in order */
        const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(lo, hi), 0xD8);
        _mm256_storeu_si256((__m256i *)(dst + i), packed);
    }
    for (; i < n; i++) dst[i] = agn_f32_to_bf16(src[i]);
}
