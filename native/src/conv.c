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
 * another on the caller and each GEMM is threaded instead. The weight gradient sums over samples:
 * the samples fall into at most CONV_WGRAD_GROUPS groups fixed by N alone, each group sums its
 * samples' products in order into its own partial, reading grad_out[n] in place, and the partials
 * are added in group order. Every output element is therefore computed the same way whatever the
 * thread count (Note [Parallel determinism] in parallel.c).
 *
 * Scratch rows are cols_ld elements apart, an odd number of cache lines: with L * size a multiple
 * of 4 KB (a 32 x 32 output) every row of the column matrix would map to the same L1 set, and the
 * GEMM kernel, which reads one line from each of K rows, would miss L1 on every line.
 *
 * Padding: ph / pw rows and columns before the input; the bottom and right padding is whatever the
 * output size implies (so PyTorch's asymmetric 'same' padding needs nothing more). A 1x1 kernel
 * with stride 1 and no padding over an output of the input's size reads the input as its own
 * columns. */
#include "internal.h"
#include "matmul_kernels.h"

#include <stdatomic.h>
#include <string.h>

/* Below this many multiply-adds per region a second thread does not pay (matmul.c's rule). */
#define CONV_PARALLEL_MACS (1 << 19)
/* The weight gradient's sample groups (at most): enough for dynamic hand-out to balance two or
 * four threads, few enough that adding the partials costs little. */
#define CONV_WGRAD_GROUPS 8

typedef struct conv_geom {
    int64_t N, C, H, W, Co, KH, KW, OH, OW;
    int64_t G, Cg, Cog, L, kdim, rows; /* rows = C * KH * KW: one sample's column rows */
    int64_t ld;                         /* elements between rows of the scratch columns */
    int64_t yn, yc, yl;                 /* grad_out's strides: sample, channel, pixel */
    int64_t sh, sw, ph, pw, dh, dw, es;
    int32_t dtype;
    int32_t direct; /* the input is its own column matrix */
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

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static inline int64_t cdiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/* Output columns [*o0, *o1) whose input column o*s + off lies in [0, W). */
static void valid_range(int64_t off, int64_t s, int64_t W, int64_t OW, int64_t *o0, int64_t *o1) {
    int64_t lo = off >= 0 ? 0 : s == 1 ? -off : cdiv(-off, s);
    int64_t hi = W - off <= 0 ? 0 : s == 1 ? W - off : cdiv(W - off, s);
    *o0 = min64(lo, OW);
    *o1 = max64(*o0, min64(hi, OW));
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

/* The adjoint: adds one sample's columns (rows of ld elements) into its zeroed grad_input
 * [C][H][W], row after row, so the sums' order is fixed. */
#define COL2IM(NAME, T)                                                                            \
    static void NAME(const conv_geom *g, const char *cs, char *xs, int64_t ld) {                   \
        const T *col = (const T *)(const void *)cs;                                                \
        T *x = (T *)(void *)xs;                                                                    \
        const int64_t OW = g->OW, sw = g->sw, row_step = g->sh * g->W;                             \
        for (int64_t c = 0; c < g->C; c++)                                                         \
            for (int64_t kh = 0; kh < g->KH; kh++) {                                               \
                int64_t h0, h1, top = kh * g->dh - g->ph;                                          \
                valid_range(top, g->sh, g->H, g->OH, &h0, &h1);                                    \
                for (int64_t kw = 0; kw < g->KW; kw++) {                                           \
                    const T *row = col + ((c * g->KH + kh) * g->KW + kw) * ld;                     \
                    int64_t off = kw * g->dw - g->pw, o0, o1;                                      \
                    valid_range(off, sw, g->W, OW, &o0, &o1);                                      \
                    T *dst = x + (c * g->H + h0 * g->sh + top) * g->W + off;                       \
                    for (int64_t oh = h0; oh < h1; oh++, dst += row_step) {                        \
                        const T *restrict src = row + oh * OW;                                     \
                        T *restrict d = dst;                                                       \
                        if (sw == 1)                                                               \
                            for (int64_t o = o0; o < o1; o++) d[o] += src[o];                      \
                        else                                                                       \
                            for (int64_t o = o0; o < o1; o++) d[o * sw] += src[o];                 \
                    }                                                                              \
                }                                                                                  \
            }                                                                                      \
    }
COL2IM(col2im_f32, agn_f32)
COL2IM(col2im_f64, agn_f64)

static void im2col(const conv_geom *g, const char *x, char *cols, int64_t ld) {
    if (g->es == 4) im2col_32(g, x, cols, ld);
    else im2col_64(g, x, cols, ld);
}

/* C[M x N] (+)= A[M x K] @ B[K x N] through agn_matmul; strides in elements, C rows contiguous. */
static agn_status gemm(int32_t dtype, const char *a, int64_t a_rs, int64_t a_ks, const char *b,
                       int64_t b_ks, int64_t b_ns, char *c, int64_t c_rs, int64_t M, int64_t K,
                       int64_t N, int32_t accumulate) {
    int64_t as[3] = {1, M, K}, bs[3] = {1, K, N}, cs[3] = {1, M, N};
    int64_t ast[3] = {0, a_rs, a_ks}, bst[3] = {0, b_ks, b_ns}, cst[3] = {0, c_rs, 1};
    agn_tensor ta = {(void *)a, as, ast, 3, dtype}, tb = {(void *)b, bs, bst, 3, dtype};
    agn_tensor tc = {c, cs, cst, 3, dtype};
    return agn_matmul(&ta, &tb, &tc, accumulate);
}

/* This thread's column scratch, at least bytes long, or NULL when out of memory. */
static char *cols_scratch(size_t bytes) {
    agn_mm_scratch *s = agn_mm_scratch_get();
    if (!s || !agn_mm_scratch_grow(&s->cols, &s->cols_cap, bytes)) return NULL;
    return (char *)s->cols;
}

static void fail(conv_job *j, agn_status st) {
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

static void forward_samples(void *ctx, int64_t begin, int64_t end) {
    conv_job *j = (conv_job *)ctx;
    const conv_geom *g = &j->g;
    for (int64_t n = begin; n < end && atomic_load(&j->status) == AGN_OK; n++) {
        const char *x = j->x + n * g->C * g->H * g->W * g->es, *cols = x;
        char *o = j->y + n * g->Co * g->L * g->es;
        int64_t ld = g->direct ? g->L : g->ld;
        if (!g->direct) {
            char *buf = cols_scratch((size_t)(g->rows * ld * g->es));
            if (!buf) { fail(j, AGN_ERR_OUT_OF_MEMORY); return; }
            im2col(g, x, buf, ld);
            cols = buf;
        }
        if (j->bias) fill_bias(j, o);
        for (int64_t gi = 0; gi < g->G; gi++) {
            agn_status st = gemm(g->dtype, j->w + gi * g->Cog * g->kdim * g->es, g->kdim, 1,
                                 cols + gi * g->kdim * ld * g->es, ld, 1,
                                 o + gi * g->Cog * g->L * g->es, g->L, g->Cog, g->kdim, g->L,
                                 j->bias != NULL);
            if (st != AGN_OK) { fail(j, st); return; }
        }
    }
}

static void input_grad_samples(void *ctx, int64_t begin, int64_t end) {
    conv_job *j = (conv_job *)ctx;
    const conv_geom *g = &j->g;
    for (int64_t n = begin; n < end && atomic_load(&j->status) == AGN_OK; n++) {
        const char *go = j->x + n * g->yn * g->es;
        char *gi_n = j->y + n * g->C * g->H * g->W * g->es, *cols = gi_n;
        int64_t ld = g->direct ? g->L : g->ld;
        if (!g->direct) {
            cols = cols_scratch((size_t)(g->rows * ld * g->es));
            if (!cols) { fail(j, AGN_ERR_OUT_OF_MEMORY); return; }
        }
        for (int64_t gr = 0; gr < g->G; gr++) { /* cols[g] = W[g]^T @ grad_out[n, g] */
            agn_status st = gemm(g->dtype, j->w + gr * g->Cog * g->kdim * g->es, 1, g->kdim,
                                 go + gr * g->Cog * g->yc * g->es, g->yc, g->yl,
                                 cols + gr * g->kdim * ld * g->es, ld, g->kdim, g->Cog, g->L, 0);
            if (st != AGN_OK) { fail(j, st); return; }
        }
        if (g->direct) continue;
        memset(gi_n, 0, (size_t)(g->C * g->H * g->W * g->es));
        if (g->dtype == AGN_DTYPE_FLOAT32) col2im_f32(g, cols, gi_n, ld);
        else col2im_f64(g, cols, gi_n, ld);
    }
}

/* Weight gradient, group q: gW_q = sum over its samples n, in order, of grad_out[n] @ cols[n]^T
 * per conv group, into grad_weight (q = 0) or partial q. x is the input, y grad_out. */
static agn_status wgrad_group(const conv_job *j, int64_t q, char *cols) {
    const conv_geom *g = &j->g;
    int64_t n0 = q * j->per, n1 = min64(g->N, n0 + j->per), ld = g->direct ? g->L : g->ld;
    char *dst = q == 0 ? j->gw : j->part + (q - 1) * g->Co * g->kdim * g->es;
    for (int64_t n = n0; n < n1; n++) {
        const char *x = j->x + n * g->C * g->H * g->W * g->es, *cs = x;
        if (!g->direct) {
            im2col(g, x, cols, ld);
            cs = cols;
        }
        const char *go = j->y + n * g->yn * g->es;
        for (int64_t gr = 0; gr < g->G; gr++) { /* gW[g] (+)= grad_out[n, g] @ cols[g]^T */
            agn_status st = gemm(g->dtype, go + gr * g->Cog * g->yc * g->es, g->yc, g->yl,
                                 cs + gr * g->kdim * ld * g->es, 1, ld,
                                 dst + gr * g->Cog * g->kdim * g->es, g->kdim, g->Cog, g->L,
                                 g->kdim, n > n0);
            if (st != AGN_OK) return st;
        }
    }
    return AGN_OK;
}

/* Bytes of the partials at the head of the caller's column scratch. */
static int64_t wgrad_part_bytes(const conv_job *j) {
    return (j->groups - 1) * j->g.Co * j->g.kdim * j->g.es;
}

/* Each thread claims groups until none are left; its columns follow the partials' bytes in its
 * scratch (the caller's scratch holds the partials themselves, grown before the region). */
static void wgrad_groups(void *ctx, int64_t begin, int64_t end) {
    conv_job *j = (conv_job *)ctx;
    const conv_geom *g = &j->g;
    (void)begin, (void)end; /* one call per thread */
    int64_t part = wgrad_part_bytes(j);
    char *buf = cols_scratch((size_t)(part + g->rows * g->ld * g->es));
    if (!buf) { fail(j, AGN_ERR_OUT_OF_MEMORY); return; }
    for (;;) {
        int64_t q = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
        if (q >= j->groups || atomic_load(&j->status) != AGN_OK) return;
        agn_status st = wgrad_group(j, q, buf + part);
        if (st != AGN_OK) { fail(j, st); return; }
    }
}

/* gW[i] += partial 1 [i] + partial 2 [i] + ..., in that order, for i in [begin, end). */
static void wgrad_sum(void *ctx, int64_t begin, int64_t end) {
    const conv_job *j = (const conv_job *)ctx;
    int64_t size = j->g.Co * j->g.kdim;
    for (int64_t q = 1; q < j->groups; q++)
        if (j->g.dtype == AGN_DTYPE_FLOAT32) {
            agn_f32 *w = (agn_f32 *)(void *)j->gw;
            const agn_f32 *p = (const agn_f32 *)(const void *)j->part + (q - 1) * size;
            for (int64_t i = begin; i < end; i++) w[i] += p[i];
        } else {
            agn_f64 *w = (agn_f64 *)(void *)j->gw;
            const agn_f64 *p = (const agn_f64 *)(const void *)j->part + (q - 1) * size;
            for (int64_t i = begin; i < end; i++) w[i] += p[i];
        }
}

/* Checks the three 4-d operands (x [N,C,H,W], w [Co,C/G,KH,KW], y [N,Co,OH,OW]) and fills *g.
 * y_strided: y is grad_out, which the GEMMs read in place, so any strides do whose pixels are
 * evenly spaced (a sum's broadcast gradient, all strides 0, is never copied). */
static agn_status validate(const agn_tensor *x, const agn_tensor *w, const agn_tensor *y,
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
    int64_t line = 64 / g->es, lines = cdiv(g->L, line);
    g->ld = (lines | 1) * line;
    return AGN_OK;
}

/* Runs fn over the samples: split across threads when there are at least as many samples as
 * threads and enough work, else one after another with each GEMM threaded. */
static agn_status run_samples(conv_job *j, agn_range_fn fn) {
    const conv_geom *g = &j->g;
    atomic_init(&j->status, AGN_OK);
    double macs = (double)g->Co * (double)g->kdim * (double)g->L;
    int64_t grain = macs >= CONV_PARALLEL_MACS ? 1 : (int64_t)(CONV_PARALLEL_MACS / max64(1, (int64_t)macs));
    if (g->N >= agn_get_num_threads()) agn_parallel_for(g->N, grain, fn, j);
    else fn(j, 0, g->N);
    return (agn_status)atomic_load(&j->status);
}

agn_status agn_conv2d(const agn_tensor *input, const agn_tensor *weight, const agn_tensor *bias,
                      const agn_tensor *out, const agn_conv2d_params *p) {
    agn_enter();
    conv_job j;
    memset(&j, 0, sizeof j);
    agn_status st = validate(input, weight, out, p, &j.g, 0);
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
    return run_samples(&j, forward_samples);
}

agn_status agn_conv2d_backward_input(const agn_tensor *grad_out, const agn_tensor *weight,
                                     const agn_tensor *grad_input, const agn_conv2d_params *p) {
    agn_enter();
    conv_job j;
    memset(&j, 0, sizeof j);
    agn_status st = validate(grad_input, weight, grad_out, p, &j.g, 1);
    if (st != AGN_OK) return st;
    int64_t in_bytes = agn_numel(grad_input) * j.g.es;
    if (j.g.Co == 0 || j.g.L == 0 || j.g.kdim == 0) { /* nothing reaches the input */
        if (in_bytes) memset(grad_input->data, 0, (size_t)in_bytes);
        return AGN_OK;
    }
    if (j.g.N == 0) return AGN_OK;
    j.x = (const char *)grad_out->data, j.w = (const char *)weight->data;
    j.y = (char *)grad_input->data;
    return run_samples(&j, input_grad_samples);
}

agn_status agn_conv2d_backward_weight(const agn_tensor *grad_out, const agn_tensor *input,
                                      const agn_tensor *grad_weight, const agn_conv2d_params *p) {
    agn_enter();
    conv_job j;
    memset(&j, 0, sizeof j);
    agn_status st = validate(input, grad_weight, grad_out, p, &j.g, 1);
    if (st != AGN_OK) return st;
    const conv_geom *g = &j.g;
    int64_t w_bytes = agn_numel(grad_weight) * g->es;
    if (w_bytes == 0) return AGN_OK;
    if (g->N == 0 || g->L == 0) { /* an empty sum */
        memset(grad_weight->data, 0, (size_t)w_bytes);
        return AGN_OK;
    }
    j.x = (const char *)input->data, j.y = (char *)grad_out->data;
    j.gw = (char *)grad_weight->data;
    j.per = cdiv(g->N, min64(g->N, CONV_WGRAD_GROUPS));
    j.groups = cdiv(g->N, j.per);
    atomic_init(&j.status, AGN_OK);
    atomic_init(&j.next, 0);
    int64_t part = wgrad_part_bytes(&j);
    char *buf = cols_scratch((size_t)(part + g->rows * g->ld * g->es));
    if (!buf) return AGN_ERR_OUT_OF_MEMORY;
    j.part = buf;
    double macs = (double)g->N * (double)g->Co * (double)g->kdim * (double)g->L;
    int32_t threads = agn_get_num_threads();
    if (j.groups >= threads && macs >= CONV_PARALLEL_MACS)
        agn_parallel_for(threads, 1, wgrad_groups, &j);
    else
        wgrad_groups(&j, 0, 1); /* each GEMM threaded instead */
    if ((st = (agn_status)atomic_load(&j.status)) != AGN_OK) return st;
    int64_t size = g->Co * g->kdim;
    if (j.groups > 1) agn_parallel_for(size, max64(1, (1 << 16) / j.groups), wgrad_sum, &j);
    return AGN_OK;
}

/* ---- F.unfold / F.fold: the column matrix itself (im2col) and its adjoint (col2im) ----------- */

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
            im2col(g, j->src + n * plane, j->dst + n * cols, g->L);
            continue;
        }
        memset(j->dst + n * plane, 0, (size_t)plane);
        if (g->dtype == AGN_DTYPE_FLOAT32) col2im_f32(g, j->src + n * cols, j->dst + n * plane, g->L);
        else col2im_f64(g, j->src + n * cols, j->dst + n * plane, g->L);
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
    int64_t per = max64(1, g->rows * g->L);
    agn_parallel_for(g->N, max64(1, (int64_t)(1 << 16) / per), fold_samples, &j);
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
