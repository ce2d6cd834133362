/* agn_conv2d and its input and weight gradients: im2col + the library's GEMM (matmul.c).
 *
 * Layout: input [N, C, H, W], weight [Co, C/G, KH, KW], output [N, Co, OH, OW], all contiguous.
 * The column matrix of one sample has a row per (channel, kh, kw) — (c * KH + kh) * KW + kw, so
 * the rows of group g are one block of kdim = C/G * KH * KW rows — and a column per output pixel
 * (L = OH * OW): element (row, oh * OW + ow) is x[c, oh*sh - ph + kh*dh, ow*sw - pw + kw*dw], 0
 * outside the input. Then, per group g:
 *   forward       out[n, g]  = W[g] [Cog x kdim] @ cols[g] [kdim x L]         (+ bias first)
 *   input grad    cols[g]    = W[g]^T @ grad_out[n, g], then col2im adds cols into grad_input[n]
 *   weight grad   gW[g]      = sum over n of grad_out[n, g] @ cols[n, g]^T
 * Every kernel runs sample by sample: each thread builds one sample's columns in its thread-local
 * scratch (they stay in its L2) and runs the GEMMs on them (agn_matmul runs serially when called
 * inside a parallel region). With fewer samples (or sample groups) than threads they run one after
 * another on the caller and each GEMM is threaded instead. The weight gradient sums over samples
 * in groups fixed by N alone (conv_wgrad.c). Every output element is therefore computed the same
 * way whatever the thread count (Note [Parallel determinism] in parallel.c).
 *
 * Files: this one (validation, forward, input gradient), conv_wgrad.c (weight gradient),
 * conv_cols.c (im2col / col2im, and F.unfold / F.fold on them), conv_implicit.c and
 * conv_direct_avx2.c (paths without the column matrix, same bits), conv.h (what they share).
 *
 * Scratch rows are cols_ld elements apart, an odd number of cache lines: with L * size a multiple
 * of 4 KB (a 32 x 32 output) every row of the column matrix would map to the same L1 set, and the
 * GEMM kernel, which reads one line from each of K rows, would miss L1 on every line.
 *
 * Padding: ph / pw rows and columns before the input; the bottom and right padding is whatever the
 * output size implies (so PyTorch's asymmetric 'same' padding needs nothing more). A 1x1 kernel
 * with stride 1 and no padding over an output of the input's size reads the input as its own
 * columns. */
#include "conv.h"
#include "matmul_kernels.h"

#include <string.h>

/* Input channels up to which the forward may skip the columns (direct_fits). */
#define CONV_DIRECT_MAX_C 8

agn_status agn_conv_gemm(int32_t dtype, const char *a, int64_t a_rs, int64_t a_ks, const char *b,
                         int64_t b_ks, int64_t b_ns, char *c, int64_t c_rs, int64_t M, int64_t K,
                         int64_t N, int32_t accumulate) {
    int64_t as[3] = {1, M, K}, bs[3] = {1, K, N}, cs[3] = {1, M, N};
    int64_t ast[3] = {0, a_rs, a_ks}, bst[3] = {0, b_ks, b_ns}, cst[3] = {0, c_rs, 1};
    agn_tensor ta = {(void *)a, as, ast, 3, dtype}, tb = {(void *)b, bs, bst, 3, dtype};
    agn_tensor tc = {c, cs, cst, 3, dtype};
    return agn_matmul(&ta, &tb, &tc, accumulate);
}

char *agn_conv_scratch(size_t bytes) {
    agn_mm_scratch *s = agn_mm_scratch_get();
    if (!s || !agn_mm_scratch_grow(&s->cols, &s->cols_cap, bytes)) return NULL;
    return (char *)s->cols;
}

void agn_conv_fail(conv_job *j, agn_status st) {
    int expected = AGN_OK;
    atomic_compare_exchange_strong(&j->status, &expected, (int)st);
}

