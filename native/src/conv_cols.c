/* The column matrix of the convolutions (im2col) and its adjoint (col2im), and F.unfold / F.fold,
 * which are those two on their own. The layout is described at the top of conv.c. */
#include "conv.h"
#include "matmul_kernels.h"

#include <string.h>

/* Output columns [*o0, *o1) whose input column o*s + off lies in [0, W). */
static void valid_range(int64_t off, int64_t s, int64_t W, int64_t OW, int64_t *o0, int64_t *o1) {
    int64_t lo = off >= 0 ? 0 : s == 1 ? -off : conv_cdiv(-off, s);
    int64_t hi = W - off <= 0 ? 0 : s == 1 ? W - off : conv_cdiv(W - off, s);
    *o0 = conv_min64(lo, OW);
    *o1 = conv_max64(*o0, conv_min64(hi, OW));
}

/* Copies bytes (a multiple of 4) between non-overlapping buffers, inline: im2col's runs are one
 * output row (8 to 32 elements in a small CNN), where a call to memcpy costs as much as the copy. */
static inline void copy_run(char *d, const char *s, size_t bytes) {
    if (bytes >= 16) {
        size_t last = bytes - 16;
        for (size_t i = 0; i < last; i += 16) memcpy(d + i, s + i, 16);
        memcpy(d + last, s + last, 16); /* the tail, overlapping the previous chunk */
        return;
    }
    if (bytes >= 8) {
        memcpy(d, s, 8);
        memcpy(d + bytes - 8, s + bytes - 8, 8);
    } else if (bytes) {
        memcpy(d, s, 4);
        memcpy(d + bytes - 4, s + bytes - 4, 4);
    }
}

/* One sample's columns (x: its [C][H][W]) into rows of ld elements; moves bits only. The bounds
 * are worked out per row (the output rows [h0, h1) and columns [o0, o1) that meet the input), so
 * the inner loop is one copy per output row: these loops cost more than the GEMM in a small CNN. */
