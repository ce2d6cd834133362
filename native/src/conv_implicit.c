/* The three convolution kernels without the column matrix (implicit GEMM), calling the GEMM's
 * micro-kernels (matmul_kernels.h) directly.
 *
 * Forward: with stride 1, row (c, kh, kw) of the column matrix restricted to output row oh is a
 * contiguous run of the (padded) input. Over "wide" columns l' = oh * Wp + ow, ow < Wp (Wp the
 * padded width), the whole row is contiguous: it starts at boff[row] = (c * Hp + kh * dh) * Wp +
 * kw * dw of the padded image. So the micro-kernel reads B rows straight from the padded copy
 * (which stays in L1), writes wide output rows, and the columns ow >= OW, which wrap into the next
 * image row, are dropped when the result is copied out (with the bias added).
 * Input gradient: W^T @ grad_out is computed MR rows at a time into a strip that stays in L1, and
 * col2im adds those rows into grad_input at once, instead of the whole column matrix going
 * through L2 twice.
 * Weight gradient: the transposed product, the column matrix read in place from the padded copy
 * (see agn_conv_implicit_wgrad).
 *
 * Bits: agn_matmul computes each output of these products as one FMA chain over all of K from zero
 * when K fits one block and its matrix-vector and small-K paths are not taken (one_chain); these
 * kernels run that same chain per output, and add the bias (forward), the rows (col2im, in row order)
 * or the samples (weight gradient) as the column path does, so the results are identical to it
 * (test_conv_implicit.c checks; a NaN in the weight gradient may differ in sign, see there). */
#include "conv.h"
#include "matmul_kernels.h"

#include <string.h>

/* Wide columns may be at most this many eighths of the output's: beyond it the dropped columns'
 * arithmetic costs more than the column matrix saves. */
#define IMPLICIT_MAX_WIDE_8THS 12
/* The input gradient's strips pay only when the column matrix would leave L1 (LeNet's second layer,
 * 38 KB, ran 4% slower in strips; Conv32to64's 225 KB 7% faster). */
#define IMPLICIT_IGRAD_MIN_COLS ((int64_t)64 << 10)

/* Whether agn_matmul computes an M x K @ K x N product as one FMA chain per output over all of K
 * (its matrix-vector paths take M or N = 1, its small-K path K <= 4; K past one block is split). */
static int one_chain(const agn_mm_kernel *kd, int64_t M, int64_t N, int64_t K) {
    return kd && kd->ukr_rows && M > 1 && N > 1 && K > 4 && K <= kd->kc;
}

/* Padded image height and width the products read: every (oh * sh + kh * dh, ow * sw + kw * dw). */
static int64_t pad_hp(const conv_geom *g) { return (g->OH - 1) * g->sh + (g->KH - 1) * g->dh + 1; }
static int64_t pad_wp(const conv_geom *g) { return (g->OW - 1) * g->sw + (g->KW - 1) * g->dw + 1; }

/* boff[r]: where row r = (c, kh, kw) of the column matrix starts in the padded image. */
static void row_offsets(const conv_geom *g, int64_t hp, int64_t wp, int64_t *boff) {
    for (int64_t r = 0; r < g->kdim; r++) {
        int64_t c = r / (g->KH * g->KW), kh = r / g->KW % g->KH, kw = r % g->KW;
        boff[r] = (c * hp + kh * g->dh) * wp + kw * g->dw;
    }
}

/* Wide columns, rounded up to whole tiles. */
static int64_t fwd_lw(const conv_geom *g, int64_t nr) {
    return conv_cdiv((g->OH - 1) * pad_wp(g) + g->OW, nr) * nr;
}

int agn_conv_implicit_fwd_fits(const conv_geom *g) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    return g->G == 1 && !g->direct && g->sh == 1 && g->sw == 1 && one_chain(kd, g->Co, g->L, g->kdim) &&
           pad_wp(g) * 8 <= g->OW * IMPLICIT_MAX_WIDE_8THS;
}

int agn_conv_implicit_wgrad_fits(const conv_geom *g) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    return g->G == 1 && !g->direct && one_chain(kd, g->Co, g->kdim, g->L) && kd->ukr_arows && kd->mr <= 16;
}

int agn_conv_implicit_igrad_fits(const conv_geom *g) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    return g->G == 1 && !g->direct && one_chain(kd, g->kdim, g->L, g->Co) &&
           g->kdim * g->L * g->es > IMPLICIT_IGRAD_MIN_COLS;
}

/* Pieces of the forward's scratch, in elements: the padded image plus a tile of slack (the last
 * tile's rows run past its end), then MR wide output rows (copied out while in L1); then kdim offsets. */
