/* Template for a SIMD GEMM micro-kernel: included by an ISA file once per element type, after it
 * defines the macros below. The tile is UKR_MR rows x (2 * UKR_VW) columns: every k step loads two
 * vectors of one B row, broadcasts each A element of the column and issues two FMAs per row, so
 * 2 * UKR_MR accumulators stay in registers for the whole K loop (24 of 32 zmm for AVX-512 with
 * UKR_MR = 12, 12 of 16 ymm for AVX2 with UKR_MR = 6). Vectors run along N so that C rows, which
 * are contiguous in row-major outputs, are stored with plain vector stores.
 *
 * Required macros:
 *   UKR_T, UKR_TU     element type, and its unaligned may_alias twin for user memory
 *   UKR_V, UKR_VW     vector type and its lane count
 *   UKR_MR            rows of the tile: 4, 6 or 12
 *   UKR_NAME          name of the generated agn_mm_ukr_fn (static)
 *   UKR_ZERO() UKR_SET1(x) UKR_FMA(a, b, c) = a * b + c, UKR_ADD(a, b),
 *   UKR_LOADU(p) UKR_STOREU(p, v)
 */
#define UKR_CAT2(a, b) a##b
#define UKR_CAT(a, b) UKR_CAT2(a, b)
#define UKR_BODY UKR_CAT(UKR_NAME, _body)
#define UKR_NR (2 * UKR_VW)

/* mrv (rows), nv (vectors per row) and packed are compile-time constants at every call site, so
 * the row loops unroll into straight-line code and the accumulator arrays live in registers.
 * packed means A is the driver's packed panel (a_rs = 1, a_ks = mrv): constant offsets, no per-row
 * address arithmetic. nv = 1 serves edge tiles at most UKR_VW wide at half the cost. */
static inline __attribute__((always_inline)) void
UKR_BODY(const int mrv, const int nv, const int packed, int64_t kc, const UKR_TU *a, int64_t a_rs, int64_t a_ks,
         const UKR_T *b, int64_t b_ks, const int64_t *boff, const UKR_TU *const *arows, const int64_t *kpos,
         UKR_TU *c, int64_t c_rs, int64_t c_cs, int32_t nr, int32_t accumulate) {
    UKR_V c0[UKR_MR], c1[UKR_MR];
    if (packed) {
        a_rs = 1;
        a_ks = mrv;
    }
    /* In place, rows are reached through one pointer per three rows, row 3g + i at ag[g] + i * a_rs
     * (i < 3: base + index * scale addressing), so the k loop keeps every A address in registers;
     * twelve separate row offsets spilled and were reloaded every k step. */
    const UKR_TU *ag[(UKR_MR + 2) / 3];
#pragma GCC unroll 4
    for (int g = 0; g < (mrv + 2) / 3; g++) ag[g] = a + 3 * g * a_rs;
    /* arows: A element (r, k) at arows[r][kpos[k]] (a convolution's padded input, read in place) */
    const UKR_TU *ar_[UKR_MR];
#pragma GCC unroll 12
    for (int r = 0; r < mrv; r++) ar_[r] = arows ? arows[r] : a;
#pragma GCC unroll 12
    for (int r = 0; r < mrv; r++) {
        c0[r] = UKR_ZERO();
        c1[r] = UKR_ZERO();
        /* C is touched only after the K loop: start pulling its lines in now (rw, keep). */
        __builtin_prefetch(c + r * c_rs, 1, 3);
        __builtin_prefetch(c + r * c_rs + (UKR_NR - 1) * c_cs, 1, 3);
    }
    for (int64_t k = 0; k < kc; k++) {
        /* boff: row k of B at b + boff[k] (the rows ukr_rows reads, which the caller keeps in L1) */
        const UKR_T *bk = boff ? (const UKR_T *)(const void *)((const UKR_TU *)b + boff[k]) : b;
        UKR_V b0 = UKR_LOADU(bk), b1 = nv == 2 ? UKR_LOADU(bk + UKR_VW) : b0;
        /* B streams from L2 (a packed panel is as large as L1): ask for its lines 8 rows ahead. */
        if (!boff) __builtin_prefetch(b + 8 * b_ks, 0, 3);
        if (!boff && nv == 2) __builtin_prefetch(b + 8 * b_ks + UKR_VW, 0, 3);
        const int64_t pk = arows ? kpos[k] : 0;
#pragma GCC unroll 12
        for (int r = 0; r < mrv; r++) {
            UKR_V ar = UKR_SET1(arows ? ar_[r][pk] : packed ? a[r] : ag[r / 3][r % 3 * a_rs]);
            c0[r] = UKR_FMA(ar, b0, c0[r]);
            if (nv == 2) c1[r] = UKR_FMA(ar, b1, c1[r]);
        }
        if (packed) a += a_ks;
#pragma GCC unroll 4
        for (int g = 0; g < (mrv + 2) / 3; g++) ag[g] += packed ? 0 : a_ks;
        b += b_ks;
    }
    if (nr == nv * UKR_VW && c_cs == 1) {
#pragma GCC unroll 12
        for (int r = 0; r < mrv; r++) {
            UKR_TU *cr = c + r * c_rs;
            if (accumulate) c0[r] = UKR_ADD(UKR_LOADU(cr), c0[r]);
            UKR_STOREU(cr, c0[r]);
            if (nv == 2) {
                if (accumulate) c1[r] = UKR_ADD(UKR_LOADU(cr + UKR_VW), c1[r]);
                UKR_STOREU(cr + UKR_VW, c1[r]);
            }
        }
        return;
    }
    /* Partial or strided tile (matrix edges only): spill and store element by element; the sum
     * old + new is the same IEEE operation as the vector path, so edges match interior tiles. */
    UKR_T tile[UKR_MR][UKR_NR];
#pragma GCC unroll 12
    for (int r = 0; r < mrv; r++) {
        UKR_STOREU(&tile[r][0], c0[r]);
        if (nv == 2) UKR_STOREU(&tile[r][UKR_VW], c1[r]);
    }
    const int32_t width = nr < nv * UKR_VW ? nr : nv * UKR_VW; /* == nr; bounds the tile reads */
    for (int r = 0; r < mrv; r++)
        for (int32_t j = 0; j < width; j++) {
            UKR_TU *p = c + r * c_rs + j * c_cs;
            *p = accumulate ? *p + tile[r][j] : tile[r][j];
        }
}