/* out rows [Co][L] of one sample = bias[co]. */
static void fill_bias(const conv_job *j, char *o) {
    const conv_geom *g = &j->g;
    for (int64_t co = 0; co < g->Co; co++)
        if (g->dtype == AGN_DTYPE_FLOAT32) {
            float v = *(const agn_f32 *)(const void *)(j->bias + co * j->bias_stride * 4);
            agn_f32 *r = (agn_f32 *)(void *)(o + co * g->L * 4);
            for (int64_t l = 0; l < g->L; l++) r[l] = v;
        } else {
            double v = *(const agn_f64 *)(const void *)(j->bias + co * j->bias_stride * 8);
            agn_f64 *r = (agn_f64 *)(void *)(o + co * g->L * 8);
            for (int64_t l = 0; l < g->L; l++) r[l] = v;
        }
}

/* Populates the pages of samples [begin, end) of a fresh output (prefault.c) with a system call per
 * chunk instead of a page fault per page; each thread does its own samples. */
static void prefault_samples(char *base, int64_t per_sample, int64_t begin, int64_t end) {
    uintptr_t lo = (uintptr_t)(base + begin * per_sample), hi = (uintptr_t)(base + end * per_sample);
    uintptr_t page = 4096; /* inward to whole pages: never another thread's samples */
    lo = (lo + page - 1) & ~(page - 1), hi &= ~(page - 1);
    if (hi > lo && hi - lo >= ((uintptr_t)64 << 10)) agn_prefault_range((char *)lo, hi - lo);
}

static void forward_samples(void *ctx, int64_t begin, int64_t end) {
    conv_job *j = (conv_job *)ctx;
    const conv_geom *g = &j->g;
    prefault_samples(j->y, g->Co * g->L * g->es, begin, end);
    for (int64_t n = begin; n < end && atomic_load(&j->status) == AGN_OK; n++) {
        const char *x = j->x + n * g->C * g->H * g->W * g->es, *cols = x;
        char *o = j->y + n * g->Co * g->L * g->es;
#ifdef AGN_HAVE_AVX2
        if (g->direct_f32) {
            float *pad = NULL;
            if (agn_conv_direct_pads(g) &&
                !(pad = (float *)(void *)agn_conv_scratch((size_t)agn_conv_direct_pad_floats(g) * 4))) {
                agn_conv_fail(j, AGN_ERR_OUT_OF_MEMORY);
                return;
            }
            agn_conv_direct_f32_avx2(g, (const float *)(const void *)x, (const float *)(const void *)j->w,
                                     (const float *)(const void *)j->bias, (float *)(void *)o, pad);
            continue;
        }
#endif
        if (g->implicit) {
            char *buf = agn_conv_scratch(agn_conv_implicit_fwd_bytes(g));
            if (!buf) { agn_conv_fail(j, AGN_ERR_OUT_OF_MEMORY); return; }
            agn_conv_implicit_fwd(g, x, j->w, j->bias, j->bias_stride, o, buf);
            continue;
        }
        int64_t ld = g->direct ? g->L : g->ld;
        if (!g->direct) {
            char *buf = agn_conv_scratch((size_t)(g->rows * ld * g->es));
            if (!buf) { agn_conv_fail(j, AGN_ERR_OUT_OF_MEMORY); return; }
            agn_conv_im2col(g, x, buf, ld);
            cols = buf;
        }
        if (j->bias) fill_bias(j, o);
        for (int64_t gi = 0; gi < g->G; gi++) {
            agn_status st = agn_conv_gemm(g->dtype, j->w + gi * g->Cog * g->kdim * g->es, g->kdim, 1,
                                          cols + gi * g->kdim * ld * g->es, ld, 1,
                                          o + gi * g->Cog * g->L * g->es, g->L, g->Cog, g->kdim,
                                          g->L, j->bias != NULL);
            if (st != AGN_OK) { agn_conv_fail(j, st); return; }
        }
    }
}

