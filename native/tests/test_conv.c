/* agn_conv2d / agn_conv2d_backward_input / agn_conv2d_backward_weight against a direct double
 * loop: random small shapes with strides, dilations, groups, padding (incl. a larger bottom/right
 * padding, as 'same' makes), 1x1 kernels, rows long enough for every SIMD tail, empty batches and
 * outputs, float32 and float64, at every SIMD level; 1 vs 2 threads bit-identical; grad_out strided
 * and broadcast; the float32 forward without columns bit-identical to the column path, the weight
 * gradient without columns on its shapes and with a strided grad_out; error statuses. */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct cfg {
    int64_t N, C, H, W, Co, KH, KW, OH, OW;
    agn_conv2d_params p;
} cfg;

static double urand(void) { return (double)rand() / RAND_MAX * 2 - 1; }

static void *alloc_rand(int64_t n, int dt) {
    void *b = malloc((size_t)(n > 0 ? n : 1) * (dt == AGN_DTYPE_FLOAT32 ? 4 : 8));
    for (int64_t i = 0; i < n; i++)
        if (dt == AGN_DTYPE_FLOAT32) ((float *)b)[i] = (float)urand();
        else ((double *)b)[i] = urand();
    return b;
}

static double rd(const void *b, int64_t i, int dt) {
    return dt == AGN_DTYPE_FLOAT32 ? (double)((const float *)b)[i] : ((const double *)b)[i];
}

static agn_tensor t4(void *data, int64_t *shape, int64_t *strides, int dt) {
    for (int d = 3, s = 1; d >= 0; d--) { strides[d] = s; s *= (int)shape[d]; }
    agn_tensor t = {data, shape, strides, 4, dt};
    return t;
}

/* The direct loops: out = conv(x, w) + b; gi and gw from go; all in double. */
static void reference(const cfg *c, int dt, const void *x, const void *w, const void *b,
                      const void *go, double *out, double *gi, double *gw) {
    int64_t G = c->p.groups, Cg = c->C / G, Cog = c->Co / G;
    memset(out, 0, sizeof(double) * (size_t)(c->N * c->Co * c->OH * c->OW));
    memset(gi, 0, sizeof(double) * (size_t)(c->N * c->C * c->H * c->W));
    memset(gw, 0, sizeof(double) * (size_t)(c->Co * Cg * c->KH * c->KW));
    for (int64_t n = 0; n < c->N; n++)
        for (int64_t co = 0; co < c->Co; co++)
            for (int64_t oh = 0; oh < c->OH; oh++)
                for (int64_t ow = 0; ow < c->OW; ow++) {
                    int64_t oi = ((n * c->Co + co) * c->OH + oh) * c->OW + ow;
                    double acc = b ? rd(b, co, dt) : 0, g = rd(go, oi, dt);
                    for (int64_t ci = 0; ci < Cg; ci++)
                        for (int64_t kh = 0; kh < c->KH; kh++)
                            for (int64_t kw = 0; kw < c->KW; kw++) {
                                int64_t ih = oh * c->p.stride_h - c->p.pad_h + kh * c->p.dilation_h;
                                int64_t iw = ow * c->p.stride_w - c->p.pad_w + kw * c->p.dilation_w;
                                if (ih < 0 || ih >= c->H || iw < 0 || iw >= c->W) continue;
                                int64_t xi = ((n * c->C + co / Cog * Cg + ci) * c->H + ih) * c->W + iw;
                                int64_t wi = ((co * Cg + ci) * c->KH + kh) * c->KW + kw;
                                acc += rd(w, wi, dt) * rd(x, xi, dt);
                                gi[xi] += g * rd(w, wi, dt);
                                gw[wi] += g * rd(x, xi, dt);
                            }
                    out[oi] = acc;
                }
}

/* Runs the three kernels on one configuration and compares with the reference; with `threads`
 * also checks that 1 and 2 threads give the same bits. */