#define IM2COL(NAME, U)                                                                            \
    static void NAME(const conv_geom *g, const char *xs, char *cs, int64_t ld) {                   \
        const U *x = (const U *)(const void *)xs;                                                  \
        U *col = (U *)(void *)cs;                                                                  \
        const int64_t OW = g->OW, sw = g->sw, row_step = g->sh * g->W;                             \
        for (int64_t c = 0; c < g->C; c++)                                                         \
            for (int64_t kh = 0; kh < g->KH; kh++) {                                               \
                int64_t h0, h1, top = kh * g->dh - g->ph;                                          \
                valid_range(top, g->sh, g->H, g->OH, &h0, &h1);                                    \
                for (int64_t kw = 0; kw < g->KW; kw++) {                                           \
                    U *row = col + ((c * g->KH + kh) * g->KW + kw) * ld;                           \
                    int64_t off = kw * g->dw - g->pw, o0, o1;                                      \
                    valid_range(off, sw, g->W, OW, &o0, &o1);                                      \
                    memset(row, 0, (size_t)(h0 * OW) * sizeof(U));                                 \
                    memset(row + h1 * OW, 0, (size_t)((g->OH - h1) * OW) * sizeof(U));             \
                    const U *src = x + (c * g->H + h0 * g->sh + top) * g->W + off;                 \
                    size_t run = (size_t)(o1 - o0) * sizeof(U);                                    \
                    for (int64_t oh = h0; oh < h1; oh++, src += row_step) {                        \
                        U *dst = row + oh * OW;                                                    \
                        for (int64_t o = 0; o < o0; o++) dst[o] = 0;                               \
                        if (sw == 1) copy_run((char *)(dst + o0), (const char *)(src + o0), run);  \
                        else                                                                       \
                            for (int64_t o = o0; o < o1; o++) dst[o] = src[o * sw];                \
                        for (int64_t o = o1; o < OW; o++) dst[o] = 0;                              \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
    }
IM2COL(im2col_32, agn_mm_u32)
IM2COL(im2col_64, agn_mm_u64)

/* The adjoint, rows [r0, r1) of it: adds column rows r (at cols + (r - r0) * ld) into the sample's
 * grad_input [C][H][W], row after row, so the sums' order is fixed. */
#define COL2IM(NAME, T)                                                                            \
    static void NAME(const conv_geom *g, const char *cs, char *xs, int64_t ld, int64_t r0,         \
                     int64_t r1) {                                                                 \
        const T *col = (const T *)(const void *)cs;                                                \
        T *x = (T *)(void *)xs;                                                                    \
        const int64_t OW = g->OW, sw = g->sw, row_step = g->sh * g->W;                             \
        int64_t c = r0 / (g->KH * g->KW), kh = r0 / g->KW % g->KH, kw = r0 % g->KW;                \
        for (int64_t r = r0; r < r1; r++, kw = kw + 1 < g->KW ? kw + 1 : 0) {                      \
            if (r > r0 && kw == 0 && ++kh == g->KH) kh = 0, c++; /* no division per row */         \
            int64_t h0, h1, top = kh * g->dh - g->ph;                                              \
            valid_range(top, g->sh, g->H, g->OH, &h0, &h1);                                        \
            const T *row = col + (r - r0) * ld;                                                    \
            int64_t off = kw * g->dw - g->pw, o0, o1;                                              \
            valid_range(off, sw, g->W, OW, &o0, &o1);                                              \
            T *dst = x + (c * g->H + h0 * g->sh + top) * g->W + off;                               \
            for (int64_t oh = h0; oh < h1; oh++, dst += row_step) {                                \
                const T *restrict src = row + oh * OW;                                             \
                T *restrict d = dst;                                                               \
                if (sw == 1)                                                                       \
                    for (int64_t o = o0; o < o1; o++) d[o] += src[o];                              \
                else                                                                               \
                    for (int64_t o = o0; o < o1; o++) d[o * sw] += src[o];                         \
            }                                                                                      \
        }                                                                                          \
    }
COL2IM(col2im_f32, agn_f32)
COL2IM(col2im_f64, agn_f64)

void agn_conv_im2col(const conv_geom *g, const char *x, char *cols, int64_t ld) {
    if (g->es == 4) im2col_32(g, x, cols, ld);
    else im2col_64(g, x, cols, ld);
}

void agn_conv_col2im(const conv_geom *g, const char *cols, char *x, int64_t ld, int64_t r0, int64_t r1) {
    if (g->dtype == AGN_DTYPE_FLOAT32) col2im_f32(g, cols, x, ld, r0, r1);
    else col2im_f64(g, cols, x, ld, r0, r1);
}

/* ---- F.unfold / F.fold: the column matrix itself and its adjoint ---------------------------- */

typedef struct fold_job {
    conv_geom g;
    const char *src;
    char *dst;
    int to_cols;
} fold_job;

static void fold_samples(void *ctx, int64_t begin, int64_t end) {
    fold_job *j = (fold_job *)ctx;
    const conv_geom *g = &j->g;
    int64_t plane = g->C * g->H * g->W * g->es, cols = g->rows * g->L * g->es;
    for (int64_t n = begin; n < end; n++) {
        if (j->to_cols) {
            agn_conv_im2col(g, j->src + n * plane, j->dst + n * cols, g->L);
            continue;
        }
        memset(j->dst + n * plane, 0, (size_t)plane);
        agn_conv_col2im(g, j->src + n * cols, j->dst + n * plane, g->L, 0, g->rows);
    }
}

/* image [N, C, H, W] and cols [N, C*KH*KW, L] with L = OH * OW the blocks of the symmetric padding. */
static agn_status fold_run(const agn_tensor *image, const agn_tensor *cols, int64_t kh, int64_t kw,
                           const agn_conv2d_params *p, int to_cols) {
    if (!image || !cols || !p) return AGN_ERR_NULL_ARGUMENT;
    agn_status st;
    if ((st = agn_check_tensor(image)) != AGN_OK || (st = agn_check_tensor(cols)) != AGN_OK) return st;
    if (image->ndim != 4 || cols->ndim != 3) return AGN_ERR_SHAPE;
    if (!agn_is_contiguous(image) || !agn_is_contiguous(cols)) return AGN_ERR_INVALID_ARGUMENT;
    if (image->dtype != cols->dtype || !agn_is_floating(image->dtype)) return AGN_ERR_DTYPE;
    if (kh < 1 || kw < 1 || p->stride_h < 1 || p->stride_w < 1 || p->dilation_h < 1 ||
        p->dilation_w < 1 || p->pad_h < 0 || p->pad_w < 0)
        return AGN_ERR_INVALID_ARGUMENT;
    fold_job j;
    memset(&j, 0, sizeof j);
    conv_geom *g = &j.g;
    g->N = image->shape[0], g->C = image->shape[1], g->H = image->shape[2], g->W = image->shape[3];
    g->KH = kh, g->KW = kw, g->G = 1, g->Cg = g->C;
    g->sh = p->stride_h, g->sw = p->stride_w, g->ph = p->pad_h, g->pw = p->pad_w;
    g->dh = p->dilation_h, g->dw = p->dilation_w;
    int64_t eh = g->H + 2 * g->ph - g->dh * (kh - 1) - 1, ew = g->W + 2 * g->pw - g->dw * (kw - 1) - 1;
    if (eh < 0 || ew < 0) return AGN_ERR_SHAPE;
    g->OH = eh / g->sh + 1, g->OW = ew / g->sw + 1, g->L = g->OH * g->OW;
    g->rows = g->kdim = g->C * kh * kw;
    g->dtype = image->dtype, g->es = agn_dtype_size(image->dtype);
    if (cols->shape[0] != g->N || cols->shape[1] != g->rows || cols->shape[2] != g->L) return AGN_ERR_SHAPE;
    if (g->N == 0) return AGN_OK;
    j.to_cols = to_cols;
    j.src = (const char *)(to_cols ? image->data : cols->data);
    j.dst = (char *)(to_cols ? cols->data : image->data);
    int64_t per = conv_max64(1, g->rows * g->L);
    agn_parallel_for(g->N, conv_max64(1, (int64_t)(1 << 16) / per), fold_samples, &j);
    return AGN_OK;
}

agn_status agn_im2col(const agn_tensor *input, const agn_tensor *cols, int64_t kernel_h,
                      int64_t kernel_w, const agn_conv2d_params *p) {
    agn_enter();
    return fold_run(input, cols, kernel_h, kernel_w, p, 1);
}

agn_status agn_col2im(const agn_tensor *cols, const agn_tensor *out, int64_t kernel_h,
                      int64_t kernel_w, const agn_conv2d_params *p) {
    agn_enter();
    return fold_run(out, cols, kernel_h, kernel_w, p, 0);
}
