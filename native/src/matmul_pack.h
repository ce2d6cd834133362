/* Template for the GEMM packing routines, included by each kernel file (so they are compiled with
 * that file's instruction set and know its tile shape at compile time). Before including, define:
 *   PACK_SUFFIX   name suffix: generates pack_a_<SUFFIX> and pack_b_<SUFFIX>
 *   PACK_U        uint32_t or uint64_t (packing only moves bits, so one per element size)
 *   PACK_UU       its unaligned may_alias twin, for reading user memory
 *   PACK_MR, PACK_NR   the kernel's tile
 *   PACK_TRANSPOSE_F32 (optional) use the AVX 8x8 transposes below for 4-byte elements
 *
 * pack_a: an mr x kc slice of A into dst[k * mr + r] (k-major, the order the kernel broadcasts).
 * pack_b: a kc x nc slice of B into PACK_NR-wide panels, dst[p * kc * NR + k * NR + j], with the
 *         columns past nc zeroed so the kernel can always load full vectors. */
#define PK_CAT2(a, b) a##b
#define PK_CAT(a, b) PK_CAT2(a, b)
#define PK_A PK_CAT(pack_a_, PACK_SUFFIX)
#define PK_B PK_CAT(pack_b_, PACK_SUFFIX)
#define PK_A_BODY PK_CAT(PK_A, _body)

#if defined(PACK_TRANSPOSE_F32) && !defined(AGN_MM_TRANSPOSE_F32_DEFINED)
#define AGN_MM_TRANSPOSE_F32_DEFINED
/* Row-major A and transposed B both need a transpose while packing; element by element that costs
 * several cycles per value (it was 10% of a 1024^3 product), 8x8 register transposes ~0.4. */

/* dst[k * ldd + j] = src[j * lds + k] for j, k < 8. */
static inline __attribute__((always_inline)) void tr8x8(float *dst, int64_t ldd, const agn_f32 *src,
                                                        int64_t lds) {
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
static inline __attribute__((always_inline)) void tr4x8(float *dst, int64_t ldd, const agn_f32 *src,
                                                        int64_t lds) {
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

/* dst[k * ldd + j] = src[j * lds + k] for j < rows (a multiple of 4), k < kc. */
static void transpose_pack_f32(float *dst, int64_t ldd, const agn_f32 *src, int64_t lds,
                               int64_t rows, int64_t kc) {
    int64_t k = 0;
    for (; k + 8 <= kc; k += 8) {
        int64_t j = 0;
        for (; j + 8 <= rows; j += 8) tr8x8(dst + k * ldd + j, ldd, src + j * lds + k, lds);
        for (; j + 4 <= rows; j += 4) tr4x8(dst + k * ldd + j, ldd, src + j * lds + k, lds);
    }
    for (; k < kc; k++)
        for (int64_t j = 0; j < rows; j++) dst[k * ldd + j] = src[j * lds + k];
}
#endif

/* mrv is PACK_MR (a constant, so the row loop unrolls) for full panels, mr for the last one. */
static inline __attribute__((always_inline)) void PK_A_BODY(int64_t mrv, PACK_U *restrict dst,
                                                            const PACK_UU *src, int64_t rs,
                                                            int64_t ks, int64_t kc) {
    if (rs == 1) { /* column-major A: each k is mrv contiguous values */
        for (int64_t k = 0; k < kc; k++)
            for (int64_t r = 0; r < mrv; r++) dst[k * mrv + r] = src[k * ks + r];
        return;
    }
    for (int64_t k = 0; k < kc; k++)
        for (int64_t r = 0; r < mrv; r++) dst[k * mrv + r] = src[r * rs + k * ks];
}

static void PK_A(void *dstv, const char *srcv, int64_t rs, int64_t ks, int64_t mr, int64_t kc) {
    PACK_U *dst = (PACK_U *)dstv;
    const PACK_UU *src = (const PACK_UU *)(const void *)srcv;
#ifdef PACK_TRANSPOSE_F32
    if (sizeof(PACK_U) == 4 && PACK_MR % 4 == 0 && mr == PACK_MR && ks == 1 && rs != 1) {
        transpose_pack_f32((float *)dstv, PACK_MR, (const agn_f32 *)src, rs, PACK_MR, kc);
        return;
    }
#endif
    if (mr == PACK_MR) PK_A_BODY(PACK_MR, dst, src, rs, ks, kc);
    else PK_A_BODY(mr, dst, src, rs, ks, kc);
}

static void PK_B(void *dstv, const char *srcv, int64_t ks, int64_t ns, int64_t kc, int64_t nc) {
    PACK_U *restrict dst = (PACK_U *)dstv;
    const PACK_UU *src = (const PACK_UU *)(const void *)srcv;
    if (ns == 1) {
        for (int64_t j0 = 0; j0 < nc; j0 += PACK_NR) {
            PACK_U *d = dst + j0 * kc;
            const PACK_UU *s = src + j0;
            if (nc - j0 >= PACK_NR) {
                for (int64_t k = 0; k < kc; k++)
                    for (int64_t j = 0; j < PACK_NR; j++) d[k * PACK_NR + j] = s[k * ks + j];
            } else {
                for (int64_t k = 0; k < kc; k++)
                    for (int64_t j = 0; j < PACK_NR; j++)
                        d[k * PACK_NR + j] = j0 + j < nc ? s[k * ks + j] : 0;
            }
        }
        return;
    }
    for (int64_t j0 = 0; j0 < nc; j0 += PACK_NR) {
        int64_t w = nc - j0 < PACK_NR ? nc - j0 : PACK_NR;
        PACK_U *d = dst + j0 * kc;
        const PACK_UU *s = src + j0 * ns;
#ifdef PACK_TRANSPOSE_F32
        if (sizeof(PACK_U) == 4 && PACK_NR % 8 == 0 && w == PACK_NR && ks == 1) {
            transpose_pack_f32((float *)d, PACK_NR, (const agn_f32 *)s, ns, PACK_NR, kc);
            continue;
        }
#endif
        for (int64_t k = 0; k < kc; k++)
            for (int64_t j = 0; j < PACK_NR; j++) d[k * PACK_NR + j] = j < w ? s[k * ks + j * ns] : 0;
    }
}

#undef PK_A_BODY
#undef PK_A
#undef PK_B
#undef PK_CAT
#undef PK_CAT2
