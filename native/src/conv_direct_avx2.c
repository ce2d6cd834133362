/* The float32 forward of a convolution with few input channels, without a column matrix (compiled
 * with -mavx2 -mfma; conv.c picks it). With C = 1 or 3 the GEMM's K is 9 to 27, so building the
 * columns cost as much as the products. Here each output tile (CONV_DIRECT_MR channels x two 8-wide
 * runs of output pixels) runs over the taps (c, kh, kw) in the columns' row order, loading its
 * input runs straight from the sample (zero-padded first into scratch when the convolution pads).
 *
 * Every output is the GEMM kernel's chain: an accumulator from zero, one fused multiply-add per tap
 * in k order, then bias + sum (matmul_ukr.h with K in one block). conv.c takes this path only for
 * kdim <= the GEMM's K block, so the bits equal the column-matrix path's, whatever the tiling. */
#include "conv.h"

#include <immintrin.h>
#include <string.h>

#define CONV_DIRECT_MR 6

/* x (one sample) into pad [C][xh][xw], zeros where the output reaches past the input. */
static void pad_sample(const conv_geom *g, const float *x, float *pad, int64_t xh, int64_t xw) {
    memset(pad, 0, (size_t)(g->C * xh * xw) * sizeof(float));
    for (int64_t c = 0; c < g->C; c++)
        for (int64_t h = 0; h < g->H && h + g->ph < xh && g->pw < xw; h++)
            memcpy(pad + (c * xh + h + g->ph) * xw + g->pw, x + (c * g->H + h) * g->W,
                   (size_t)conv_min64(g->W, xw - g->pw) * sizeof(float));
}

/* One tile: channels [co0, co0 + mr) x two runs of 8 pixels (pixel p0 / p1 of the padded-width
 * grid: row p / OW, column p % OW; p1 < 0: one run). x: the (padded) sample, xw its row length. */
static inline __attribute__((always_inline)) void
tile(const conv_geom *g, const float *x, int64_t xh, int64_t xw, const float *w, const float *bias,
     float *out, int64_t co0, const int mr, int64_t p0, int64_t p1) {
    __m256 acc0[CONV_DIRECT_MR], acc1[CONV_DIRECT_MR];
    for (int r = 0; r < mr; r++) acc0[r] = acc1[r] = _mm256_setzero_ps();
    const float *x0 = x + (p0 / g->OW) * xw + p0 % g->OW;
    const float *x1 = p1 >= 0 ? x + (p1 / g->OW) * xw + p1 % g->OW : x0;
    const float *wr = w + co0 * g->kdim;
    for (int64_t c = 0; c < g->C; c++)
        for (int64_t kh = 0; kh < g->KH; kh++) {
            const float *a = x0 + (c * xh + kh) * xw, *b = x1 + (c * xh + kh) * xw;
            for (int64_t kw = 0; kw < g->KW; kw++, wr++) {
                __m256 v0 = _mm256_loadu_ps(a + kw), v1 = _mm256_loadu_ps(b + kw);
                for (int r = 0; r < mr; r++) {
                    __m256 wv = _mm256_broadcast_ss(wr + r * g->kdim);
                    acc0[r] = _mm256_fmadd_ps(wv, v0, acc0[r]);
                    if (p1 >= 0) acc1[r] = _mm256_fmadd_ps(wv, v1, acc1[r]);
                }
            }
        }
    for (int r = 0; r < mr; r++) {
        __m256 bv = _mm256_set1_ps(bias ? bias[r] : 0.0f);
        float *o = out + (co0 + r) * g->L;
        _mm256_storeu_ps(o + p0, bias ? _mm256_add_ps(bv, acc0[r]) : acc0[r]);
        if (p1 >= 0) _mm256_storeu_ps(o + p1, bias ? _mm256_add_ps(bv, acc1[r]) : acc1[r]);
    }
}

/* Output pixel (oh, ow) of every channel from scalar fused multiply-adds in the same order: the
 * pixels of a row past its last full run of 8. */
static void pixel(const conv_geom *g, const float *x, int64_t xh, int64_t xw, const float *w,
                  const float *bias, float *out, int64_t oh, int64_t ow) {
    for (int64_t co = 0; co < g->Co; co++) {
        const float *wr = w + co * g->kdim;
        float acc = 0;
        for (int64_t c = 0; c < g->C; c++)
            for (int64_t kh = 0; kh < g->KH; kh++)
                for (int64_t kw = 0; kw < g->KW; kw++)
                    acc = __builtin_fmaf(*wr++, x[(c * xh + oh + kh) * xw + ow + kw], acc);
        out[co * g->L + oh * g->OW + ow] = bias ? bias[co] + acc : acc;
    }
}

