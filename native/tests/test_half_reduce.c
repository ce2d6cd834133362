/* agn_reduce on float16 / bfloat16 inputs (Note [Half reduction]): for every op, with and without
 * argmax/argmin indices, the half result has the bits of reducing the float32 widening of the same
 * storage through the same strides and rounding that float32 result to nearest even, and a FLOAT32
 * output gets that float32 result itself. Lengths 0..257 and around the piece, lane and block sizes
 * (including runs the kernel cuts into parallel chunks), strided, negative-stride and broadcast
 * runs, vertical and horizontal 2-d reductions on both sides of a tile, NaN / inf / -0, at every
 * SIMD level and for 1 and 3 threads; hand-derived sums that round (bfloat16 ties to even); empty
 * extents; dtype errors. */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const int32_t kTypes[2] = {AGN_DTYPE_FLOAT16, AGN_DTYPE_BFLOAT16};

static agn_status convert(const void *src, int32_t sdt, void *out, int32_t odt, int64_t n) {
    const int64_t shape[1] = {n}, one[1] = {1};
    agn_tensor s = {(void *)src, shape, one, 1, sdt}, o = {out, shape, one, 1, odt};
    return agn_copy(&s, &o);
}

/* n half elements: values of mixed sign near 1 (products stay finite for a while) or, when `wide`,
 * spread over 2^-12..2^13,
 * with NaN, infinities and -0 at a few positions when `specials`; fs gets their exact widening. */
static void fill(uint16_t *hs, float *fs, int32_t dt, int64_t n, uint32_t seed, int specials, int wide) {
    for (int64_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        float v = 0.5f + (float)(seed >> 9) / (float)(1u << 23) * 1.5f;
        if (seed & 1u) v = -v;
        if (wide) v = ldexpf(v, (int)((seed >> 1) % 25u) - 12); /* float32 sums of these round */
        if (specials && i % 97 == 13) v = -0.0f;
        if (specials && i % 211 == 50) v = 1.0f / 0.0f;
        if (specials && i % 307 == 100) v = 0.0f / 0.0f;
        fs[i] = v;
    }
    CHECK(convert(fs, AGN_DTYPE_FLOAT32, hs, dt, n) == AGN_OK);
    CHECK(convert(hs, dt, fs, AGN_DTYPE_FLOAT32, n) == AGN_OK);
}

/* Equal bits, or both NaN: which NaN operand x86 propagates (its first source) depends on how the
 * compiler orders a commutative multiply in each loop, so a product meeting two NaNs (a data NaN and
 * the default NaN of inf * 0) may carry either's sign. The values agree; LibTorch's NaN bits vary
 * between its own loops too. */
static int same_f32(float a, float b) { return memcmp(&a, &b, 4) == 0 || (a != a && b != b); }
static int same_half(int32_t dt, uint16_t a, uint16_t b) {
    const uint16_t inf = dt == AGN_DTYPE_FLOAT16 ? 0x7C00 : 0x7F80;
    return a == b || ((a & 0x7FFF) > inf && (b & 0x7FFF) > inf);
}