static void check_case(const cfg *c, int dt, int with_bias, int threads) {
    int64_t Cg = c->C / c->p.groups;
    int64_t nx = c->N * c->C * c->H * c->W, nw = c->Co * Cg * c->KH * c->KW;
    int64_t no = c->N * c->Co * c->OH * c->OW, es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8;
    void *x = alloc_rand(nx, dt), *w = alloc_rand(nw, dt), *b = alloc_rand(c->Co, dt);
    void *go = alloc_rand(no, dt), *out = alloc_rand(no, dt), *gi = alloc_rand(nx, dt);
    void *gw = alloc_rand(nw, dt);
    double *rout = malloc(sizeof(double) * (size_t)(no + 1));
    double *rgi = malloc(sizeof(double) * (size_t)(nx + 1));
    double *rgw = malloc(sizeof(double) * (size_t)(nw + 1));
    reference(c, dt, x, w, with_bias ? b : NULL, go, rout, rgi, rgw);
    int64_t xs[4] = {c->N, c->C, c->H, c->W}, ws[4] = {c->Co, Cg, c->KH, c->KW};
    int64_t os[4] = {c->N, c->Co, c->OH, c->OW}, xst[4], wst[4], ost[4], bs[1] = {c->Co}, bst[1] = {1};
    agn_tensor tx = t4(x, xs, xst, dt), tw = t4(w, ws, wst, dt), to = t4(out, os, ost, dt);
    agn_tensor tgo = t4(go, os, ost, dt), tgi = t4(gi, xs, xst, dt), tgw = t4(gw, ws, wst, dt);
    agn_tensor tb = {b, bs, bst, 1, dt};
    CHECK(agn_conv2d(&tx, &tw, with_bias ? &tb : NULL, &to, &c->p) == AGN_OK);
    CHECK(agn_conv2d_backward_input(&tgo, &tw, &tgi, &c->p) == AGN_OK);
    CHECK(agn_conv2d_backward_weight(&tgo, &tx, &tgw, &c->p) == AGN_OK);
    /* tolerance: float32 sums of n products of values in [-1, 1], n up to ~10^4 (a weight
     * gradient over 9 samples of 1024 pixels): rounding errors of random sign grow like
     * sqrt(n) u |sum| (u = 6e-8), under 1e-5 relative; 1e-4 leaves room for the first terms */
    double tol = dt == AGN_DTYPE_FLOAT32 ? 1e-4 : 1e-11;
    for (int64_t i = 0; i < no; i++) CHECK(close_to(rd(out, i, dt), rout[i], tol, tol));
    for (int64_t i = 0; i < nx; i++) CHECK(close_to(rd(gi, i, dt), rgi[i], tol, tol));
    for (int64_t i = 0; i < nw; i++) CHECK(close_to(rd(gw, i, dt), rgw[i], tol, tol));
    if (threads) { /* the same bits with one thread */
        void *out1 = malloc((size_t)(no + 1) * (size_t)es), *gi1 = malloc((size_t)(nx + 1) * (size_t)es);
        void *gw1 = malloc((size_t)(nw + 1) * (size_t)es);
        agn_tensor to1 = t4(out1, os, ost, dt), tgi1 = t4(gi1, xs, xst, dt), tgw1 = t4(gw1, ws, wst, dt);
        agn_set_num_threads(1);
        CHECK(agn_conv2d(&tx, &tw, with_bias ? &tb : NULL, &to1, &c->p) == AGN_OK);
        CHECK(agn_conv2d_backward_input(&tgo, &tw, &tgi1, &c->p) == AGN_OK);
        CHECK(agn_conv2d_backward_weight(&tgo, &tx, &tgw1, &c->p) == AGN_OK);
        agn_set_num_threads(2);
        CHECK(memcmp(out, out1, (size_t)(no * es)) == 0);
        CHECK(memcmp(gi, gi1, (size_t)(nx * es)) == 0);
        CHECK(memcmp(gw, gw1, (size_t)(nw * es)) == 0);
        free(out1); free(gi1); free(gw1);
    }
    free(x); free(w); free(b); free(go); free(out); free(gi); free(gw);
    free(rout); free(rgi); free(rgw);
}

