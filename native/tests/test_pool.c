/* agn_max_pool2d / agn_avg_pool2d / agn_avg_pool2d_backward on hand-worked windows (padding, dilation,
 * count_include_pad, divisor_override, adaptive), NaN propagation, max pooling against its definition
 * on random planes with ties and NaNs, the backward as the exact adjoint of
 * the forward on random shapes (sum of g * avg(x) == sum of x * avg_backward(g)), 1 vs 2 threads bit
 * for bit, and error statuses. */
#include "autograd_native.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static agn_tensor t4(void *data, int64_t *shape, int64_t *strides, int dt) {
    for (int d = 3, s = 1; d >= 0; d--) { strides[d] = s; s *= (int)shape[d]; }
    agn_tensor t = {data, shape, strides, 4, dt};
    return t;
}

static agn_pool2d_params fixed(int64_t k, int64_t s, int64_t pad, int64_t dil) {
    agn_pool2d_params p = {k, k, s, s, pad, pad, dil, dil, 0, 1, 0};
    return p;
}

static void hand_worked(void) {
    /* one 3x3 plane 0..8 */
    double x[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8}, y[4];
    int64_t idx[4];
    int64_t xs[4] = {1, 1, 3, 3}, ys[4] = {1, 1, 2, 2}, xst[4], yst[4];
    agn_tensor tx = t4(x, xs, xst, AGN_DTYPE_FLOAT64), ty = t4(y, ys, yst, AGN_DTYPE_FLOAT64);
    agn_tensor ti = t4(idx, ys, yst, AGN_DTYPE_INT64);
    agn_pool2d_params p = fixed(2, 1, 0, 1);
    CHECK(agn_max_pool2d(&tx, &ty, &ti, &p) == AGN_OK);
    CHECK(y[0] == 4 && y[1] == 5 && y[2] == 7 && y[3] == 8 && idx[0] == 4 && idx[3] == 8);
    CHECK(agn_avg_pool2d(&tx, &ty, &p) == AGN_OK);
    CHECK(y[0] == 2 && y[3] == 6);
    /* padding 1, stride 2, 2x2 windows: rows/cols {-1,0} and {1,2} */
    p = fixed(2, 2, 1, 1);
    CHECK(agn_avg_pool2d(&tx, &ty, &p) == AGN_OK);
    CHECK(y[0] == 0.0 / 4 && y[1] == (1 + 2) / 4.0 && y[3] == (4 + 5 + 7 + 8) / 4.0);
    p.count_include_pad = 0;
    CHECK(agn_avg_pool2d(&tx, &ty, &p) == AGN_OK);
    CHECK(y[0] == 0 && y[1] == 1.5 && y[2] == 4.5 && y[3] == 6);
    p.divisor_override = 3;
    CHECK(agn_avg_pool2d(&tx, &ty, &p) == AGN_OK);
    CHECK(y[3] == 8);
    /* dilation 2, kernel 2: the window's corners */
    int64_t y1s[4] = {1, 1, 1, 1}, y1st[4];
    agn_tensor ty1 = t4(y, y1s, y1st, AGN_DTYPE_FLOAT64), ti1 = t4(idx, y1s, y1st, AGN_DTYPE_INT64);
    p = fixed(2, 1, 0, 2);
    CHECK(agn_max_pool2d(&tx, &ty1, &ti1, &p) == AGN_OK);
    CHECK(y[0] == 8 && idx[0] == 8);
    /* adaptive 3 -> 2: windows [0, 2) and [1, 3) */
    agn_pool2d_params a = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
    CHECK(agn_avg_pool2d(&tx, &ty, &a) == AGN_OK);
    CHECK(y[0] == 2 && y[3] == 6);
    CHECK(agn_max_pool2d(&tx, &ty, &ti, &a) == AGN_OK);
    CHECK(y[0] == 4 && idx[2] == 7);
    /* NaN wins the max */
    x[4] = NAN;
    p = fixed(3, 1, 0, 1);
    CHECK(agn_max_pool2d(&tx, &ty1, &ti1, &p) == AGN_OK);
    CHECK(isnan(y[0]) && idx[0] == 4);
}