#define TILE_CASE(R)                                                                               \
    case R: tile(g, x, xh, xw, w, b, out, co0, R, p0, p1); break;

void agn_conv_direct_f32_avx2(const conv_geom *g, const float *xs, const float *w,
                              const float *bias, float *out, float *pad) {
    const float *x = xs;
    int64_t xh = g->H, xw = g->W;
    if (agn_conv_direct_pads(g)) { /* the sample zero-padded on every side the output reaches */
        xh = g->OH + g->KH - 1, xw = g->OW + g->KW - 1;
        pad_sample(g, xs, pad, xh, xw);
        x = pad;
    }
    int64_t runs = g->OW / 8, n = g->OH * runs; /* full 8-pixel runs, row by row */
    for (int64_t co0 = 0; co0 < g->Co; co0 += CONV_DIRECT_MR) {
        int mr = (int)conv_min64(CONV_DIRECT_MR, g->Co - co0);
        const float *b = bias ? bias + co0 : NULL;
        for (int64_t i = 0; i < n; i += 2) {
            int64_t p0 = i / runs * g->OW + i % runs * 8;
            int64_t p1 = i + 1 < n ? (i + 1) / runs * g->OW + (i + 1) % runs * 8 : -1;
            switch (mr) {
                TILE_CASE(1)
                TILE_CASE(2)
                TILE_CASE(3)
                TILE_CASE(4)
                TILE_CASE(5)
                TILE_CASE(6)
            default: break;
            }
        }
    }
    for (int64_t oh = 0; oh < g->OH; oh++)
        for (int64_t ow = runs * 8; ow < g->OW; ow++) pixel(g, x, xh, xw, w, bias, out, oh, ow);
}

/* ---- the weight gradient without columns ------------------------------------------------------
 * gW[co][k] = sum over samples n and pixels l of grad_out[n, co, l] * cols[n, k, l]: each pair
 * (co, k) keeps 8 lane sums, one per pixel column mod 8 of each output row's runs, over the
 * samples in order; a tile of WG_MR channels x WG_NK taps holds its 12 lane sums in registers over
 * one sample's pixels and in scratch between samples. The lanes are added in a fixed order at the
 * end, so the bits depend on the sample group alone, never on the thread count. */

#define WG_MR CONV_WG_MR
#define WG_NK CONV_WG_NK

/* Lane sums of fold (pairwise halves, a fixed order). */
static inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

/* ns samples' pixels, in order, into the lane sums acc [mr][nk] (8 floats each) of channels co0..
 * and taps k0..; go: grad_out from the first sample (sample stride yn, channel stride yc, pixels
 * contiguous), x: the (padded) input likewise (sample stride xn, rows of xw in planes of xh). */
static inline __attribute__((always_inline)) void
wg_tile(const conv_geom *g, const float *go, int64_t yn, int64_t yc, const float *x, int64_t xn,
        int64_t xh, int64_t xw, int64_t ns, int64_t co0, const int mr, int64_t k0, const int nk,
        float *acc, __m256i tail) {
    __m256 s[WG_MR][WG_NK];
    const float *xr[WG_NK];
    for (int t = 0; t < nk; t++) {
        int64_t k = k0 + t, c = k / (g->KH * g->KW), kh = k / g->KW % g->KH, kw = k % g->KW;
        xr[t] = x + (c * xh + kh) * xw + kw;
    }
    for (int r = 0; r < mr; r++)
        for (int t = 0; t < nk; t++) s[r][t] = _mm256_loadu_ps(acc + (r * WG_NK + t) * 8);
    const int64_t full = g->OW / 8 * 8;
    for (int64_t n = 0; n < ns; n++) {
        for (int64_t oh = 0; oh < g->OH; oh++) {
            const float *gr = go + n * yn + co0 * yc + oh * g->OW;
            for (int64_t ow = 0; ow < full; ow += 8) {
                __m256 xv[WG_NK];
                for (int t = 0; t < nk; t++) xv[t] = _mm256_loadu_ps(xr[t] + n * xn + oh * xw + ow);
                for (int r = 0; r < mr; r++) {
                    __m256 gv = _mm256_loadu_ps(gr + r * yc + ow);
                    for (int t = 0; t < nk; t++) s[r][t] = _mm256_fmadd_ps(gv, xv[t], s[r][t]);
                }
            }
            if (full < g->OW) { /* the row's last pixels: masked-off lanes add 0 * 0 */
                __m256 xv[WG_NK];
                for (int t = 0; t < nk; t++) xv[t] = _mm256_maskload_ps(xr[t] + n * xn + oh * xw + full, tail);
                for (int r = 0; r < mr; r++) {
                    __m256 gv = _mm256_maskload_ps(gr + r * yc + full, tail);
                    for (int t = 0; t < nk; t++) s[r][t] = _mm256_fmadd_ps(gv, xv[t], s[r][t]);
                }
            }
        }
    }
    for (int r = 0; r < mr; r++)
        for (int t = 0; t < nk; t++) _mm256_storeu_ps(acc + (r * WG_NK + t) * 8, s[r][t]);
}

