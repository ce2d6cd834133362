/* agn_im2col / agn_col2im (F.unfold / F.fold) on hand-worked 3x3 planes (plain, padded and strided,
 * dilated), the adjoint identity sum(c * im2col(x)) == sum(x * col2im(c)) on random shapes, 1 vs 2
 * threads bit for bit, and error statuses. */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double urand(void) { return (double)rand() / RAND_MAX * 2 - 1; }

static agn_tensor tn(void *data, int64_t *shape, int64_t *strides, int nd, int dt) {
    for (int d = nd - 1, s = 1; d >= 0; d--) { strides[d] = s; s *= (int)shape[d]; }
    agn_tensor t = {data, shape, strides, nd, dt};
    return t;
}

static agn_conv2d_params geom(int64_t s, int64_t pad, int64_t dil) {
    agn_conv2d_params p = {s, s, pad, pad, dil, dil, 1};
    return p;
}

static void hand_worked(void) {
    double x[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8}, c[16], back[9];
    int64_t xs[4] = {1, 1, 3, 3}, cs[3] = {1, 4, 4}, xst[4], cst[3];
    agn_tensor tx = tn(x, xs, xst, 4, AGN_DTYPE_FLOAT64), tc = tn(c, cs, cst, 3, AGN_DTYPE_FLOAT64);
    agn_tensor tb = tn(back, xs, xst, 4, AGN_DTYPE_FLOAT64);
    agn_conv2d_params p = geom(1, 0, 1);
    /* 2x2 kernel: row (kh, kw) lists x[oh + kh, ow + kw] over the 2x2 blocks */
    CHECK(agn_im2col(&tx, &tc, 2, 2, &p) == AGN_OK);
    double want[16] = {0, 1, 3, 4, 1, 2, 4, 5, 3, 4, 6, 7, 4, 5, 7, 8};
    CHECK(memcmp(c, want, sizeof want) == 0);
    /* fold of ones counts how many blocks cover each position */
    for (int i = 0; i < 16; i++) c[i] = 1;
    CHECK(agn_col2im(&tc, &tb, 2, 2, &p) == AGN_OK);
    double count[9] = {1, 2, 1, 2, 4, 2, 1, 2, 1};
    CHECK(memcmp(back, count, sizeof count) == 0);
    /* padding 1, stride 2: blocks start at -1 and 1 in both dims */
    p = geom(2, 1, 1);
    CHECK(agn_im2col(&tx, &tc, 2, 2, &p) == AGN_OK);
    double padded[16] = {0, 0, 0, 4, 0, 0, 3, 5, 0, 1, 0, 7, 0, 2, 6, 8};
    CHECK(memcmp(c, padded, sizeof padded) == 0);
    CHECK(agn_col2im(&tc, &tb, 2, 2, &p) == AGN_OK);
    double each[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8}; /* every position read once, the padding dropped */
    CHECK(memcmp(back, each, sizeof each) == 0);
    /* dilation 2, 2x2 kernel: the one block is the plane's corners */
    int64_t c1s[3] = {1, 4, 1}, c1st[3];
    agn_tensor tc1 = tn(c, c1s, c1st, 3, AGN_DTYPE_FLOAT64);
    p = geom(1, 0, 2);
    CHECK(agn_im2col(&tx, &tc1, 2, 2, &p) == AGN_OK);
    CHECK(c[0] == 0 && c[1] == 2 && c[2] == 6 && c[3] == 8);
}

static int64_t blocks(int64_t in, int64_t pad, int64_t dil, int64_t k, int64_t s) {
    int64_t extent = in + 2 * pad - dil * (k - 1) - 1;
    return extent < 0 ? 0 : extent / s + 1;
}

