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
        memset(pad, 0, (size_t)(g->C * xh * xw) * sizeof(float));
        for (int64_t c = 0; c < g->C; c++)
            for (int64_t h = 0; h < g->H && h + g->ph < xh; h++)
                memcpy(pad + (c * xh + h + g->ph) * xw + g->pw, xs + (c * g->H + h) * g->W,
                       (size_t)conv_min64(g->W, xw - g->pw) * sizeof(float));
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