#define WG_CASE(R, T)                                                                              \
    case (R) * 4 + (T): wg_tile(g, go, g->yn, g->yc, x, xn, xh, xw, ns, co0, R, k0, T, a, tail); break;

/* Every tile of channels x taps over samples [n, n + ns) of x / go (see wg_tile). */
static void wg_tiles(const conv_geom *g, const float *go, const float *x, int64_t xn, int64_t xh,
                     int64_t xw, int64_t ns, float *acc, __m256i tail) {
    const int64_t kb = conv_cdiv(g->kdim, WG_NK);
    for (int64_t co0 = 0; co0 < g->Co; co0 += WG_MR) {
        int mr = (int)conv_min64(WG_MR, g->Co - co0);
        for (int64_t k0 = 0; k0 < g->kdim; k0 += WG_NK) {
            int nk = (int)conv_min64(WG_NK, g->kdim - k0);
            float *a = acc + ((co0 / WG_MR) * kb + k0 / WG_NK) * WG_MR * WG_NK * 8;
            switch (mr * 4 + nk) {
                WG_CASE(1, 1) WG_CASE(1, 2) WG_CASE(1, 3)
                WG_CASE(2, 1) WG_CASE(2, 2) WG_CASE(2, 3)
                WG_CASE(3, 1) WG_CASE(3, 2) WG_CASE(3, 3)
                WG_CASE(4, 1) WG_CASE(4, 2) WG_CASE(4, 3)
            default: break;
            }
        }
    }
}

/* Unpadded, every tile runs over all the samples with its lane sums in registers; padded, sample by
 * sample through one padded copy. The lanes see the same products in the same order either way. */
void agn_conv_direct_wgrad_f32_avx2(const conv_geom *g, const float *input, const float *grad_out,
                                    int64_t n0, int64_t n1, float *gw, float *scratch) {
    const int64_t kb = conv_cdiv(g->kdim, WG_NK), plane = g->C * g->H * g->W;
    const int64_t lanes = conv_cdiv(g->Co, WG_MR) * WG_MR * kb * WG_NK * 8;
    float *acc = scratch, *pad = scratch + lanes;
    int64_t rem = g->OW % 8;
    __m256i tail = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)rem), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    memset(acc, 0, (size_t)lanes * sizeof(float));
    if (!agn_conv_direct_pads(g)) {
        wg_tiles(g, grad_out + n0 * g->yn, input + n0 * plane, plane, g->H, g->W, n1 - n0, acc, tail);
    } else {
        int64_t xh = g->OH + g->KH - 1, xw = g->OW + g->KW - 1;
        for (int64_t n = n0; n < n1; n++) {
            pad_sample(g, input + n * plane, pad, xh, xw);
            wg_tiles(g, grad_out + n * g->yn, pad, 0, xh, xw, 1, acc, tail);
        }
    }
    for (int64_t co = 0; co < g->Co; co++)
        for (int64_t k = 0; k < g->kdim; k++) {
            const float *a = acc + ((co / WG_MR) * kb + k / WG_NK) * WG_MR * WG_NK * 8;
            gw[co * g->kdim + k] = hsum8(_mm256_loadu_ps(a + (co % WG_MR * WG_NK + k % WG_NK) * 8));
        }
}