static void adjoint_case(int dt, int threads) {
    int64_t N = 1 + rand() % 3, C = 1 + rand() % 3, H = 2 + rand() % 6, W = 2 + rand() % 6;
    int64_t kh = 1 + rand() % 3, kw = 1 + rand() % 3, s = 1 + rand() % 2, pad = rand() % 2, dil = 1 + rand() % 2;
    int64_t OH = blocks(H, pad, dil, kh, s), OW = blocks(W, pad, dil, kw, s);
    if (OH < 1 || OW < 1) return;
    int64_t nx = N * C * H * W, nc = N * C * kh * kw * OH * OW, es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8;
    char *x = malloc((size_t)(nx * es)), *c = malloc((size_t)(nc * es)), *cx = malloc((size_t)(nc * es));
    char *xc = malloc((size_t)(nx * es)), *xc1 = malloc((size_t)(nx * es)), *cx1 = malloc((size_t)(nc * es));
    for (int64_t i = 0; i < nx; i++)
        if (es == 4) ((float *)(void *)x)[i] = (float)urand(); else ((double *)(void *)x)[i] = urand();
    for (int64_t i = 0; i < nc; i++)
        if (es == 4) ((float *)(void *)c)[i] = (float)urand(); else ((double *)(void *)c)[i] = urand();
    int64_t xs[4] = {N, C, H, W}, cs[3] = {N, C * kh * kw, OH * OW}, xst[4], cst[3];
    agn_tensor tx = tn(x, xs, xst, 4, dt), tc = tn(c, cs, cst, 3, dt);
    agn_tensor tcx = tn(cx, cs, cst, 3, dt), txc = tn(xc, xs, xst, 4, dt);
    agn_tensor tcx1 = tn(cx1, cs, cst, 3, dt), txc1 = tn(xc1, xs, xst, 4, dt);
    agn_conv2d_params p = geom(s, pad, dil);
    agn_set_num_threads(threads);
    CHECK(agn_im2col(&tx, &tcx, kh, kw, &p) == AGN_OK);
    CHECK(agn_col2im(&tc, &txc, kh, kw, &p) == AGN_OK);
    agn_set_num_threads(1);
    CHECK(agn_im2col(&tx, &tcx1, kh, kw, &p) == AGN_OK);
    CHECK(agn_col2im(&tc, &txc1, kh, kw, &p) == AGN_OK);
    CHECK(memcmp(cx, cx1, (size_t)(nc * es)) == 0 && memcmp(xc, xc1, (size_t)(nx * es)) == 0);
    double lhs = 0, rhs = 0;
    for (int64_t i = 0; i < nc; i++)
        lhs += es == 4 ? (double)((float *)(void *)c)[i] * ((float *)(void *)cx)[i]
                       : ((double *)(void *)c)[i] * ((double *)(void *)cx)[i];
    for (int64_t i = 0; i < nx; i++)
        rhs += es == 4 ? (double)((float *)(void *)x)[i] * ((float *)(void *)xc)[i]
                       : ((double *)(void *)x)[i] * ((double *)(void *)xc)[i];
    CHECK(close_to(lhs, rhs, es == 4 ? 1e-5 : 1e-12, es == 4 ? 1e-5 : 1e-12));
    free(x), free(c), free(cx), free(xc), free(xc1), free(cx1);
}

static void check_errors(void) {
    double x[9] = {0}, c[16] = {0};
    int64_t xs[4] = {1, 1, 3, 3}, cs[3] = {1, 4, 4}, bad[3] = {1, 4, 5}, xst[4], cst[3], bst[3];
    agn_tensor tx = tn(x, xs, xst, 4, AGN_DTYPE_FLOAT64), tc = tn(c, cs, cst, 3, AGN_DTYPE_FLOAT64);
    agn_conv2d_params p = geom(1, 0, 1);
    CHECK(agn_im2col(NULL, &tc, 2, 2, &p) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_im2col(&tx, &tc, 0, 2, &p) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_im2col(&tx, &tc, 4, 4, &p) == AGN_ERR_SHAPE); /* kernel past the input */
    agn_tensor tb = tn(c, bad, bst, 3, AGN_DTYPE_FLOAT64);
    CHECK(agn_col2im(&tb, &tx, 2, 2, &p) == AGN_ERR_SHAPE);
    p.stride_h = 0;
    CHECK(agn_col2im(&tc, &tx, 2, 2, &p) == AGN_ERR_INVALID_ARGUMENT);
    p = geom(1, 0, 1);
    tc.dtype = AGN_DTYPE_FLOAT32;
    CHECK(agn_im2col(&tx, &tc, 2, 2, &p) == AGN_ERR_DTYPE);
}

int main(void) {
    srand(11);
    hand_worked();
    for (int i = 0; i < 200; i++) adjoint_case(i % 2 ? AGN_DTYPE_FLOAT32 : AGN_DTYPE_FLOAT64, 2);
    check_errors();
    return check_summary("test_fold");
}
