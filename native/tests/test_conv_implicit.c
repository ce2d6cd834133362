/* The convolution kernels without the column matrix (conv_implicit.c) must give the column path's
 * bits. That path is spelled out here with the public kernels: forward = im2col of the explicitly
 * zero-padded input, then one GEMM per sample onto the bias (accumulate) or into zeros; input
 * gradient = one GEMM W^T @ grad_out per sample, then col2im (F.fold); weight gradient = im2col,
 * one GEMM grad_out @ cols^T per sample, summed in conv_wgrad.c's groups. Shapes: the Conv
 * benchmark's middle layer, padding, 'same' with an even kernel (bottom/right padding only),
 * dilation, stride 2 (input gradient), 5x5 kernels, output channels not a multiple of the tile and
 * fewer than it, one output channel (the matrix-vector path), inf and NaN among the values (the
 * forward's dropped columns read them), float32 and float64, at every SIMD level, 1 and 2 threads. */
#include "autograd_native.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double urand(void) { return (double)rand() / RAND_MAX * 2 - 1; }

/* n values in [-1, 1); with specials, every 97th is inf, -inf or NaN in turn. */
static void *alloc_rand(int64_t n, int dt, int specials) {
    void *b = calloc((size_t)(n > 0 ? n : 1), dt == AGN_DTYPE_FLOAT32 ? 4 : 8);
    for (int64_t i = 0; i < n; i++) {
        double v = urand();
        if (specials && i % 97 == 5) v = (i / 97) % 3 == 0 ? INFINITY : (i / 97) % 3 == 1 ? -INFINITY : NAN;
        if (dt == AGN_DTYPE_FLOAT32) ((float *)b)[i] = (float)v;
        else ((double *)b)[i] = v;
    }
    return b;
}

static agn_tensor tn(void *data, int ndim, int64_t *shape, int64_t *strides, int dt) {
    for (int d = ndim - 1, s = 1; d >= 0; d--) { strides[d] = s; s *= (int)shape[d]; }
    agn_tensor t = {data, shape, strides, ndim, dt};
    return t;
}

typedef struct geo {
    int64_t N, C, H, W, Co, KH, KW, ph, pw, sh, dil, OH, OW;
} geo;

/* Same bits as im2col of the padded input + agn_matmul per sample. */
static void forward_matches_columns(const geo *q, int dt, int with_bias, int specials) {
    int64_t es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8, kdim = q->C * q->KH * q->KW, L = q->OH * q->OW;
    int64_t Hp = q->OH + (q->KH - 1) * q->dil, Wp = q->OW + (q->KW - 1) * q->dil;
    char *x = alloc_rand(q->N * q->C * q->H * q->W, dt, specials), *w = alloc_rand(q->Co * kdim, dt, 0);
    char *b = alloc_rand(q->Co, dt, 0), *xp = calloc((size_t)(q->N * q->C * Hp * Wp), (size_t)es);
    char *cols = malloc((size_t)(q->N * kdim * L * es)), *out = malloc((size_t)(q->N * q->Co * L * es));
    char *ref = malloc((size_t)(q->N * q->Co * L * es));
    for (int64_t nc = 0; nc < q->N * q->C; nc++)
        for (int64_t h = 0; h < q->H && h + q->ph < Hp; h++)
            for (int64_t v = 0; v < q->W && v + q->pw < Wp; v++)
                memcpy(xp + ((nc * Hp + h + q->ph) * Wp + v + q->pw) * es, x + ((nc * q->H + h) * q->W + v) * es,
                       (size_t)es);
    for (int64_t n = 0; n < q->N; n++)
        for (int64_t co = 0; co < q->Co; co++)
            for (int64_t l = 0; l < L; l++)
                if (with_bias) memcpy(ref + ((n * q->Co + co) * L + l) * es, b + co * es, (size_t)es);
                else memset(ref + ((n * q->Co + co) * L + l) * es, 0, (size_t)es);
    int64_t xs[4] = {q->N, q->C, q->H, q->W}, ws[4] = {q->Co, q->C, q->KH, q->KW}, os[4] = {q->N, q->Co, q->OH, q->OW};
    int64_t ps[4] = {q->N, q->C, Hp, Wp}, cs[3] = {q->N, kdim, L}, bs[1] = {q->Co};
    int64_t xst[4], wst[4], ost[4], pst[4], cst[3], bst[1];
    agn_tensor tx = tn(x, 4, xs, xst, dt), tw = tn(w, 4, ws, wst, dt), to = tn(out, 4, os, ost, dt);
    agn_tensor tp = tn(xp, 4, ps, pst, dt), tc = tn(cols, 3, cs, cst, dt), tb = tn(b, 1, bs, bst, dt);
    agn_conv2d_params p = {1, 1, q->ph, q->pw, q->dil, q->dil, 1}, p0 = {1, 1, 0, 0, q->dil, q->dil, 1};
    CHECK(agn_im2col(&tp, &tc, q->KH, q->KW, &p0) == AGN_OK);
    for (int64_t n = 0; n < q->N; n++) {
        int64_t as[3] = {1, q->Co, kdim}, ast[3] = {0, kdim, 1}, ms[3] = {1, kdim, L}, mst[3] = {0, L, 1};
        int64_t rs[3] = {1, q->Co, L}, rst[3] = {0, L, 1};
        agn_tensor ta = {w, as, ast, 3, dt}, tm = {cols + n * kdim * L * es, ms, mst, 3, dt};
        agn_tensor tr = {ref + n * q->Co * L * es, rs, rst, 3, dt};
        CHECK(agn_matmul(&ta, &tm, &tr, with_bias) == AGN_OK);
    }
    for (int threads = 1; threads <= 2; threads++) {
        agn_set_num_threads(threads);
        CHECK(agn_conv2d(&tx, &tw, with_bias ? &tb : NULL, &to, &p) == AGN_OK);
        CHECK(memcmp(out, ref, (size_t)(q->N * q->Co * L * es)) == 0);
    }
    free(x); free(w); free(b); free(xp); free(cols); free(out); free(ref);
}