static int64_t out_size(int64_t in, int64_t pad_total, int64_t dil, int64_t k, int64_t s) {
    int64_t span = in + pad_total - dil * (k - 1) - 1;
    return span < 0 ? 0 : span / s + 1;
}

static void random_case(int dt, int big) {
    cfg c;
    memset(&c, 0, sizeof c);
    c.p.groups = 1 + rand() % 3;
    c.N = rand() % 4;
    c.C = c.p.groups * (1 + rand() % 3);
    c.Co = c.p.groups * (1 + rand() % 3);
    c.KH = 1 + rand() % 3, c.KW = 1 + rand() % 3;
    c.p.stride_h = 1 + rand() % 3, c.p.stride_w = 1 + rand() % 3;
    c.p.dilation_h = 1 + rand() % 2, c.p.dilation_w = 1 + rand() % 2;
    c.p.pad_h = rand() % 3, c.p.pad_w = rand() % 3;
    c.H = 1 + rand() % 8;
    c.W = big ? 1 + rand() % 70 : 1 + rand() % 8; /* rows past 64 reach every SIMD tail */
    int64_t extra_h = rand() % 2, extra_w = rand() % 2; /* bottom / right padding beyond the top's */
    c.OH = out_size(c.H, 2 * c.p.pad_h + extra_h, c.p.dilation_h, c.KH, c.p.stride_h);
    c.OW = out_size(c.W, 2 * c.p.pad_w + extra_w, c.p.dilation_w, c.KW, c.p.stride_w);
    check_case(&c, dt, rand() % 2, 0);
}

/* A fixed configuration: shapes the direct (1x1) path and a large threaded problem take. */
static void fixed_dilated(int64_t N, int64_t C, int64_t H, int64_t W, int64_t Co, int64_t K,
                          int64_t stride, int64_t pad, int64_t dil, int64_t groups, int dt,
                          int threads) {
    cfg c;
    memset(&c, 0, sizeof c);
    c.N = N, c.C = C, c.H = H, c.W = W, c.Co = Co, c.KH = c.KW = K;
    c.p.stride_h = c.p.stride_w = stride, c.p.pad_h = c.p.pad_w = pad;
    c.p.dilation_h = c.p.dilation_w = dil, c.p.groups = groups;
    c.OH = out_size(H, 2 * pad, dil, K, stride), c.OW = out_size(W, 2 * pad, dil, K, stride);
    check_case(&c, dt, 1, threads);
}

static void fixed_case(int64_t N, int64_t C, int64_t H, int64_t W, int64_t Co, int64_t K,
                       int64_t stride, int64_t pad, int64_t groups, int dt, int threads) {
    fixed_dilated(N, C, H, W, Co, K, stride, pad, 1, groups, dt, threads);
}

/* grad_out as a strided view (channels and samples padded apart) and as a broadcast of one value
 * (all strides 0, a sum's gradient) against the same values contiguous: the GEMMs read grad_out in
 * place and sum the same products in the same order (here K = C/groups <= 256, one K block, so
 * even the broadcast's packed path matches the in-place one), so the bits must agree. */
