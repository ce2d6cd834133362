/* Max and average pooling over 2-d windows (fixed or adaptive), and the average's adjoint.
 * Planes (n, c) are independent: threads split them, so any thread count gives the same bits. Sums
 * accumulate in double. The max pooling's backward is a scatter-add at its indices (managed side). */
#include "internal.h"

#include <math.h>
#include <string.h>

typedef struct pool_job {
    const agn_pool2d_params *p;
    int32_t dtype;
    int64_t H, W, OH, OW;
    const char *x;
    char *y;
    agn_i64 *idx;
} pool_job;

/* Rows [*lo, *hi) of output row o (0 <= lo <= hi <= in), plus the padded extent for the divisor. */
static void window(const agn_pool2d_params *p, int h, int64_t o, int64_t in, int64_t out, int64_t *lo,
                   int64_t *hi, int64_t *padded) {
    if (p->adaptive) {
        *lo = o * in / out;
        *hi = ((o + 1) * in + out - 1) / out;
        *padded = *hi - *lo;
        return;
    }
    int64_t k = h ? p->kernel_h : p->kernel_w, s = h ? p->stride_h : p->stride_w;
    int64_t pad = h ? p->pad_h : p->pad_w;
    int64_t start = o * s - pad, end = start > 0 && k > INT64_MAX - start ? INT64_MAX : start + k; /* saturated: a huge kernel */
    int64_t pend = end < in + pad ? end : in + pad;
    *padded = pend - start;
    *lo = start < 0 ? 0 : start;
    *hi = end < in ? end : in;
    if (*hi < *lo) *hi = *lo;
}

static double load(int32_t dt, const char *base, int64_t i) {
    return dt == AGN_DTYPE_FLOAT32 ? (double)((const agn_f32 *)(const void *)base)[i]
                                   : ((const agn_f64 *)(const void *)base)[i];
}

static void store(int32_t dt, char *base, int64_t i, double v) {
    if (dt == AGN_DTYPE_FLOAT32) ((agn_f32 *)(void *)base)[i] = (float)v;
    else ((agn_f64 *)(void *)base)[i] = v;
}

/* The taps a in [*lo, *hi) of a window of n taps from start (step d) that land inside [0, in): the
 * loop then costs the input's size, not the kernel's, and no index past the input is ever formed. */
