/* Register-tile transposes for packing, used by the AVX2 and AVX-512 kernel files (needs AVX).
 * Row-major A and transposed B both need a transpose while packing; element by element that costs
 * a few cycles per value (it was 10% of a 1024^3 product), 8x8 / 4x4 register transposes ~0.4.
 *
 * transpose_pack_f32/f64(dst, ldd, src, lds, rows, kc): dst[k * ldd + j] = src[j * lds + k]
 * for j < rows (a multiple of 4) and k < kc; src may be unaligned. */
#ifndef AGN_MATMUL_TRANSPOSE_H
#define AGN_MATMUL_TRANSPOSE_H

#include "internal.h"

#include <immintrin.h>

/* dst[k * ldd + j] = src[j * lds + k] for j, k < 8. */
static inline __attribute__((always_inline)) void tr8x8_f32(float *dst, int64_t ldd,
                                                            const agn_f32 *src, int64_t lds) {
    __m256 r0 = _mm256_loadu_ps((const float *)(src + 0 * lds));
    __m256 r1 = _mm256_loadu_ps((const float *)(src + 1 * lds));
    __m256 r2 = _mm256_loadu_ps((const float *)(src + 2 * lds));
    __m256 r3 = _mm256_loadu_ps((const float *)(src + 3 * lds));
    __m256 r4 = _mm256_loadu_ps((const float *)(src + 4 * lds));
    __m256 r5 = _mm256_loadu_ps((const float *)(src + 5 * lds));
    __m256 r6 = _mm256_loadu_ps((const float *)(src + 6 * lds));
    __m256 r7 = _mm256_loadu_ps((const float *)(src + 7 * lds));
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(dst + 0 * ldd, _mm256_permute2f128_ps(s0, s4, 0x20));
    _mm256_storeu_ps(dst + 1 * ldd, _mm256_permute2f128_ps(s1, s5, 0x20));
    _mm256_storeu_ps(dst + 2 * ldd, _mm256_permute2f128_ps(s2, s6, 0x20));
    _mm256_storeu_ps(dst + 3 * ldd, _mm256_permute2f128_ps(s3, s7, 0x20));
    _mm256_storeu_ps(dst + 4 * ldd, _mm256_permute2f128_ps(s0, s4, 0x31));
    _mm256_storeu_ps(dst + 5 * ldd, _mm256_permute2f128_ps(s1, s5, 0x31));
    _mm256_storeu_ps(dst + 6 * ldd, _mm256_permute2f128_ps(s2, s6, 0x31));
    _mm256_storeu_ps(dst + 7 * ldd, _mm256_permute2f128_ps(s3, s7, 0x31));
}

/* dst[k * ldd + j] = src[j * lds + k] for j < 4, k < 8. */
static inline __attribute__((always_inline)) void tr4x8_f32(float *dst, int64_t ldd,
                                                            const agn_f32 *src, int64_t lds) {
    __m256 r0 = _mm256_loadu_ps((const float *)(src + 0 * lds));
    __m256 r1 = _mm256_loadu_ps((const float *)(src + 1 * lds));
    __m256 r2 = _mm256_loadu_ps((const float *)(src + 2 * lds));
    __m256 r3 = _mm256_loadu_ps((const float *)(src + 3 * lds));
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    _mm_storeu_ps(dst + 0 * ldd, _mm256_castps256_ps128(s0));
    _mm_storeu_ps(dst + 1 * ldd, _mm256_castps256_ps128(s1));
    _mm_storeu_ps(dst + 2 * ldd, _mm256_castps256_ps128(s2));
    _mm_storeu_ps(dst + 3 * ldd, _mm256_castps256_ps128(s3));
    _mm_storeu_ps(dst + 4 * ldd, _mm256_extractf128_ps(s0, 1));
    _mm_storeu_ps(dst + 5 * ldd, _mm256_extractf128_ps(s1, 1));
    _mm_storeu_ps(dst + 6 * ldd, _mm256_extractf128_ps(s2, 1));
    _mm_storeu_ps(dst + 7 * ldd, _mm256_extractf128_ps(s3, 1));
}

/* dst[k * ldd + j] = src[j * lds + k] for j, k < 4 (doubles). */
static inline __attribute__((always_inline)) void tr4x4_f64(double *dst, int64_t ldd,
                                                            const agn_f64 *src, int64_t lds) {
    __m256d r0 = _mm256_loadu_pd((const double *)(src + 0 * lds));
    __m256d r1 = _mm256_loadu_pd((const double *)(src + 1 * lds));
    __m256d r2 = _mm256_loadu_pd((const double *)(src + 2 * lds));
    __m256d r3 = _mm256_loadu_pd((const double *)(src + 3 * lds));
    __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    _mm256_storeu_pd(dst + 0 * ldd, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(dst + 1 * ldd, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(dst + 2 * ldd, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(dst + 3 * ldd, _mm256_permute2f128_pd(t1, t3, 0x31));
}

static void transpose_pack_f32(void *dstv, int64_t ldd, const void *srcv, int64_t lds,
                               int64_t rows, int64_t kc) {
    float *dst = (float *)dstv;
    const agn_f32 *src = (const agn_f32 *)srcv;
    int64_t k = 0;
    for (; k + 8 <= kc; k += 8) {
        int64_t j = 0;
        for (; j + 8 <= rows; j += 8) tr8x8_f32(dst + k * ldd + j, ldd, src + j * lds + k, lds);
        for (; j + 4 <= rows; j += 4) tr4x8_f32(dst + k * ldd + j, ldd, src + j * lds + k, lds);
    }
    for (; k < kc; k++)
        for (int64_t j = 0; j < rows; j++) dst[k * ldd + j] = src[j * lds + k];
}

static void transpose_pack_f64(void *dstv, int64_t ldd, const void *srcv, int64_t lds,
                               int64_t rows, int64_t kc) {
    double *dst = (double *)dstv;
    const agn_f64 *src = (const agn_f64 *)srcv;
    int64_t k = 0;
    for (; k + 4 <= kc; k += 4)
        for (int64_t j = 0; j + 4 <= rows; j += 4)
            tr4x4_f64(dst + k * ldd + j, ldd, src + j * lds + k, lds);
    for (; k < kc; k++)
        for (int64_t j = 0; j < rows; j++) dst[k * ldd + j] = src[j * lds + k];
}

#endif