static void check_strided_grad_out(int dt, int64_t stride) {
    cfg c;
    memset(&c, 0, sizeof c);
    c.N = 3, c.C = 4, c.H = 9, c.W = 7, c.Co = 6, c.KH = c.KW = 3;
    c.p.stride_h = c.p.stride_w = stride, c.p.pad_h = c.p.pad_w = 1;
    c.p.dilation_h = c.p.dilation_w = 1, c.p.groups = 2;
    c.OH = out_size(c.H, 2, 1, 3, stride), c.OW = out_size(c.W, 2, 1, 3, stride);
    int64_t L = c.OH * c.OW, Cg = c.C / 2, es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8;
    int64_t nx = c.N * c.C * c.H * c.W, nw = c.Co * Cg * 9, no = c.N * c.Co * L;
    int64_t sc = L + 5, sn = c.Co * sc + 2; /* the view's channel and sample strides */
    void *x = alloc_rand(nx, dt), *w = alloc_rand(nw, dt), *go = alloc_rand(no, dt);
    void *gv = alloc_rand(c.N * sn, dt), *one = alloc_rand(1, dt), *ones = alloc_rand(no, dt);
    for (int64_t n = 0; n < c.N; n++)
        for (int64_t co = 0; co < c.Co; co++)
            memcpy((char *)gv + (n * sn + co * sc) * es, (char *)go + (n * c.Co + co) * L * es,
                   (size_t)(L * es));
    for (int64_t i = 0; i < no; i++) memcpy((char *)ones + i * es, one, (size_t)es);
    int64_t xs[4] = {c.N, c.C, c.H, c.W}, ws[4] = {c.Co, Cg, 3, 3}, os[4] = {c.N, c.Co, c.OH, c.OW};
    int64_t xst[4], wst[4], ost[4], vst[4] = {sn, sc, c.OW, 1}, bst[4] = {0, 0, 0, 0};
    agn_tensor tx = t4(x, xs, xst, dt), tw = t4(w, ws, wst, dt), tgo = t4(go, os, ost, dt);
    agn_tensor tones = tgo, tv = {gv, os, vst, 4, dt}, tb = {one, os, bst, 4, dt};
    tones.data = ones;
    const agn_tensor *pairs[2][2] = {{&tgo, &tv}, {&tones, &tb}};
    for (int k = 0; k < 2; k++) {
        void *gi[2] = {alloc_rand(nx, dt), alloc_rand(nx, dt)}, *gw[2] = {alloc_rand(nw, dt), alloc_rand(nw, dt)};
        for (int v = 0; v < 2; v++) {
            agn_tensor tgi = t4(gi[v], xs, xst, dt), tgw = t4(gw[v], ws, wst, dt);
            CHECK(agn_conv2d_backward_input(pairs[k][v], &tw, &tgi, &c.p) == AGN_OK);
            CHECK(agn_conv2d_backward_weight(pairs[k][v], &tx, &tgw, &c.p) == AGN_OK);
        }
        CHECK(memcmp(gi[0], gi[1], (size_t)(nx * es)) == 0);
        CHECK(memcmp(gw[0], gw[1], (size_t)(nw * es)) == 0);
        free(gi[0]); free(gi[1]); free(gw[0]); free(gw[1]);
    }
    free(x); free(w); free(go); free(gv); free(one); free(ones);
}

/* The float32 forward for few input channels skips the columns (conv_direct_avx2.c) but must give the
 * column-matrix path's bits: here that path is spelled out with the public kernels, im2col of the
 * explicitly zero-padded input and one GEMM per sample onto the bias (accumulate) or into zeros.
 * Shapes: 1, 3 and 8 channels, padding, a bottom/right padding the output size implies ('same' with
 * an even kernel), rows with a ragged tail past the last 8-pixel run, an odd number of runs, output
 * channels not a multiple of the 6-channel tile, without bias, and the largest K (252). */