static int64_t fwd_pad_elems(const conv_geom *g, int64_t nr) {
    return conv_cdiv(g->C * pad_hp(g) * pad_wp(g) + nr, 16) * 16;
}

size_t agn_conv_implicit_fwd_bytes(const conv_geom *g) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    return (size_t)((fwd_pad_elems(g, kd->nr) + kd->mr * fwd_lw(g, kd->nr)) * g->es + g->kdim * 8);
}

/* Copies x [C][H][W] into pad [C][Hp][Wp] at (ph, pw), zeros around it, and zeros the slack. */
static void pad_image(const conv_geom *g, const char *x, char *pad, int64_t hp, int64_t wp, int64_t slack) {
    const int64_t es = g->es;
    for (int64_t c = 0; c < g->C; c++)
        for (int64_t r = 0; r < hp; r++) {
            char *d = pad + (c * hp + r) * wp * es;
            int64_t h = r - g->ph, w0 = conv_min64(g->pw, wp), w1 = conv_min64(wp, g->pw + g->W);
            if (h < 0 || h >= g->H || w1 <= w0) {
                memset(d, 0, (size_t)(wp * es));
                continue;
            }
            memset(d, 0, (size_t)(w0 * es));
            memcpy(d + w0 * es, x + ((c * g->H + h) * g->W + (w0 - g->pw)) * es, (size_t)((w1 - w0) * es));
            memset(d + w1 * es, 0, (size_t)((wp - w1) * es));
        }
    memset(pad + g->C * hp * wp * es, 0, (size_t)(slack * es));
}

/* out rows [co0, co0 + rows) of [Co][OH][OW] = (bias +) the wide rows' first OW columns of each
 * output row (wide row i holds channel co0 + i). */
#define COPY_OUT(NAME, T)                                                                          \
    static void NAME(const conv_geom *g, const char *ws, int64_t ld, int64_t wp, const char *bs,   \
                     int64_t bstride, char *os, int64_t co0, int64_t rows) {                       \
        const T *wide = (const T *)(const void *)ws, *bias = (const T *)(const void *)bs;          \
        T *out = (T *)(void *)os;                                                                  \
        for (int64_t i = 0; i < rows; i++)                                                         \
            for (int64_t oh = 0; oh < g->OH; oh++) {                                               \
                const T *restrict s = wide + i * ld + oh * wp;                                     \
                T *restrict d = out + ((co0 + i) * g->OH + oh) * g->OW;                            \
                if (!bias) {                                                                       \
                    memcpy(d, s, (size_t)g->OW * sizeof(T));                                       \
                    continue;                                                                      \
                }                                                                                  \
                T b = bias[(co0 + i) * bstride];                                                   \
                for (int64_t ow = 0; ow < g->OW; ow++) d[ow] = b + s[ow];                          \
            }                                                                                      \
    }
COPY_OUT(copy_out_f32, agn_f32)
COPY_OUT(copy_out_f64, agn_f64)

void agn_conv_implicit_fwd(const conv_geom *g, const char *x, const char *w, const char *bias,
                           int64_t bias_stride, char *out, char *scratch) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    const int64_t es = g->es, NR = kd->nr, MR = kd->mr, hp = pad_hp(g), wp = pad_wp(g);
    const int64_t lw = fwd_lw(g, NR), npad = fwd_pad_elems(g, NR);
    char *pad = scratch, *wide = scratch + npad * es;
    int64_t *boff = (int64_t *)(void *)(wide + MR * lw * es);
    row_offsets(g, hp, wp, boff);
    pad_image(g, x, pad, hp, wp, npad - g->C * hp * wp);
    for (int64_t ir = 0; ir < g->Co; ir += MR) {
        int64_t mr = conv_min64(MR, g->Co - ir);
        for (int64_t jr = 0; jr < lw; jr += NR)
            kd->ukr_rows(g->kdim, w + ir * g->kdim * es, g->kdim, 1, pad + jr * es, boff, wide + jr * es, lw,
                         (int32_t)mr);
        if (g->dtype == AGN_DTYPE_FLOAT32) copy_out_f32(g, wide, lw, wp, bias, bias_stride, out, ir, mr);
        else copy_out_f64(g, wide, lw, wp, bias, bias_stride, out, ir, mr);
    }
}

/* The input gradient's scratch: grad_out packed into NR-wide panels, then an MR-row strip. */
static int64_t igrad_ld(const conv_geom *g, int64_t nr) { return conv_cdiv(g->L, nr) * nr; }

size_t agn_conv_implicit_igrad_bytes(const conv_geom *g) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    return (size_t)((g->Co + kd->mr) * igrad_ld(g, kd->nr) * g->es);
}