static void adjoint(int dt, int adaptive) {
    int64_t N = 1 + rand() % 3, C = 1 + rand() % 3, H = 1 + rand() % 9, W = 1 + rand() % 40;
    agn_pool2d_params p = fixed(1 + rand() % 3, 1 + rand() % 3, 0, 1);
    p.kernel_w = 1 + rand() % 3;
    p.pad_h = rand() % (p.kernel_h / 2 + 1), p.pad_w = rand() % (p.kernel_w / 2 + 1);
    p.count_include_pad = rand() % 2, p.adaptive = adaptive;
    int64_t OH = adaptive ? 1 + rand() % 5 : (H + 2 * p.pad_h - p.kernel_h) / p.stride_h + 1;
    int64_t OW = adaptive ? 1 + rand() % 5 : (W + 2 * p.pad_w - p.kernel_w) / p.stride_w + 1;
    if (OH < 1 || OW < 1) return;
    int64_t nx = N * C * H * W, ny = N * C * OH * OW, es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8;
    char *x = malloc((size_t)(nx * es)), *gi = malloc((size_t)(nx * es)), *gi1 = malloc((size_t)(nx * es));
    char *y = malloc((size_t)(ny * es)), *g = malloc((size_t)(ny * es));
    for (int64_t i = 0; i < nx; i++)
        if (dt == AGN_DTYPE_FLOAT32) ((float *)x)[i] = (float)(rand() % 17 - 8) / 4;
        else ((double *)x)[i] = (double)(rand() % 17 - 8) / 4;
    for (int64_t i = 0; i < ny; i++)
        if (dt == AGN_DTYPE_FLOAT32) ((float *)g)[i] = (float)(rand() % 17 - 8) / 4;
        else ((double *)g)[i] = (double)(rand() % 17 - 8) / 4;
    int64_t xs[4] = {N, C, H, W}, ys[4] = {N, C, OH, OW}, xst[4], yst[4];
    agn_tensor tx = t4(x, xs, xst, dt), ty = t4(y, ys, yst, dt), tg = t4(g, ys, yst, dt);
    agn_tensor tgi = t4(gi, xs, xst, dt), tgi1 = t4(gi1, xs, xst, dt);
    CHECK(agn_avg_pool2d(&tx, &ty, &p) == AGN_OK);
    CHECK(agn_avg_pool2d_backward(&tg, &tgi, &p) == AGN_OK);
    double lhs = 0, rhs = 0;
    for (int64_t i = 0; i < ny; i++)
        lhs += dt == AGN_DTYPE_FLOAT32 ? (double)((float *)g)[i] * ((float *)y)[i] : ((double *)g)[i] * ((double *)y)[i];
    for (int64_t i = 0; i < nx; i++)
        rhs += dt == AGN_DTYPE_FLOAT32 ? (double)((float *)x)[i] * ((float *)gi)[i] : ((double *)x)[i] * ((double *)gi)[i];
    CHECK(close_to(lhs, rhs, dt == AGN_DTYPE_FLOAT32 ? 1e-5 : 1e-12, 1e-5));
    agn_set_num_threads(1);
    CHECK(agn_avg_pool2d_backward(&tg, &tgi1, &p) == AGN_OK);
    agn_set_num_threads(2);
    CHECK(memcmp(gi, gi1, (size_t)(nx * es)) == 0);
    free(x); free(gi); free(gi1); free(y); free(g);
}
/* a kernel and stride near INT64_MAX: the second window's end would overflow int64; it is empty */
/* Max pooling against the definition on random planes whose values repeat and include NaN (ties keep
 * the first tap, a NaN wins and a later NaN replaces it): 2 x 2 stride-2 windows (the vectorised path,
 * with rows long enough for its four-wide blocks and a ragged tail, padding and ceil-mode-sized
 * outputs that leave partial windows to the scalar loop) and other fixed windows; values and indices
 * must be equal exactly. */