static void direct_matches_columns(int64_t N, int64_t C, int64_t H, int64_t W, int64_t Co, int64_t KH,
                                   int64_t KW, int64_t ph, int64_t pw, int64_t OH, int64_t OW, int with_bias) {
    int dt = AGN_DTYPE_FLOAT32;
    int64_t Hp = OH + KH - 1, Wp = OW + KW - 1, kdim = C * KH * KW, L = OH * OW;
    float *x = alloc_rand(N * C * H * W, dt), *w = alloc_rand(Co * kdim, dt), *b = alloc_rand(Co, dt);
    float *xp = calloc((size_t)(N * C * Hp * Wp), sizeof(float)), *cols = malloc(sizeof(float) * (size_t)(N * kdim * L));
    float *out = malloc(sizeof(float) * (size_t)(N * Co * L)), *ref = malloc(sizeof(float) * (size_t)(N * Co * L));
    for (int64_t nc = 0; nc < N * C; nc++)
        for (int64_t h = 0; h < H && h + ph < Hp; h++)
            for (int64_t v = 0; v < W && v + pw < Wp; v++) xp[(nc * Hp + h + ph) * Wp + v + pw] = x[(nc * H + h) * W + v];
    for (int64_t n = 0; n < N; n++)
        for (int64_t co = 0; co < Co; co++)
            for (int64_t l = 0; l < L; l++) ref[(n * Co + co) * L + l] = with_bias ? b[co] : 0;
    int64_t xs[4] = {N, C, H, W}, ws[4] = {Co, C, KH, KW}, os[4] = {N, Co, OH, OW}, ps[4] = {N, C, Hp, Wp};
    int64_t xst[4], wst[4], ost[4], pst[4], bs[1] = {Co}, bst[1] = {1};
    agn_tensor tx = t4(x, xs, xst, dt), tw = t4(w, ws, wst, dt), to = t4(out, os, ost, dt), tp = t4(xp, ps, pst, dt);
    agn_tensor tb = {b, bs, bst, 1, dt};
    agn_conv2d_params p = {1, 1, ph, pw, 1, 1, 1}, p0 = {1, 1, 0, 0, 1, 1, 1};
    int64_t cs[3] = {N, kdim, L}, cst[3] = {kdim * L, L, 1};
    agn_tensor tc = {cols, cs, cst, 3, dt};
    CHECK(agn_im2col(&tp, &tc, KH, KW, &p0) == AGN_OK);
    for (int64_t n = 0; n < N; n++) {
        int64_t as[3] = {1, Co, kdim}, ast[3] = {0, kdim, 1}, bms[3] = {1, kdim, L}, bmst[3] = {0, L, 1};
        int64_t rs[3] = {1, Co, L}, rst[3] = {0, L, 1};
        agn_tensor ta = {w, as, ast, 3, dt}, tbm = {cols + n * kdim * L, bms, bmst, 3, dt};
        agn_tensor tr = {ref + n * Co * L, rs, rst, 3, dt};
        CHECK(agn_matmul(&ta, &tbm, &tr, with_bias) == AGN_OK);
    }
    CHECK(agn_conv2d(&tx, &tw, with_bias ? &tb : NULL, &to, &p) == AGN_OK);
    CHECK(memcmp(out, ref, sizeof(float) * (size_t)(N * Co * L)) == 0);
    free(x); free(w); free(b); free(xp); free(cols); free(out); free(ref);
}

static void direct_cases(void) {
    direct_matches_columns(3, 1, 28, 28, 6, 5, 5, 0, 0, 24, 24, 1);   /* LeNet's first layer */
    direct_matches_columns(2, 6, 12, 12, 16, 5, 5, 0, 0, 8, 8, 1);    /* its second: one run a row */
    direct_matches_columns(2, 3, 32, 32, 32, 3, 3, 1, 1, 32, 32, 1);  /* padded */
    direct_matches_columns(2, 3, 13, 21, 7, 3, 3, 1, 1, 13, 21, 0);   /* ragged rows, 7 channels, no bias */
    direct_matches_columns(1, 2, 10, 11, 5, 2, 2, 0, 0, 10, 11, 1);   /* 'same', k2: bottom/right pad only */
    direct_matches_columns(2, 8, 9, 17, 13, 3, 3, 2, 0, 11, 15, 1);   /* 8 channels, odd number of runs */
    direct_matches_columns(1, 7, 14, 14, 4, 6, 6, 0, 0, 9, 9, 1);     /* K = 252 */
}

