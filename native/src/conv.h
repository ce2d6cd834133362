/* What the convolution files share (conv.c: forward, input gradient and validation; conv_wgrad.c:
 * the weight gradient; conv_cols.c: the column matrix and F.unfold / F.fold). Internal; nothing
 * here is exported. The layout and the algorithm are described at the top of conv.c. */
#ifndef AGN_CONV_H
#define AGN_CONV_H

#include "internal.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Below this many multiply-adds per region a second thread does not pay (matmul.c's rule). */
#define CONV_PARALLEL_MACS (1 << 19)

typedef struct conv_geom {
    int64_t N, C, H, W, Co, KH, KW, OH, OW;
    int64_t G, Cg, Cog, L, kdim, rows; /* rows = C * KH * KW: one sample's column rows */
    int64_t ld;                         /* elements between rows of the scratch columns */
    int64_t yn, yc, yl;                 /* grad_out's strides: sample, channel, pixel */
    int64_t sh, sw, ph, pw, dh, dw, es;
    int32_t dtype;
    int32_t direct;     /* the input is its own column matrix */
    int32_t direct_f32; /* the forward runs agn_conv_direct_f32_avx2 */
    int32_t implicit;   /* the kernel runs its agn_conv_implicit_* */
} conv_geom;

typedef struct conv_job {
    conv_geom g;
    const char *x, *w, *bias; /* x: input, or grad_out for the input gradient */
    char *y;                  /* out, or grad_input */
    int64_t bias_stride;
    char *gw, *part;         /* weight gradient: its output (group 0's sum), partials of 1.. */
    int64_t per, groups;     /* weight gradient: samples per group, and groups */
    atomic_llong next;       /* weight gradient: the next unclaimed group */
    atomic_int status;
} conv_job;

static inline int64_t conv_min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t conv_max64(int64_t a, int64_t b) { return a > b ? a : b; }
static inline int64_t conv_cdiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/* One sample's column matrix (x: its [C][H][W]) into rows of ld elements; moves bits only. */
void agn_conv_im2col(const conv_geom *g, const char *x, char *cols, int64_t ld);
/* The adjoint, for column rows [r0, r1) (row r at cols + (r - r0) * ld elements): adds them into
 * the sample's [C][H][W], zeroed before row 0, row after row, so the sums' order is fixed. */
void agn_conv_col2im(const conv_geom *g, const char *cols, char *x, int64_t ld, int64_t r0, int64_t r1);

/* C[M x N] (+)= A[M x K] @ B[K x N] through agn_matmul; strides in elements, C rows contiguous. */
agn_status agn_conv_gemm(int32_t dtype, const char *a, int64_t a_rs, int64_t a_ks, const char *b,
                         int64_t b_ks, int64_t b_ns, char *c, int64_t c_rs, int64_t M, int64_t K,
                         int64_t N, int32_t accumulate);
/* This thread's column scratch, at least bytes long, or NULL when out of memory. */
char *agn_conv_scratch(size_t bytes);
/* Records the first failure of a parallel job. */
void agn_conv_fail(conv_job *j, agn_status st);
/* Checks the three 4-d operands (x [N,C,H,W], w [Co,C/G,KH,KW], y [N,Co,OH,OW]) and fills *g.
 * y_strided: y is grad_out, which the GEMMs read in place, so any strides do whose pixels are
 * evenly spaced (a sum's broadcast gradient, all strides 0, is never copied). */
agn_status agn_conv_validate(const agn_tensor *x, const agn_tensor *w, const agn_tensor *y,
                             const agn_conv2d_params *p, conv_geom *g, int y_strided);

/* The forward and input gradient of one sample without the column matrix (conv_implicit.c), for the
 * geometries the *_fits accept; same bits as the column path. scratch: *_bytes(g) bytes, 64-byte
 * aligned. fwd: x its [C][H][W], out its [Co][OH][OW], bias NULL or bias_stride apart. igrad: go
 * its grad_out (strides g->yc, g->yl), gi its grad_input (overwritten). */
int agn_conv_implicit_fwd_fits(const conv_geom *g);
int agn_conv_implicit_igrad_fits(const conv_geom *g);
int agn_conv_implicit_wgrad_fits(const conv_geom *g);
size_t agn_conv_implicit_wgrad_bytes(const conv_geom *g);
/* The weight gradient of samples [n0, n1) into gw [Co][kdim] (overwritten); x the input, go grad_out. */
void agn_conv_implicit_wgrad(const conv_geom *g, const char *x, const char *go, int64_t n0, int64_t n1, char *gw,
                             char *scratch);
size_t agn_conv_implicit_fwd_bytes(const conv_geom *g);
size_t agn_conv_implicit_igrad_bytes(const conv_geom *g);
void agn_conv_implicit_fwd(const conv_geom *g, const char *x, const char *w, const char *bias,
                           int64_t bias_stride, char *out, char *scratch);
void agn_conv_implicit_igrad(const conv_geom *g, const char *go, const char *w, char *gi, char *scratch);

/* The float32 forward without columns for few input channels (conv_direct_avx2.c): one sample, x
 * its [C][H][W], out its [Co][OH][OW], bias NULL or contiguous; pad: scratch of
 * agn_conv_direct_pad_floats(g) floats when agn_conv_direct_pads(g). Only for geometries
 * agn_conv_direct_fits accepts (conv.c). */
static inline int agn_conv_direct_pads(const conv_geom *g) {
    return g->ph || g->pw || g->OH + g->KH - 1 > g->H || g->OW + g->KW - 1 > g->W;
}
static inline int64_t agn_conv_direct_pad_floats(const conv_geom *g) {
    return g->C * (g->OH + g->KH - 1) * (g->OW + g->KW - 1);
}
int agn_conv_direct_fits(const conv_geom *g);
/* The weight gradient's tile without columns: output channels x taps. */
#define CONV_WG_MR 4
#define CONV_WG_NK 3
/* Floats of scratch agn_conv_direct_wgrad_f32_avx2 needs: 8 lane sums per (channel, tap) of whole
 * tiles, then the padded sample. */
static inline int64_t agn_conv_direct_wgrad_floats(const conv_geom *g) {
    int64_t lanes = conv_cdiv(g->Co, CONV_WG_MR) * CONV_WG_MR * conv_cdiv(g->kdim, CONV_WG_NK) * CONV_WG_NK * 8;
    return lanes + (agn_conv_direct_pads(g) ? agn_conv_direct_pad_floats(g) : 0);
}
#ifdef AGN_HAVE_AVX2
/* The weight gradient of samples [n0, n1) into gw [Co][kdim] (overwritten) without columns:
 * grad_out's pixels contiguous (yl == 1). Bits depend on n0 and n1 alone. */
void agn_conv_direct_wgrad_f32_avx2(const conv_geom *g, const float *input, const float *grad_out,
                                    int64_t n0, int64_t n1, float *gw, float *scratch);
void agn_conv_direct_f32_avx2(const conv_geom *g, const float *x, const float *w, const float *bias,
                              float *out, float *pad);
#endif

#endif