static void max_definition(int dt, int pair) {
    static const double vals[5] = {-1, 0, 1, 2, NAN};
    int64_t N = 1 + rand() % 2, C = 1 + rand() % 3, H = 1 + rand() % 9, W = 1 + rand() % 40;
    agn_pool2d_params p = pair ? fixed(2, 2, rand() % 2, 1) : fixed(1 + rand() % 3, 1 + rand() % 3, 0, 1 + rand() % 2);
    if (!pair) p.kernel_w = 1 + rand() % 3, p.pad_h = rand() % 2, p.pad_w = rand() % 2;
    p.pad_h = p.pad_h * 2 > p.kernel_h ? 0 : p.pad_h, p.pad_w = p.pad_w * 2 > p.kernel_w ? 0 : p.pad_w;
    int64_t span_h = H + 2 * p.pad_h - p.dilation_h * (p.kernel_h - 1) - 1;
    int64_t span_w = W + 2 * p.pad_w - p.dilation_w * (p.kernel_w - 1) - 1;
    if (span_h < 0 || span_w < 0) return;
    int64_t OH = span_h / p.stride_h + 1 + (rand() % 2 && span_h % p.stride_h), OW = span_w / p.stride_w + 1 + rand() % 2;
    int64_t es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8, nx = N * C * H * W, ny = N * C * OH * OW;
    char *x = malloc((size_t)(nx * es)), *y = malloc((size_t)(ny * es));
    int64_t *idx = malloc(sizeof(int64_t) * (size_t)ny);
    for (int64_t i = 0; i < nx; i++) {
        double v = vals[rand() % (rand() % 4 ? 4 : 5)];
        if (dt == AGN_DTYPE_FLOAT32) ((float *)(void *)x)[i] = (float)v;
        else ((double *)(void *)x)[i] = v;
    }
    int64_t xs[4] = {N, C, H, W}, ys[4] = {N, C, OH, OW}, xst[4], yst[4];
    agn_tensor tx = t4(x, xs, xst, dt), ty = t4(y, ys, yst, dt), ti = t4(idx, ys, yst, AGN_DTYPE_INT64);
    CHECK(agn_max_pool2d(&tx, &ty, &ti, &p) == AGN_OK);
    for (int64_t pl = 0; pl < N * C; pl++)
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                double best = -INFINITY;
                int64_t at = -1;
                for (int64_t a = 0; a < p.kernel_h; a++)
                    for (int64_t b = 0; b < p.kernel_w; b++) {
                        int64_t ih = oh * p.stride_h - p.pad_h + a * p.dilation_h;
                        int64_t iw = ow * p.stride_w - p.pad_w + b * p.dilation_w;
                        if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                        int64_t i = pl * H * W + ih * W + iw;
                        double v = dt == AGN_DTYPE_FLOAT32 ? ((float *)(void *)x)[i] : ((double *)(void *)x)[i];
                        if (at < 0 || v > best || isnan(v)) best = v, at = ih * W + iw;
                    }
                int64_t o = (pl * OH + oh) * OW + ow;
                double got = dt == AGN_DTYPE_FLOAT32 ? ((float *)(void *)y)[o] : ((double *)(void *)y)[o];
                CHECK(idx[o] == at);
                CHECK(isnan(best) ? isnan(got) : got == best);
            }
    free(x), free(y), free(idx);
}

static void huge_kernel(void) {
    double x[3] = {0, 1, 2}, y[2] = {-1, -1};
    int64_t xs[4] = {1, 1, 1, 3}, ys[4] = {1, 1, 1, 2}, xst[4], yst[4];
    agn_tensor tx = t4(x, xs, xst, AGN_DTYPE_FLOAT64), ty = t4(y, ys, yst, AGN_DTYPE_FLOAT64);
    const int64_t k = 6148914691236517206;
    agn_pool2d_params p = {1, k, 1, k, 0, 2, 1, 1, 0, 1, 0};
    CHECK(agn_avg_pool2d(&tx, &ty, &p) == AGN_OK);
    CHECK(fabs(y[0] - 3.0 / 7) < 1e-15 && y[1] == 0); /* the first window covers 7 padded columns */
}

static void errors(void) {
    float x[9] = {0}, y[4] = {0};
    int64_t idx[4], xs[4] = {1, 1, 3, 3}, ys[4] = {1, 1, 2, 2}, xst[4], yst[4];
    agn_tensor tx = t4(x, xs, xst, AGN_DTYPE_FLOAT32), ty = t4(y, ys, yst, AGN_DTYPE_FLOAT32);
    agn_tensor ti = t4(idx, ys, yst, AGN_DTYPE_INT64);
    agn_pool2d_params p = fixed(2, 1, 0, 1), bad = fixed(0, 1, 0, 1);
    CHECK(agn_max_pool2d(&tx, &ty, &ti, &bad) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_max_pool2d(&tx, &ty, NULL, &p) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_max_pool2d(&tx, &ty, &ty, &p) == AGN_ERR_DTYPE);
    CHECK(agn_avg_pool2d(&tx, &ti, &p) == AGN_ERR_DTYPE);
    CHECK(agn_avg_pool2d(NULL, &ty, &p) == AGN_ERR_NULL_ARGUMENT);
    bad = fixed(2, 1, -1, 1);
    CHECK(agn_avg_pool2d_backward(&ty, &tx, &bad) == AGN_ERR_INVALID_ARGUMENT);
}

int main(void) {
    srand(3);
    agn_set_num_threads(2);
    hand_worked();
    for (int i = 0; i < 300; i++) adjoint(i % 2 ? AGN_DTYPE_FLOAT32 : AGN_DTYPE_FLOAT64, i % 3 == 0);
    for (int i = 0; i < 400; i++) max_definition(i % 2 ? AGN_DTYPE_FLOAT32 : AGN_DTYPE_FLOAT64, i % 4 < 2);
    huge_kernel();
    errors();
    return check_summary("test_pool");
}