/* The float32 weight gradient for few input channels sums without columns (lane sums per output
 * channel and tap, conv_direct_avx2.c): against the double loops and 1 vs 2 threads on LeNet's
 * shapes, a padded one with ragged rows, and an 8-channel one; and a strided grad_out (channels and
 * samples padded apart) gives the contiguous one's bits. */
static void direct_wgrad_cases(void) {
    for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++) {
        fixed_case(3, 1, 28, 28, 6, 5, 1, 0, 1, dt, 1);
        fixed_case(9, 6, 12, 12, 16, 5, 1, 0, 1, dt, 1);
        fixed_case(5, 3, 13, 21, 7, 3, 1, 1, 1, dt, 1);
        fixed_case(2, 8, 11, 17, 9, 3, 1, 2, 1, dt, 1);
    }
    int dt = AGN_DTYPE_FLOAT32;
    int64_t N = 3, C = 3, H = 9, W = 19, Co = 7, L = H * W, nx = N * C * H * W, nw = Co * C * 9, no = N * Co * L;
    int64_t sc = L + 5, sn = Co * sc + 2;
    float *x = alloc_rand(nx, dt), *go = alloc_rand(no, dt), *gv = alloc_rand(N * sn, dt);
    float *gw0 = alloc_rand(nw, dt), *gw1 = alloc_rand(nw, dt);
    for (int64_t n = 0; n < N; n++)
        for (int64_t co = 0; co < Co; co++) memcpy(gv + n * sn + co * sc, go + (n * Co + co) * L, sizeof(float) * (size_t)L);
    int64_t xs[4] = {N, C, H, W}, ws[4] = {Co, C, 3, 3}, os[4] = {N, Co, H, W}, xst[4], wst[4], ost[4];
    int64_t vst[4] = {sn, sc, W, 1};
    agn_tensor tx = t4(x, xs, xst, dt), tg = t4(go, os, ost, dt), tw0 = t4(gw0, ws, wst, dt), tw1 = t4(gw1, ws, wst, dt);
    agn_tensor tv = {gv, os, vst, 4, dt};
    agn_conv2d_params p = {1, 1, 1, 1, 1, 1, 1};
    CHECK(agn_conv2d_backward_weight(&tg, &tx, &tw0, &p) == AGN_OK);
    CHECK(agn_conv2d_backward_weight(&tv, &tx, &tw1, &p) == AGN_OK);
    CHECK(memcmp(gw0, gw1, sizeof(float) * (size_t)nw) == 0);
    free(x); free(go); free(gv); free(gw0); free(gw1);
}