static void input_grad_samples(void *ctx, int64_t begin, int64_t end) {
    conv_job *j = (conv_job *)ctx;
    const conv_geom *g = &j->g;
    prefault_samples(j->y, g->C * g->H * g->W * g->es, begin, end);
    for (int64_t n = begin; n < end && atomic_load(&j->status) == AGN_OK; n++) {
        const char *go = j->x + n * g->yn * g->es;
        char *gi_n = j->y + n * g->C * g->H * g->W * g->es, *cols = gi_n;
        if (g->implicit) {
            char *buf = agn_conv_scratch(agn_conv_implicit_igrad_bytes(g));
            if (!buf) { agn_conv_fail(j, AGN_ERR_OUT_OF_MEMORY); return; }
            agn_conv_implicit_igrad(g, go, j->w, gi_n, buf);
            continue;
        }
        int64_t ld = g->direct ? g->L : g->ld;
        if (!g->direct) {
            cols = agn_conv_scratch((size_t)(g->rows * ld * g->es));
            if (!cols) { agn_conv_fail(j, AGN_ERR_OUT_OF_MEMORY); return; }
        }
        for (int64_t gr = 0; gr < g->G; gr++) { /* cols[g] = W[g]^T @ grad_out[n, g] */
            agn_status st = agn_conv_gemm(g->dtype, j->w + gr * g->Cog * g->kdim * g->es, 1, g->kdim,
                                          go + gr * g->Cog * g->yc * g->es, g->yc, g->yl,
                                          cols + gr * g->kdim * ld * g->es, ld, g->kdim, g->Cog,
                                          g->L, 0);
            if (st != AGN_OK) { agn_conv_fail(j, st); return; }
        }
        if (g->direct) continue;
        memset(gi_n, 0, (size_t)(g->C * g->H * g->W * g->es));
        agn_conv_col2im(g, cols, gi_n, ld, 0, g->rows);
    }
}

agn_status agn_conv_validate(const agn_tensor *x, const agn_tensor *w, const agn_tensor *y,
                             const agn_conv2d_params *p, conv_geom *g, int y_strided) {
    if (!x || !w || !y || !p) return AGN_ERR_NULL_ARGUMENT;
    const agn_tensor *ops[3] = {x, w, y};
    for (int i = 0; i < 3; i++) {
        agn_status s = agn_check_tensor(ops[i]);
        if (s != AGN_OK) return s;
        if (ops[i]->ndim != 4) return AGN_ERR_SHAPE;
        if (ops[i]->dtype != x->dtype) return AGN_ERR_DTYPE;
        if (i == 2 && y_strided) {
            if (y->shape[2] > 1 && y->strides[2] != y->strides[3] * y->shape[3])
                return AGN_ERR_INVALID_ARGUMENT;
        } else if (!agn_is_contiguous(ops[i])) {
            return AGN_ERR_INVALID_ARGUMENT;
        }
    }
    if (!agn_is_floating(x->dtype)) return AGN_ERR_DTYPE;
    if (p->stride_h < 1 || p->stride_w < 1 || p->dilation_h < 1 || p->dilation_w < 1 ||
        p->pad_h < 0 || p->pad_w < 0 || p->groups < 1)
        return AGN_ERR_INVALID_ARGUMENT;
    memset(g, 0, sizeof *g);
    g->N = x->shape[0], g->C = x->shape[1], g->H = x->shape[2], g->W = x->shape[3];
    g->Co = w->shape[0], g->KH = w->shape[2], g->KW = w->shape[3];
    g->OH = y->shape[2], g->OW = y->shape[3];
    g->G = p->groups;
    if (g->C % g->G || g->Co % g->G || w->shape[1] * g->G != g->C || y->shape[0] != g->N ||
        y->shape[1] != g->Co)
        return AGN_ERR_SHAPE;
    g->Cg = g->C / g->G, g->Cog = g->Co / g->G, g->L = g->OH * g->OW;
    g->kdim = g->Cg * g->KH * g->KW, g->rows = g->C * g->KH * g->KW;
    g->sh = p->stride_h, g->sw = p->stride_w, g->ph = p->pad_h, g->pw = p->pad_w;
    g->dh = p->dilation_h, g->dw = p->dilation_w;
    g->dtype = x->dtype, g->es = agn_dtype_size(x->dtype);
    g->direct = g->KH == 1 && g->KW == 1 && g->sh == 1 && g->sw == 1 && g->ph == 0 &&
                g->pw == 0 && g->OH == g->H && g->OW == g->W;
    g->yn = y->strides[0], g->yc = y->strides[1], g->yl = y->strides[3];
    int64_t line = 64 / g->es, lines = conv_cdiv(g->L, line);
    g->ld = (lines | 1) * line;
    return AGN_OK;
}