/* One case per row count, each expanding the UKR_CASE defined where it is used. */
#if UKR_MR > 6
#define UKR_CASES                                                                                  \
    UKR_CASE(1) UKR_CASE(2) UKR_CASE(3) UKR_CASE(4) UKR_CASE(5) UKR_CASE(6) UKR_CASE(7) UKR_CASE(8) \
    UKR_CASE(9) UKR_CASE(10) UKR_CASE(11) UKR_CASE(12)
#elif UKR_MR > 4
#define UKR_CASES UKR_CASE(1) UKR_CASE(2) UKR_CASE(3) UKR_CASE(4) UKR_CASE(5) UKR_CASE(6)
#else
#define UKR_CASES UKR_CASE(1) UKR_CASE(2) UKR_CASE(3) UKR_CASE(4)
#endif

static void UKR_NAME(int64_t kc, const void *a, int64_t a_rs, int64_t a_ks, const void *b,
                     int64_t b_ks, void *c, int64_t c_rs, int64_t c_cs, int32_t mr, int32_t nr,
                     int32_t accumulate) {
    const UKR_TU *ap = (const UKR_TU *)a;
    const UKR_T *bp = (const UKR_T *)b;
    UKR_TU *cp = (UKR_TU *)c;
    /* A column-major A with exactly mr rows has the packed layout, so treating it as packed is
     * exact, not a guess. */
    int packed = a_rs == 1 && a_ks == mr, two = nr > UKR_VW;
#define UKR_CASE(R)                                                                                \
    case R:                                                                                        \
        if (packed && two)                                                                         \
            UKR_BODY(R, 2, 1, kc, ap, a_rs, a_ks, bp, b_ks, NULL, NULL, NULL, cp, c_rs, c_cs, nr, accumulate); \
        else if (packed)                                                                           \
            UKR_BODY(R, 1, 1, kc, ap, a_rs, a_ks, bp, b_ks, NULL, NULL, NULL, cp, c_rs, c_cs, nr, accumulate); \
        else if (two)                                                                              \
            UKR_BODY(R, 2, 0, kc, ap, a_rs, a_ks, bp, b_ks, NULL, NULL, NULL, cp, c_rs, c_cs, nr, accumulate); \
        else                                                                                       \
            UKR_BODY(R, 1, 0, kc, ap, a_rs, a_ks, bp, b_ks, NULL, NULL, NULL, cp, c_rs, c_cs, nr, accumulate); \
        break;
    switch (mr) {
        UKR_CASES
    default: break;
    }
#undef UKR_CASE
}

/* agn_mm_ukr_rows_fn: a full-width tile whose B rows are given by offsets (rows of a convolution's
 * padded input), A read in place (not packed), C overwritten with vector stores.
 * The FMA chain per output lane is the one UKR_NAME runs, so the two agree bit for bit. */
static void UKR_CAT(UKR_NAME, _rows)(int64_t kc, const void *a, int64_t a_rs, int64_t a_ks, const void *b,
                                     const int64_t *boff, void *c, int64_t c_rs, int32_t mr) {
    const UKR_TU *ap = (const UKR_TU *)a;
    const UKR_T *bp = (const UKR_T *)b;
    UKR_TU *cp = (UKR_TU *)c;
    if (!boff) return; /* lets the compiler drop the in-place branch from the k loop */
#define UKR_CASE(R)                                                                                \
    case R: UKR_BODY(R, 2, 0, kc, ap, a_rs, a_ks, bp, 0, boff, NULL, NULL, cp, c_rs, 1, UKR_NR, 0); break;
    switch (mr) {
        UKR_CASES
    default: break;
    }
#undef UKR_CASE
}

/* agn_mm_ukr_arows_fn: A by row pointers and column offsets, B a packed panel, C rows contiguous. The
 * FMA chain per output lane is the one UKR_NAME runs. */
static void UKR_CAT(UKR_NAME, _arows)(int64_t kc, const void *const *arows, const int64_t *kpos, const void *b,
                                      void *c, int64_t c_rs, int32_t mr, int32_t nr, int32_t accumulate) {
    const UKR_TU *const *ar = (const UKR_TU *const *)arows;
    const UKR_T *bp = (const UKR_T *)b;
    UKR_TU *cp = (UKR_TU *)c;
    if (!ar || !kpos) return; /* lets the compiler drop the other A addressing from the k loop */
    int two = nr > UKR_VW;
#define UKR_CASE(R)                                                                                \
    case R:                                                                                        \
        if (two) UKR_BODY(R, 2, 0, kc, NULL, 0, 0, bp, UKR_NR, NULL, ar, kpos, cp, c_rs, 1, nr, accumulate); \
        else UKR_BODY(R, 1, 0, kc, NULL, 0, 0, bp, UKR_NR, NULL, ar, kpos, cp, c_rs, 1, nr, accumulate);    \
        break;
    switch (mr) {
        UKR_CASES
    default: break;
    }
#undef UKR_CASE
}

#undef UKR_CASES
#undef UKR_BODY
#undef UKR_NR
#undef UKR_CAT
#undef UKR_CAT2