static void check_errors(void) {
    float x[16] = {0}, w[4] = {0}, o[16] = {0};
    int64_t xs[4] = {1, 1, 4, 4}, ws[4] = {1, 1, 2, 2}, os[4] = {1, 1, 3, 3}, xst[4], wst[4], ost[4];
    agn_tensor tx = t4(x, xs, xst, AGN_DTYPE_FLOAT32), tw = t4(w, ws, wst, AGN_DTYPE_FLOAT32);
    agn_tensor to = t4(o, os, ost, AGN_DTYPE_FLOAT32);
    agn_conv2d_params p = {1, 1, 0, 0, 1, 1, 1};
    CHECK(agn_conv2d(&tx, &tw, NULL, &to, &p) == AGN_OK);
    CHECK(agn_conv2d(NULL, &tw, NULL, &to, &p) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_conv2d(&tx, &tw, NULL, &to, NULL) == AGN_ERR_NULL_ARGUMENT);
    agn_conv2d_params bad = p;
    bad.stride_w = 0;
    CHECK(agn_conv2d(&tx, &tw, NULL, &to, &bad) == AGN_ERR_INVALID_ARGUMENT);
    bad = p, bad.groups = 2; /* 1 channel in 2 groups */
    CHECK(agn_conv2d(&tx, &tw, NULL, &to, &bad) == AGN_ERR_SHAPE);
    bad = p, bad.pad_h = -1;
    CHECK(agn_conv2d(&tx, &tw, NULL, &to, &bad) == AGN_ERR_INVALID_ARGUMENT);
    int64_t tst[4] = {16, 16, 1, 4}; /* transposed H/W: not contiguous */
    agn_tensor tt = {x, xs, tst, 4, AGN_DTYPE_FLOAT32};
    CHECK(agn_conv2d(&tt, &tw, NULL, &to, &p) == AGN_ERR_INVALID_ARGUMENT);
    agn_tensor td = tx;
    td.dtype = AGN_DTYPE_INT64;
    CHECK(agn_conv2d(&td, &tw, NULL, &to, &p) == AGN_ERR_DTYPE);
    agn_tensor t3 = tx;
    t3.ndim = 3;
    CHECK(agn_conv2d(&t3, &tw, NULL, &to, &p) == AGN_ERR_SHAPE);
    int64_t bs[1] = {2}, bst[1] = {1};
    agn_tensor tb = {w, bs, bst, 1, AGN_DTYPE_FLOAT32};
    CHECK(agn_conv2d(&tx, &tw, &tb, &to, &p) == AGN_ERR_SHAPE);
    CHECK(agn_conv2d_backward_input(&to, &tw, &tx, &bad) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_conv2d_backward_weight(&to, &tx, NULL, &p) == AGN_ERR_NULL_ARGUMENT);
    /* grad_out with unevenly spaced pixels (H and W transposed), and an out that is not contiguous */
    float g[9] = {0};
    int64_t gst[4] = {9, 9, 1, 3};
    agn_tensor tg = {g, os, gst, 4, AGN_DTYPE_FLOAT32};
    CHECK(agn_conv2d_backward_input(&tg, &tw, &tx, &p) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_conv2d_backward_weight(&tg, &tx, &tw, &p) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_conv2d(&tx, &tw, NULL, &tg, &p) == AGN_ERR_INVALID_ARGUMENT);
}

int main(void) {
    srand(7);
    agn_set_num_threads(2);
    int top = agn_simd_supported();
    for (int level = 0; level <= top; level++) {
        agn_set_simd_level(level);
        for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++) {
            for (int i = 0; i < 150; i++) random_case(dt, i % 3 == 0);
            fixed_case(2, 6, 5, 7, 4, 1, 1, 0, 1, dt, 0);   /* 1x1: the input is its own columns */
            fixed_case(3, 6, 5, 7, 9, 1, 1, 0, 3, dt, 0);   /* 1x1, grouped */
            fixed_case(0, 3, 5, 5, 4, 3, 1, 1, 1, dt, 0);   /* empty batch */
            fixed_case(2, 3, 1, 1, 4, 3, 1, 0, 1, dt, 0);   /* empty output: kernel past the input */
            fixed_case(4, 16, 20, 20, 24, 3, 1, 1, 1, dt, 1); /* threaded over samples */
            fixed_case(1, 16, 30, 30, 32, 3, 2, 1, 2, dt, 1); /* one sample: threaded GEMMs */
            /* the weight gradient's sample groups (at most 8, sized by N): 13 samples are 7 groups
             * of 2 and 1, split across threads; 9 are 5 groups; 3 are 3 groups of 1, too little
             * work to split (each runs on the caller) */
            fixed_case(13, 8, 21, 19, 12, 3, 1, 1, 2, dt, 1);
            fixed_dilated(9, 5, 23, 20, 7, 3, 2, 2, 2, 1, dt, 1);
            fixed_case(3, 4, 9, 7, 5, 3, 1, 0, 1, dt, 1);
            /* a 32 x 32 output: float32 rows of 4 KB, the case the scratch columns' padded row
             * stride is for */
            fixed_case(9, 3, 32, 32, 8, 3, 1, 1, 1, dt, 1);
            check_strided_grad_out(dt, 1);
            check_strided_grad_out(dt, 2);
        }
        direct_cases();
        direct_wgrad_cases();
    }
    agn_set_simd_level(top);
    check_errors();
    return check_summary("test_conv");
}