/* Same bits as agn_matmul W^T @ grad_out per sample + col2im (symmetric padding, stride sh). */
static void input_grad_matches_columns(const geo *q, int dt, int specials) {
    int64_t es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8, kdim = q->C * q->KH * q->KW, L = q->OH * q->OW;
    int64_t nx = q->N * q->C * q->H * q->W;
    char *w = alloc_rand(q->Co * kdim, dt, 0), *go = alloc_rand(q->N * q->Co * L, dt, specials);
    char *cols = malloc((size_t)(q->N * kdim * L * es)), *gi = malloc((size_t)(nx * es));
    char *ref = malloc((size_t)(nx * es));
    int64_t xs[4] = {q->N, q->C, q->H, q->W}, ws[4] = {q->Co, q->C, q->KH, q->KW}, os[4] = {q->N, q->Co, q->OH, q->OW};
    int64_t cs[3] = {q->N, kdim, L}, xst[4], wst[4], ost[4], cst[3];
    agn_tensor tgi = tn(gi, 4, xs, xst, dt), tw = tn(w, 4, ws, wst, dt), tgo = tn(go, 4, os, ost, dt);
    agn_tensor tref = tn(ref, 4, xs, xst, dt), tc = tn(cols, 3, cs, cst, dt);
    agn_conv2d_params p = {q->sh, q->sh, q->ph, q->pw, q->dil, q->dil, 1};
    for (int64_t n = 0; n < q->N; n++) {
        int64_t as[3] = {1, kdim, q->Co}, ast[3] = {0, 1, kdim}, ms[3] = {1, q->Co, L}, mst[3] = {0, L, 1};
        int64_t rs[3] = {1, kdim, L}, rst[3] = {0, L, 1};
        agn_tensor ta = {w, as, ast, 3, dt}, tm = {go + n * q->Co * L * es, ms, mst, 3, dt};
        agn_tensor tr = {cols + n * kdim * L * es, rs, rst, 3, dt};
        CHECK(agn_matmul(&ta, &tm, &tr, 0) == AGN_OK);
    }
    CHECK(agn_col2im(&tc, &tref, q->KH, q->KW, &p) == AGN_OK);
    for (int threads = 1; threads <= 2; threads++) {
        agn_set_num_threads(threads);
        CHECK(agn_conv2d_backward_input(&tgo, &tw, &tgi, &p) == AGN_OK);
        CHECK(memcmp(gi, ref, (size_t)(nx * es)) == 0);
    }
    free(w); free(go); free(cols); free(gi); free(ref);
}

/* The same bits, or both NaN: the weight gradient's FMAs take the column path's two factors in the
 * other order, and an x86 FMA passes on its first NaN operand, so a NaN result's sign may differ. */
static int same_bits_or_nans(const char *a, const char *b, int dt) {
    if (dt == AGN_DTYPE_FLOAT32) {
        float x, y;
        memcpy(&x, a, 4), memcpy(&y, b, 4);
        return isnan(x) ? isnan(y) : memcmp(a, b, 4) == 0;
    }
    double x, y;
    memcpy(&x, a, 8), memcpy(&y, b, 8);
    return isnan(x) ? isnan(y) : memcmp(a, b, 8) == 0;
}

/* Same bits as im2col + agn_matmul grad_out[n] @ cols[n]^T, summed as conv_wgrad.c sums: samples in
 * at most 8 groups of ceil(N / 8) (here 3 samples: 3 groups of 1; 13: 7 groups of 2 and 1), each
 * group's products added in order onto its first, then the groups' sums in order. */