/* x: the view (shape, strides, first element `off`) of half storage hs and of its widening fs. */
static void check_view(int32_t op, int32_t dt, int ndim, const int64_t *shape, const int64_t *strides, int64_t off,
                       const uint16_t *hs, const float *fs, unsigned mask, int with_idx) {
    int64_t oshape[4], ostr[4], on = 1;
    for (int d = 0; d < ndim; d++) {
        oshape[d] = (mask >> d) & 1u ? 1 : shape[d];
        on *= oshape[d];
    }
    for (int d = ndim - 1, s = 1; d >= 0; d--) { ostr[d] = s; s *= (int)oshape[d]; }
    size_t cnt = (size_t)(on > 0 ? on : 1);
    uint16_t *oh = calloc(cnt, 2), *ref_h = calloc(cnt, 2);
    float *of = calloc(cnt, 4), *ref = calloc(cnt, 4);
    int64_t *ih = calloc(cnt, 8), *iref = calloc(cnt, 8);
    agn_tensor xh = {(void *)(hs + off), shape, strides, ndim, dt}, xf = {(void *)(fs + off), shape, strides, ndim, AGN_DTYPE_FLOAT32};
    agn_tensor toh = {oh, oshape, ostr, ndim, dt}, tof = {of, oshape, ostr, ndim, AGN_DTYPE_FLOAT32};
    agn_tensor tref = {ref, oshape, ostr, ndim, AGN_DTYPE_FLOAT32};
    agn_tensor tih = {ih, oshape, ostr, ndim, AGN_DTYPE_INT64}, tiref = {iref, oshape, ostr, ndim, AGN_DTYPE_INT64};
    agn_status sref = agn_reduce(op, &xf, &tref, with_idx ? &tiref : NULL);
    agn_status sh = agn_reduce(op, &xh, &toh, with_idx ? &tih : NULL);
    CHECK(sh == sref);
    if (sh == AGN_OK && on > 0) {
        CHECK(convert(ref, AGN_DTYPE_FLOAT32, ref_h, dt, on) == AGN_OK);
        for (size_t i = 0; i < cnt; i++) CHECK(same_half(dt, oh[i], ref_h[i]));
        if (with_idx) CHECK(memcmp(ih, iref, cnt * 8) == 0);
        if (!with_idx) {
            CHECK(agn_reduce(op, &xh, &tof, NULL) == AGN_OK);
            for (size_t i = 0; i < cnt; i++) CHECK(same_f32(of[i], ref[i]));
        }
    }
    free(oh); free(ref_h); free(of); free(ref); free(ih); free(iref);
}

static void check_1d(int32_t dt, int64_t n, int64_t stride, const uint16_t *hs, const float *fs) {
    const int64_t shape[1] = {n}, strides[1] = {stride};
    const int64_t off = stride < 0 && n > 0 ? (n - 1) * -stride : 0;
    for (int32_t op = AGN_REDUCE_SUM; op <= AGN_REDUCE_MIN; op++) {
        check_view(op, dt, 1, shape, strides, off, hs, fs, 1u, 0);
        if (op >= AGN_REDUCE_MAX) check_view(op, dt, 1, shape, strides, off, hs, fs, 1u, 1);
    }
}

static void lengths(int32_t dt, int specials, int wide) {
    enum { CAP = 3 * 210011 };
    uint16_t *hs = malloc(CAP * 2);
    float *fs = malloc(CAP * 4);
    fill(hs, fs, dt, CAP, 7u + (uint32_t)dt, specials, wide);
    static const int64_t big[] = {2047, 2048, 2049, 2 * 2048 + 31, 3 * 2048 + 64, 70001, 210011};
    for (int64_t n = 0; n <= 257; n++) {
        check_1d(dt, n, 1, hs, fs);
        check_1d(dt, n, 3, hs, fs);
        check_1d(dt, n, -2, hs, fs);
        check_1d(dt, n, 0, hs, fs); /* broadcast: one element n times */
    }
    for (size_t k = 0; k < sizeof big / sizeof big[0]; k++) {
        check_1d(dt, big[k], 1, hs, fs);
        check_1d(dt, big[k], 3, hs, fs);
        check_1d(dt, big[k] - 1, 1, hs + 1, fs + 1); /* an odd start */
    }
    free(hs);
    free(fs);
}

/* 2-d [r, c], row-major or transposed in memory, every reduce mask: vertical (dim 0 of row-major)
 * and horizontal folds, tiles wider than TILE, more rows than one piece holds. */
static void matrices(int32_t dt) {
    static const int64_t dims[][2] = {{3, 5}, {37, 1100}, {2500, 7}, {5, 3000}, {1, 9}, {300, 1}, {0, 5}, {64, 33}};
    uint16_t *hs = malloc(41000 * 2);
    float *fs = malloc(41000 * 4);
    fill(hs, fs, dt, 41000, 99u, 1, 1);
    for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
        const int64_t r = dims[k][0], c = dims[k][1], shape[2] = {r, c};
        const int64_t rowmajor[2] = {c, 1}, colmajor[2] = {1, r}, bcast[2] = {1, 0};
        const int64_t *layouts[3] = {rowmajor, colmajor, bcast};
        for (int l = 0; l < 3; l++)
            for (unsigned mask = 1; mask <= 3; mask++)
                for (int32_t op = AGN_REDUCE_SUM; op <= AGN_REDUCE_MIN; op++) {
                    check_view(op, dt, 2, shape, layouts[l], 0, hs, fs, mask, 0);
                    if (op >= AGN_REDUCE_MAX && mask != 3) check_view(op, dt, 2, shape, layouts[l], 0, hs, fs, mask, 1);
                }
    }
    free(hs);
    free(fs);
}

