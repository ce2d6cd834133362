/* Template for the GEMM packing routines, included by each kernel file (so they are compiled with
 * that file's instruction set and know its tile shape at compile time). Before including, define:
 *   PACK_SUFFIX   name suffix: generates pack_a_<SUFFIX> and pack_b_<SUFFIX>
 *   PACK_U        uint32_t or uint64_t (packing only moves bits, so one per element size)
 *   PACK_UU       its unaligned may_alias twin, for reading user memory
 *   PACK_MR, PACK_NR   the kernel's tile
 *   PACK_TRANSPOSE (optional) a transpose_pack_* from matmul_transpose.h for this element size
 *
 * pack_a: an mc x kc block of A into MR-row panels, panel p at dst + p * MR * kc holding
 *         dst[k * mr + r] (k-major, the order the kernel broadcasts; the last panel has mr rows).
 * pack_b: a kc x nc block of B into PACK_NR-wide panels, dst[p * kc * NR + k * NR + j], with the
 *         columns past nc zeroed so the kernel can always load full vectors. */
#include <string.h>

#define PK_CAT2(a, b) a##b
#define PK_CAT(a, b) PK_CAT2(a, b)
#define PK_A PK_CAT(pack_a_, PACK_SUFFIX)
#define PK_B PK_CAT(pack_b_, PACK_SUFFIX)
#define PK_PANEL PK_CAT(PK_A, _panel)

/* One panel; mrv is PACK_MR (a constant, so the row loop unrolls) or the last panel's mr. */
static inline __attribute__((always_inline)) void PK_PANEL(int64_t mrv, PACK_U *restrict dst,
                                                           const PACK_UU *src, int64_t rs,
                                                           int64_t ks, int64_t kc) {
    for (int64_t k = 0; k < kc; k++)
        for (int64_t r = 0; r < mrv; r++) dst[k * mrv + r] = src[r * rs + k * ks];
}

static void PK_A(void *dstv, const char *srcv, int64_t rs, int64_t ks, int64_t mc, int64_t kc) {
    PACK_U *restrict dst = (PACK_U *)dstv;
    const PACK_UU *src = (const PACK_UU *)(const void *)srcv;
    int64_t full = mc / PACK_MR * PACK_MR;
    if (rs == 1) {
        /* Column-major A: each k is a contiguous run across all rows, so walk k once over every
         * panel instead of re-reading the same lines panel by panel. */
        for (int64_t k = 0; k < kc; k++) {
            const PACK_UU *s = src + k * ks;
            for (int64_t p = 0; p < full; p += PACK_MR)
                for (int64_t r = 0; r < PACK_MR; r++) dst[p * kc + k * PACK_MR + r] = s[p + r];
        }
    } else {
        for (int64_t p = 0; p < full; p += PACK_MR) {
#ifdef PACK_TRANSPOSE
            if (PACK_MR % 4 == 0 && ks == 1) { /* row-major A */
                PACK_TRANSPOSE(dst + p * kc, PACK_MR, src + p * rs, rs, PACK_MR, kc);
                continue;
            }
#endif
            PK_PANEL(PACK_MR, dst + p * kc, src + p * rs, rs, ks, kc);
        }
    }
    if (full < mc) PK_PANEL(mc - full, dst + full * kc, src + full * rs, rs, ks, kc);
}

static void PK_B(void *dstv, const char *srcv, int64_t ks, int64_t ns, int64_t kc, int64_t nc) {
    PACK_U *restrict dst = (PACK_U *)dstv;
    const PACK_UU *src = (const PACK_UU *)(const void *)srcv;
    int64_t j0 = 0;
    if (ns == 1) {
        /* Row-major B: walk each k row once across every full panel, so the source is read as
         * one contiguous run per row, which the hardware prefetcher follows; panel by panel the
         * reads step a whole row (4 KB at N = 1024) at a time, a new page each, unprefetched. */
        int64_t full = nc / PACK_NR * PACK_NR;
        for (int64_t k = 0; k < kc; k++)
            for (int64_t p = 0; p < full; p += PACK_NR)
                for (int64_t j = 0; j < PACK_NR; j++)
                    dst[p * kc + k * PACK_NR + j] = src[k * ks + p + j];
        j0 = full;
    }
    for (; j0 < nc; j0 += PACK_NR) {
        int64_t w = nc - j0 < PACK_NR ? nc - j0 : PACK_NR;
        PACK_U *d = dst + j0 * kc;
        const PACK_UU *s = src + j0 * ns;
        if (ns == 1 && w == PACK_NR) { /* row-major B: whole vectors */
            for (int64_t k = 0; k < kc; k++)
                for (int64_t j = 0; j < PACK_NR; j++) d[k * PACK_NR + j] = s[k * ks + j];
            continue;
        }
#ifdef PACK_TRANSPOSE
        if (PACK_NR % 8 == 0 && ks == 1) { /* transposed B: columns are contiguous source rows */
            /* A ragged last panel (x @ W^T with 10 outputs) element by element was 2/3 of a
             * 64 x 10 x 256 product. Now it is zeroed whole (one call; a memset per k row cost
             * more than the copy) and its columns go through the register transposes, 4 or 8
             * at a time, but for the last w % 4. */
            int64_t w4 = w / 4 * 4;
            if (w < PACK_NR) memset(d, 0, (size_t)(kc * PACK_NR) * sizeof(PACK_U));
            if (w4 > 0) PACK_TRANSPOSE(d, PACK_NR, s, ns, w4, kc);
            for (int64_t j = w4; j < w; j++)
                for (int64_t k = 0; k < kc; k++) d[k * PACK_NR + j] = s[j * ns + k];
            continue;
        }
#endif
        for (int64_t k = 0; k < kc; k++)
            for (int64_t j = 0; j < PACK_NR; j++) d[k * PACK_NR + j] = j < w ? s[k * ks + j * ns] : 0;
    }
}

#undef PK_PANEL
#undef PK_A
#undef PK_B
#undef PK_CAT
#undef PK_CAT2