static void weight_grad_matches_columns(const geo *q, int dt, int specials) {
    int64_t es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8, kdim = q->C * q->KH * q->KW, L = q->OH * q->OW, nw = q->Co * kdim;
    char *x = alloc_rand(q->N * q->C * q->H * q->W, dt, specials), *go = alloc_rand(q->N * q->Co * L, dt, 0);
    char *cols = malloc((size_t)(q->N * kdim * L * es)), *gw = malloc((size_t)(nw * es));
    char *part = malloc((size_t)(8 * nw * es));
    int64_t xs[4] = {q->N, q->C, q->H, q->W}, ws[4] = {q->Co, q->C, q->KH, q->KW}, os[4] = {q->N, q->Co, q->OH, q->OW};
    int64_t cs[3] = {q->N, kdim, L}, xst[4], wst[4], ost[4], cst[3];
    agn_tensor tx = tn(x, 4, xs, xst, dt), tgw = tn(gw, 4, ws, wst, dt), tgo = tn(go, 4, os, ost, dt);
    agn_tensor tc = tn(cols, 3, cs, cst, dt);
    agn_conv2d_params p = {q->sh, q->sh, q->ph, q->pw, q->dil, q->dil, 1};
    CHECK(agn_im2col(&tx, &tc, q->KH, q->KW, &p) == AGN_OK);
    int64_t per = (q->N + 7) / 8, groups = (q->N + per - 1) / per;
    for (int64_t n = 0; n < q->N; n++) {
        int64_t as[3] = {1, q->Co, L}, ast[3] = {0, L, 1}, ms[3] = {1, L, kdim}, mst[3] = {0, 1, L};
        int64_t rs[3] = {1, q->Co, kdim}, rst[3] = {0, kdim, 1};
        agn_tensor ta = {go + n * q->Co * L * es, as, ast, 3, dt}, tm = {cols + n * kdim * L * es, ms, mst, 3, dt};
        agn_tensor tr = {part + n / per * nw * es, rs, rst, 3, dt};
        CHECK(agn_matmul(&ta, &tm, &tr, n % per != 0) == AGN_OK);
    }
    for (int64_t g = 1; g < groups; g++)
        for (int64_t i = 0; i < nw; i++)
            if (dt == AGN_DTYPE_FLOAT32) ((float *)part)[i] += ((float *)part)[g * nw + i];
            else ((double *)part)[i] += ((double *)part)[g * nw + i];
    for (int threads = 1; threads <= 2; threads++) {
        agn_set_num_threads(threads);
        CHECK(agn_conv2d_backward_weight(&tgo, &tx, &tgw, &p) == AGN_OK);
        for (int64_t i = 0; i < nw; i++) CHECK(same_bits_or_nans(gw + i * es, part + i * es, dt));
    }
    free(x); free(go); free(cols); free(gw); free(part);
}

int main(void) {
    srand(11);
    /* N, C, H, W, Co, KH, KW, ph, pw, stride, dilation, OH, OW */
    static const geo fwd[] = {
        {2, 32, 16, 16, 64, 3, 3, 0, 0, 1, 1, 14, 14}, /* the Conv benchmark's middle layer */
        {2, 16, 12, 12, 20, 3, 3, 1, 1, 1, 1, 12, 12}, /* padded; 20 channels: a ragged tile */
        {3, 9, 13, 13, 5, 5, 5, 2, 2, 1, 1, 13, 13},   /* 5x5, fewer channels than a tile */
        {3, 12, 15, 11, 13, 3, 3, 1, 2, 1, 2, 13, 11}, /* dilation 2, unequal padding */
        {2, 10, 9, 10, 7, 2, 2, 0, 0, 1, 1, 9, 10},    /* 'same', k2: bottom/right padding only */
        {2, 12, 8, 8, 1, 3, 3, 1, 1, 1, 1, 8, 8},      /* one output channel */
    };
    static const geo igrad[] = { /* and weight gradient */
        {2, 32, 16, 16, 64, 3, 3, 0, 0, 1, 1, 14, 14},
        {2, 16, 12, 12, 20, 3, 3, 1, 1, 1, 1, 12, 12},
        {3, 9, 13, 13, 5, 5, 5, 2, 2, 1, 1, 13, 13},
        {3, 12, 15, 11, 13, 3, 3, 1, 1, 2, 1, 8, 6},   /* stride 2 */
        {2, 10, 9, 10, 7, 3, 3, 1, 1, 1, 2, 7, 8},     /* dilation 2 */
    };
    int top = agn_simd_supported();
    for (int level = 0; level <= top; level++) {
        agn_set_simd_level(level);
        for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++) {
            for (size_t i = 0; i < sizeof fwd / sizeof fwd[0]; i++) {
                forward_matches_columns(&fwd[i], dt, 1, 0);
                forward_matches_columns(&fwd[i], dt, 0, i == 0);
            }
            for (size_t i = 0; i < sizeof igrad / sizeof igrad[0]; i++) {
                input_grad_matches_columns(&igrad[i], dt, i == 0);
                weight_grad_matches_columns(&igrad[i], dt, i == 0);
                geo more = igrad[i];
                more.N = 13;
                weight_grad_matches_columns(&more, dt, 0);
            }
        }
    }
    agn_set_simd_level(top);
    return check_summary("test_conv_implicit");
}
