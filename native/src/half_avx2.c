/* AVX2+F16C dense conversions between float32 and float16 / bfloat16 (Note [Half compute]): the
 * bits of half.h's scalar conversions, which also convert each tail. */
#include "half_convert.h"
#include "half.h"
#include "half_simd.h"

void agn_f16_widen_avx2(float *dst, const uint16_t *src, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, agn_f16_widen8(src + i));
    for (; i < n; i++) dst[i] = agn_f16_to_f32(src[i]);
}

void agn_f16_narrow_avx2(uint16_t *dst, const float *src, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm_storeu_si128((__m128i *)(dst + i), agn_f16_round(_mm256_loadu_ps(src + i)));
    for (; i < n; i++) dst[i] = agn_f32_to_f16(src[i]);
}

void agn_bf16_widen_avx2(float *dst, const uint16_t *src, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, agn_bf16_widen8(src + i));
    for (; i < n; i++) dst[i] = agn_bf16_to_f32(src[i]);
}

void agn_bf16_narrow_avx2(uint16_t *dst, const float *src, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256i lo = agn_bf16_round(_mm256_loadu_ps(src + i)), hi = agn_bf16_round(_mm256_loadu_ps(src + i + 8));
        /* packus interleaves 128-bit halves: lo0 hi0 lo1 hi1; the permute puts them in order */
        const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(lo, hi), 0xD8);
        _mm256_storeu_si256((__m256i *)(dst + i), packed);
    }
    for (; i < n; i++) dst[i] = agn_f32_to_bf16(src[i]);
}