void agn_conv_implicit_igrad(const conv_geom *g, const char *go, const char *w, char *gi, char *scratch) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    const int64_t es = g->es, NR = kd->nr, MR = kd->mr, ld = igrad_ld(g, NR);
    char *panels = scratch, *strip = scratch + g->Co * ld * es;
    kd->pack_b(panels, go, g->yc, g->yl, g->Co, g->L);
    memset(gi, 0, (size_t)(g->C * g->H * g->W * es));
    for (int64_t ir = 0; ir < g->kdim; ir += MR) { /* strip = W^T rows [ir, ir + mr) @ grad_out */
        int32_t mr = (int32_t)conv_min64(MR, g->kdim - ir);
        for (int64_t jr = 0; jr < g->L; jr += NR)
            kd->ukr(g->Co, w + ir * es, 1, g->kdim, panels + jr * g->Co * es, NR, strip + jr * es, ld, 1,
                    mr, (int32_t)conv_min64(NR, g->L - jr), 0);
        agn_conv_col2im(g, strip, gi, ld, ir, ir + mr);
    }
}

/* Weight gradient: per sample, gW^T [kdim x Co] (+)= X @ grad_out^T with X(r, l) the padded input at
 * boff[r] + kpos[l], read in place by the micro-kernel (rows by pointer), and grad_out^T packed. The
 * sums go into a transposed accumulator with vector stores, transposed into gw once per group. Each
 * element is the column path's chain (the same products, l in order; an FMA's two factors swapped
 * are the same product, though x86 passes on the first NaN factor, so a NaN's sign may differ), and
 * sample after sample is added onto it the same way. Any stride: no dropped columns here. */
static int64_t wgrad_pad_elems(const conv_geom *g) { return conv_cdiv(g->C * pad_hp(g) * pad_wp(g), 16) * 16; }
static int64_t wgrad_panel_elems(const conv_geom *g, int64_t nr) { return conv_cdiv(g->Co, nr) * nr * g->L; }

size_t agn_conv_implicit_wgrad_bytes(const conv_geom *g) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    int64_t elems = wgrad_pad_elems(g) + wgrad_panel_elems(g, kd->nr) + conv_cdiv(g->kdim * g->Co, 16) * 16;
    return (size_t)(elems * g->es + (g->kdim + g->L) * 8);
}

#define TRANSPOSE_OUT(NAME, T)                                                                     \
    static void NAME(const char *as, int64_t rows, int64_t cols, char *ds) {                       \
        const T *a = (const T *)(const void *)as;                                                  \
        T *d = (T *)(void *)ds;                                                                    \
        for (int64_t i = 0; i < cols; i++)                                                         \
            for (int64_t r = 0; r < rows; r++) d[i * rows + r] = a[r * cols + i];                 \
    }
TRANSPOSE_OUT(transpose_out_32, agn_mm_u32)
TRANSPOSE_OUT(transpose_out_64, agn_mm_u64)

void agn_conv_implicit_wgrad(const conv_geom *g, const char *x, const char *go, int64_t n0, int64_t n1, char *gw,
                             char *scratch) {
    const agn_mm_kernel *kd = agn_mm_pick_kernel(g->dtype);
    const int64_t es = g->es, NR = kd->nr, MR = kd->mr, hp = pad_hp(g), wp = pad_wp(g), np = wgrad_pad_elems(g);
    char *pad = scratch, *panels = pad + np * es, *acc = panels + wgrad_panel_elems(g, NR) * es;
    int64_t *boff = (int64_t *)(void *)(acc + conv_cdiv(g->kdim * g->Co, 16) * 16 * es), *kpos = boff + g->kdim;
    row_offsets(g, hp, wp, boff);
    for (int64_t l = 0; l < g->L; l++) kpos[l] = l / g->OW * g->sh * wp + l % g->OW * g->sw;
    for (int64_t n = n0; n < n1; n++) {
        pad_image(g, x + n * g->C * g->H * g->W * es, pad, hp, wp, np - g->C * hp * wp);
        kd->pack_b(panels, go + n * g->yn * es, g->yl, g->yc, g->L, g->Co); /* B(l, co) = grad_out[co, l] */
        for (int64_t jr = 0; jr < g->Co; jr += NR)
            for (int64_t ir = 0; ir < g->kdim; ir += MR) {
                const void *rows[16];
                int32_t mr = (int32_t)conv_min64(MR, g->kdim - ir);
                for (int32_t i = 0; i < mr; i++) rows[i] = pad + boff[ir + i] * es;
                kd->ukr_arows(g->L, rows, kpos, panels + jr * g->L * es, acc + (ir * g->Co + jr) * es, g->Co, mr,
                              (int32_t)conv_min64(NR, g->Co - jr), n > n0);
            }
    }
    if (es == 4) transpose_out_32(acc, g->kdim, g->Co, gw);
    else transpose_out_64(acc, g->kdim, g->Co, gw);
}