/* Sums whose exact value the half types cannot hold: n ones sum to n, then round to nearest even.
 * 3000 = 2^11 * 1.46484375: float16 keeps it (0x69DC); in bfloat16 it is 187.5 units of 16, a tie,
 * so it rounds to the even 188 * 16 = 3008 (0x453C; truncation would give 2992). 4097 ones: float16
 * units are 4 there, 4097 = 1024.25 units -> 4096 (0x6C00). */
static void rounding(void) {
    uint16_t ones[4097], out;
    const uint16_t one[2] = {0x3C00, 0x3F80};
    const int64_t oshape[1] = {1}, ostr[1] = {1};
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < 4097; i++) ones[i] = one[t];
        agn_tensor o = {&out, oshape, ostr, 1, kTypes[t]};
        int64_t shape[1] = {3000}, str[1] = {1};
        agn_tensor x = {ones, shape, str, 1, kTypes[t]};
        CHECK(agn_reduce(AGN_REDUCE_SUM, &x, &o, NULL) == AGN_OK && out == (t == 0 ? 0x69DC : 0x453C));
        shape[0] = 4097;
        CHECK(agn_reduce(AGN_REDUCE_SUM, &x, &o, NULL) == AGN_OK && (t == 1 || out == 0x6C00));
        shape[0] = 0; /* empty extents: the identities, and no max */
        CHECK(agn_reduce(AGN_REDUCE_SUM, &x, &o, NULL) == AGN_OK && out == 0);
        CHECK(agn_reduce(AGN_REDUCE_PROD, &x, &o, NULL) == AGN_OK && out == one[t]);
        CHECK(agn_reduce(AGN_REDUCE_MAX, &x, &o, NULL) == AGN_ERR_SHAPE);
    }
}

static void dtype_errors(void) {
    uint16_t h[4] = {0x3C00, 0x3C00, 0x3C00, 0x3C00}, oh = 0;
    double od = 0;
    int64_t oi = 0;
    const int64_t shape[1] = {4}, str[1] = {1}, oshape[1] = {1}, ostr[1] = {1};
    agn_tensor x = {h, shape, str, 1, AGN_DTYPE_FLOAT16};
    agn_tensor o64 = {&od, oshape, ostr, 1, AGN_DTYPE_FLOAT64}, obf = {&oh, oshape, ostr, 1, AGN_DTYPE_BFLOAT16};
    agn_tensor oint = {&oi, oshape, ostr, 1, AGN_DTYPE_INT64};
    CHECK(agn_reduce(AGN_REDUCE_SUM, &x, &o64, NULL) == AGN_ERR_DTYPE && od == 0);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &x, &obf, NULL) == AGN_ERR_DTYPE && oh == 0);
    CHECK(agn_reduce(AGN_REDUCE_MAX, &x, &oint, NULL) == AGN_ERR_DTYPE && oi == 0);
}

int main(void) {
    for (int lv = 0; lv <= agn_simd_supported(); lv++) {
        CHECK(agn_set_simd_level(lv) == AGN_OK);
        for (int32_t threads = 1; threads <= 3; threads += 2) {
            CHECK(agn_set_num_threads(threads) == AGN_OK);
            for (int t = 0; t < 2; t++) {
                lengths(kTypes[t], 0, 0);
                lengths(kTypes[t], 0, 1);
                lengths(kTypes[t], 1, 1);
                matrices(kTypes[t]);
            }
        }
    }
    rounding();
    dtype_errors();
    return check_summary("test_half_reduce");
}