/* Whether the float32 forward and weight gradient run without columns (conv_direct_avx2.c): on AVX2,
 * stride and dilation 1, one group, a kernel wider than 1x1 over at most CONV_DIRECT_MAX_C channels
 * (where im2col costs about what the GEMM does), output rows of at least one 8-wide run. The forward
 * also needs the shapes where the GEMM would run one FMA chain per output from zero over K in one
 * block (kdim <= 256, more than the small-K and matrix-vector paths' K and M), so its bits do not
 * change. Geometry only: never the thread count. */
int agn_conv_direct_fits(const conv_geom *g) {
#ifdef AGN_HAVE_AVX2
    return g->dtype == AGN_DTYPE_FLOAT32 && agn_simd_active() >= AGN_SIMD_AVX2 && g->G == 1 &&
           g->sh == 1 && g->sw == 1 && g->dh == 1 && g->dw == 1 && g->KH * g->KW > 1 &&
           g->C <= CONV_DIRECT_MAX_C && g->kdim > 4 && g->kdim <= 256 && g->Co >= 2 && g->OW >= 8;
#else
    (void)g;
    return 0;
#endif
}

/* Runs fn over the samples: split across threads when there are at least as many samples as
 * threads and enough work, else one after another with each GEMM threaded. */
static agn_status run_samples(conv_job *j, agn_range_fn fn) {
    const conv_geom *g = &j->g;
    atomic_init(&j->status, AGN_OK);
    double macs = (double)g->Co * (double)g->kdim * (double)g->L;
    int64_t grain =
        macs >= CONV_PARALLEL_MACS ? 1 : (int64_t)(CONV_PARALLEL_MACS / conv_max64(1, (int64_t)macs));
    if (g->N >= agn_get_num_threads()) agn_parallel_for(g->N, grain, fn, j);
    else fn(j, 0, g->N);
    return (agn_status)atomic_load(&j->status);
}

agn_status agn_conv2d(const agn_tensor *input, const agn_tensor *weight, const agn_tensor *bias,
                      const agn_tensor *out, const agn_conv2d_params *p) {
    agn_enter();
    conv_job j;
    memset(&j, 0, sizeof j);
    agn_status st = agn_conv_validate(input, weight, out, p, &j.g, 0);
    if (st != AGN_OK) return st;
    if (bias) {
        if ((st = agn_check_tensor(bias)) != AGN_OK) return st;
        if (bias->ndim != 1 || bias->shape[0] != j.g.Co) return AGN_ERR_SHAPE;
        if (bias->dtype != input->dtype) return AGN_ERR_DTYPE;
        j.bias = (const char *)bias->data;
        j.bias_stride = bias->strides[0];
    }
    if (j.g.N == 0 || j.g.Co == 0 || j.g.L == 0) return AGN_OK;
    j.x = (const char *)input->data, j.w = (const char *)weight->data, j.y = (char *)out->data;
    j.g.direct_f32 = agn_conv_direct_fits(&j.g) && (j.bias == NULL || j.bias_stride == 1);
    /* per sample only: with fewer samples than threads each GEMM of the column path is threaded */
    j.g.implicit = !j.g.direct_f32 && j.g.N >= agn_get_num_threads() && agn_conv_implicit_fwd_fits(&j.g);
    return run_samples(&j, forward_samples);
}

agn_status agn_conv2d_backward_input(const agn_tensor *grad_out, const agn_tensor *weight,
                                     const agn_tensor *grad_input, const agn_conv2d_params *p) {
    agn_enter();
    conv_job j;
    memset(&j, 0, sizeof j);
    agn_status st = agn_conv_validate(grad_input, weight, grad_out, p, &j.g, 1);
    if (st != AGN_OK) return st;
    int64_t in_bytes = agn_numel(grad_input) * j.g.es;
    if (j.g.Co == 0 || j.g.L == 0 || j.g.kdim == 0) { /* nothing reaches the input */
        if (in_bytes) memset(grad_input->data, 0, (size_t)in_bytes);
        return AGN_OK;
    }
    if (j.g.N == 0) return AGN_OK;
    j.x = (const char *)grad_out->data, j.w = (const char *)weight->data;
    j.y = (char *)grad_input->data;
    j.g.implicit = j.g.N >= agn_get_num_threads() && agn_conv_implicit_igrad_fits(&j.g);
    return run_samples(&j, input_grad_samples);
}