static void taps(int64_t start, int64_t n, int64_t d, int64_t in, int64_t *lo, int64_t *hi) {
    *lo = start < 0 ? (-start - 1) / d + 1 : 0;
    *hi = start < in ? (in - 1 - start) / d + 1 : 0;
    if (*hi > n) *hi = n;
    if (*hi < *lo) *hi = *lo;
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* One blend step of max2x2_f32: tap v (offset k from the window's corner) wins where it is greater or
 * a NaN, the scalar loop's rule. */
#define MAX2X2_STEP(v, k)                                                                          \
    do {                                                                                           \
        __m128 m_ = _mm_or_ps(_mm_cmpgt_ps(v, best), _mm_cmpunord_ps(v, v));                       \
        __m128i mi_ = _mm_castps_si128(m_);                                                        \
        best = _mm_or_ps(_mm_and_ps(m_, v), _mm_andnot_ps(m_, best));                              \
        off = _mm_or_si128(_mm_and_si128(mi_, _mm_set1_epi32(k)), _mm_andnot_si128(mi_, off));     \
    } while (0)

/* Outputs [0, n / 4 * 4) of one output row of 2 x 2, stride-2 windows that lie inside the input (r0,
 * r1: the window rows from column 0, base: the index of r0[0]), four at a time with the taps in the
 * scalar loop's order, so the same values and indices; returns how many it did. LeNet's pools are
 * these, and the scalar loop spent ~20 cycles an output on its compares. */
static int64_t max2x2_f32(const agn_f32 *r0, const agn_f32 *r1, agn_f32 *y, agn_i64 *ix, int64_t n,
                          int64_t base, int64_t W) {
    const __m128i zero = _mm_setzero_si128(), lane = _mm_set_epi32(6, 4, 2, 0);
    const int32_t w32 = (int32_t)W;
    int64_t n4 = n / 4 * 4;
    for (int64_t o = 0; o < n4; o += 4) {
        __m128 a0 = _mm_loadu_ps(r0 + 2 * o), a1 = _mm_loadu_ps(r0 + 2 * o + 4);
        __m128 b0 = _mm_loadu_ps(r1 + 2 * o), b1 = _mm_loadu_ps(r1 + 2 * o + 4);
        __m128 v01 = _mm_shuffle_ps(a0, a1, _MM_SHUFFLE(3, 1, 3, 1));
        __m128 v10 = _mm_shuffle_ps(b0, b1, _MM_SHUFFLE(2, 0, 2, 0));
        __m128 v11 = _mm_shuffle_ps(b0, b1, _MM_SHUFFLE(3, 1, 3, 1));
        __m128 best = _mm_shuffle_ps(a0, a1, _MM_SHUFFLE(2, 0, 2, 0));
        __m128i off = zero;
        MAX2X2_STEP(v01, 1);
        MAX2X2_STEP(v10, w32);
        MAX2X2_STEP(v11, w32 + 1);
        _mm_storeu_ps(y + o, best);
        off = _mm_add_epi32(off, lane); /* + 2 * lane: each output's window corner */
        __m128i b64 = _mm_set1_epi64x(base + 2 * o);
        _mm_storeu_si128((__m128i *)(void *)(ix + o), _mm_add_epi64(_mm_unpacklo_epi32(off, zero), b64));
        _mm_storeu_si128((__m128i *)(void *)(ix + o + 2), _mm_add_epi64(_mm_unpackhi_epi32(off, zero), b64));
    }
    return n4;
}
#define MAX2X2_F32(r0, r1, y, ix, n, base, W) max2x2_f32(r0, r1, y, ix, n, base, W)
#else
#define MAX2X2_F32(r0, r1, y, ix, n, base, W) 0
#endif
#define MAX2X2_F64(r0, r1, y, ix, n, base, W) 0

/* One plane of a max pool in the element type (a float compares as its double would, so the
 * type changes no bit). A fixed window's rows are clipped once per output row and its columns without
 * a division at dilation 1, so a 2 x 2 window costs little more than its four compares; adaptive
 * windows come clipped from window(). NaN propagates as in LibTorch: a NaN tap always wins. */
#define MAX_PLANE(NAME, T, FAST2X2)                                                                \
    static void NAME(const pool_job *j, const T *x, T *y, agn_i64 *ix) {                           \
        const agn_pool2d_params *p = j->p;                                                         \
        const int64_t W = j->W, OW = j->OW, ad = p->adaptive;                                      \
        const int64_t dh = ad ? 1 : p->dilation_h, dw = ad ? 1 : p->dilation_w;                    \
        const int pair = !ad && p->kernel_h == 2 && p->kernel_w == 2 && p->stride_h == 2 &&        \
                         p->stride_w == 2 && dh == 1 && dw == 1 && p->pad_w == 0 &&               \
                         W < ((int64_t)1 << 30); /* int32 offsets in the fast path */             \
        for (int64_t oh = 0; oh < j->OH; oh++) {                                                   \
            int64_t h0, h1, hp, alo = 0, ahi;                                                      \
            if (ad) window(p, 1, oh, j->H, j->OH, &h0, &h1, &hp), ahi = h1 - h0;                   \
            else h0 = oh * p->stride_h - p->pad_h, taps(h0, p->kernel_h, dh, j->H, &alo, &ahi);   \
            int64_t ow = 0;                                                                        \
            if (pair && h0 >= 0 && h0 + 1 < j->H) /* whole windows up to ow < W / 2 */           \
                ow = FAST2X2(x + h0 * W, x + (h0 + 1) * W, y + oh * OW, ix + oh * OW,              \
                             OW < W / 2 ? OW : W / 2, h0 * W, W);                                   \
            for (; ow < OW; ow++) {                                                                \
                int64_t w0, w1, wp, blo = 0, bhi;                                                  \
                if (ad) {                                                                          \
                    window(p, 0, ow, W, OW, &w0, &w1, &wp);                                        \
                    bhi = w1 - w0;                                                                 \
                } else if (w0 = ow * p->stride_w - p->pad_w, dw == 1) { /* taps() at d = 1 */      \
                    blo = w0 < 0 ? -w0 : 0;                                                        \
                    bhi = w0 < W ? W - w0 : 0;                                                     \
                    if (bhi > p->kernel_w) bhi = p->kernel_w;                                      \
                    if (bhi < blo) bhi = blo;                                                      \
                } else {                                                                           \
                    taps(w0, p->kernel_w, dw, W, &blo, &bhi);                                      \
                }                                                                                  \
                T best = (T)-INFINITY;                                                             \
                int64_t at = -1;                                                                   \
                if (alo < ahi && blo < bhi) { /* the first tap, then selects without branches */   \
                    at = (h0 + alo * dh) * W + w0 + blo * dw;                                      \
                    best = x[at];                                                                  \
                }                                                                                  \
                for (int64_t a = alo; a < ahi; a++) {                                              \
                    int64_t base = (h0 + a * dh) * W + w0;                                         \
                    for (int64_t b = a == alo ? blo + 1 : blo; b < bhi; b++) {                     \
                        T v = x[base + b * dw];                                                    \
                        int take = (v > best) | (v != v); /* v != v: a NaN */                      \
                        best = take ? v : best;                                                    \
                        at = take ? base + b * dw : at;                                            \
                    }                                                                              \
                }                                                                                  \
                y[oh * OW + ow] = best;                                                            \
                ix[oh * OW + ow] = at;                                                             \
            }                                                                                      \
        }                                                                                          \
    }
MAX_PLANE(max_plane_f32, agn_f32, MAX2X2_F32)
MAX_PLANE(max_plane_f64, agn_f64, MAX2X2_F64)

static void max_planes(void *ctx, int64_t begin, int64_t end) {
    const pool_job *j = (const pool_job *)ctx;
    int64_t es = agn_dtype_size(j->dtype);
    for (int64_t pl = begin; pl < end; pl++) {
        const char *x = j->x + pl * j->H * j->W * es;
        char *y = j->y + pl * j->OH * j->OW * es;
        agn_i64 *ix = j->idx + pl * j->OH * j->OW;
        if (j->dtype == AGN_DTYPE_FLOAT32)
            max_plane_f32(j, (const agn_f32 *)(const void *)x, (agn_f32 *)(void *)y, ix);
        else
            max_plane_f64(j, (const agn_f64 *)(const void *)x, (agn_f64 *)(void *)y, ix);
    }
}

/* The divisor of output (oh, ow) with its clipped window [h0, h1) x [w0, w1). */
static double divisor(const agn_pool2d_params *p, int64_t h0, int64_t h1, int64_t hp, int64_t w0,
                      int64_t w1, int64_t wp) {
    if (p->divisor_override > 0) return (double)p->divisor_override;
    if (p->count_include_pad && !p->adaptive) return (double)(hp * wp);
    return (double)((h1 - h0) * (w1 - w0));
}

static void avg_planes(void *ctx, int64_t begin, int64_t end) {
    const pool_job *j = (const pool_job *)ctx;
    const agn_pool2d_params *p = j->p;
    int64_t es = agn_dtype_size(j->dtype);
    for (int64_t pl = begin; pl < end; pl++) {
        const char *x = j->x + pl * j->H * j->W * es;
        char *y = j->y + pl * j->OH * j->OW * es;
        for (int64_t oh = 0; oh < j->OH; oh++) {
            int64_t h0, h1, hp;
            window(p, 1, oh, j->H, j->OH, &h0, &h1, &hp);
            for (int64_t ow = 0; ow < j->OW; ow++) {
                int64_t w0, w1, wp;
                window(p, 0, ow, j->W, j->OW, &w0, &w1, &wp);
                double s = 0;
                for (int64_t ih = h0; ih < h1; ih++)
                    for (int64_t iw = w0; iw < w1; iw++) s += load(j->dtype, x, ih * j->W + iw);
                store(j->dtype, y, oh * j->OW + ow, s / divisor(p, h0, h1, hp, w0, w1, wp));
            }
        }
    }
}

/* grad_input plane (zeroed) += grad_out / divisor over each window, windows in order. */
static void avg_back_planes(void *ctx, int64_t begin, int64_t end) {
    const pool_job *j = (const pool_job *)ctx;
    const agn_pool2d_params *p = j->p;
    int64_t es = agn_dtype_size(j->dtype);
    for (int64_t pl = begin; pl < end; pl++) {
        const char *g = j->x + pl * j->OH * j->OW * es;
        char *gi = j->y + pl * j->H * j->W * es;
        memset(gi, 0, (size_t)(j->H * j->W * es));
        for (int64_t oh = 0; oh < j->OH; oh++) {
            int64_t h0, h1, hp;
            window(p, 1, oh, j->H, j->OH, &h0, &h1, &hp);
            for (int64_t ow = 0; ow < j->OW; ow++) {
                int64_t w0, w1, wp;
                window(p, 0, ow, j->W, j->OW, &w0, &w1, &wp);
                double v = load(j->dtype, g, oh * j->OW + ow) / divisor(p, h0, h1, hp, w0, w1, wp);
                for (int64_t ih = h0; ih < h1; ih++)
                    for (int64_t iw = w0; iw < w1; iw++)
                        store(j->dtype, gi, ih * j->W + iw, load(j->dtype, gi, ih * j->W + iw) + v);
            }
        }
    }
}

/* Validates x [N, C, H, W] and y [N, C, OH, OW] (contiguous, one floating dtype) and the parameters. */
static agn_status validate(const agn_tensor *x, const agn_tensor *y, const agn_pool2d_params *p, pool_job *j) {
    if (!x || !y || !p) return AGN_ERR_NULL_ARGUMENT;
    const agn_tensor *ops[2] = {x, y};
    for (int i = 0; i < 2; i++) {
        agn_status s = agn_check_tensor(ops[i]);
        if (s != AGN_OK) return s;
        if (ops[i]->ndim != 4) return AGN_ERR_SHAPE;
        if (!agn_is_contiguous(ops[i])) return AGN_ERR_INVALID_ARGUMENT;
    }
    if (x->dtype != y->dtype || !agn_is_floating(x->dtype)) return AGN_ERR_DTYPE;
    if (x->shape[0] != y->shape[0] || x->shape[1] != y->shape[1]) return AGN_ERR_SHAPE;
    if (!p->adaptive && (p->kernel_h < 1 || p->kernel_w < 1 || p->stride_h < 1 || p->stride_w < 1 ||
                         p->dilation_h < 1 || p->dilation_w < 1 || p->pad_h < 0 || p->pad_w < 0))
        return AGN_ERR_INVALID_ARGUMENT;
    memset(j, 0, sizeof *j);
    j->p = p, j->dtype = x->dtype;
    j->H = x->shape[2], j->W = x->shape[3], j->OH = y->shape[2], j->OW = y->shape[3];
    return AGN_OK;
}

static int64_t grain(const pool_job *j) {
    int64_t per = (j->OH * j->OW + j->H * j->W) * 4 + 1;
    return per >= AGN_GRAIN_ELEMENTWISE ? 1 : AGN_GRAIN_ELEMENTWISE / per;
}

agn_status agn_max_pool2d(const agn_tensor *input, const agn_tensor *out, const agn_tensor *indices,
                          const agn_pool2d_params *p) {
    agn_enter();
    pool_job j;
    agn_status st = validate(input, out, p, &j);
    if (st != AGN_OK) return st;
    if (!indices) return AGN_ERR_NULL_ARGUMENT;
    if ((st = agn_check_tensor(indices)) != AGN_OK) return st;
    if (indices->dtype != AGN_DTYPE_INT64) return AGN_ERR_DTYPE;
    if (!agn_same_shape(indices, out)) return AGN_ERR_SHAPE;
    if (!agn_is_contiguous(indices)) return AGN_ERR_INVALID_ARGUMENT;
    if (agn_numel(out) == 0) return AGN_OK;
    j.x = (const char *)input->data, j.y = (char *)out->data, j.idx = (agn_i64 *)indices->data;
    agn_parallel_for(input->shape[0] * input->shape[1], grain(&j), max_planes, &j);
    return AGN_OK;
}

agn_status agn_avg_pool2d(const agn_tensor *input, const agn_tensor *out, const agn_pool2d_params *p) {
    agn_enter();
    pool_job j;
    agn_status st = validate(input, out, p, &j);
    if (st != AGN_OK) return st;
    if (agn_numel(out) == 0) return AGN_OK;
    j.x = (const char *)input->data, j.y = (char *)out->data;
    agn_parallel_for(input->shape[0] * input->shape[1], grain(&j), avg_planes, &j);
    return AGN_OK;
}

agn_status agn_avg_pool2d_backward(const agn_tensor *grad_out, const agn_tensor *grad_input,
                                   const agn_pool2d_params *p) {
    agn_enter();
    pool_job j;
    agn_status st = validate(grad_input, grad_out, p, &j);
    if (st != AGN_OK) return st;
    if (agn_numel(grad_input) == 0) return AGN_OK;
    j.x = (const char *)grad_out->data, j.y = (char *)grad_input->data;
    agn_parallel_for(grad_input->shape[0] * grad_input->shape[1], grain(&j), avg_back_planes, &j);
    return AGN_OK;
}
