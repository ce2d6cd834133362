/* agn_conv2d_backward_weight: gW[g] = sum over samples n of grad_out[n, g] @ cols[n, g]^T (the
 * layout at the top of conv.c). The samples fall into at most CONV_WGRAD_GROUPS groups fixed by N
 * alone; each group sums its samples' products in order into its own partial, reading grad_out[n]
 * in place, and the partials are added in group order, so every element is computed the same way
 * whatever the thread count (Note [Parallel determinism] in parallel.c). Each group's products run
 * without columns where conv_implicit.c or conv_direct_avx2.c can. */
#include "conv.h"

#include <string.h>

/* The weight gradient's sample groups (at most): enough for dynamic hand-out to balance two or
 * four threads, few enough that adding the partials costs little. */
#define CONV_WGRAD_GROUPS 8

/* Weight gradient, group q: gW_q = sum over its samples n, in order, of grad_out[n] @ cols[n]^T
 * per conv group, into grad_weight (q = 0) or partial q. x is the input, y grad_out. */
static agn_status wgrad_group(const conv_job *j, int64_t q, char *cols) {
    const conv_geom *g = &j->g;
    int64_t n0 = q * j->per, n1 = conv_min64(g->N, n0 + j->per), ld = g->direct ? g->L : g->ld;
    char *dst = q == 0 ? j->gw : j->part + (q - 1) * g->Co * g->kdim * g->es;
#ifdef AGN_HAVE_AVX2
    if (g->direct_f32) {
        agn_conv_direct_wgrad_f32_avx2(g, (const float *)(const void *)j->x, (const float *)(const void *)j->y,
                                       n0, n1, (float *)(void *)dst, (float *)(void *)cols);
        return AGN_OK;
    }
#endif
    if (g->implicit) {
        agn_conv_implicit_wgrad(g, j->x, j->y, n0, n1, dst, cols);
        return AGN_OK;
    }
    for (int64_t n = n0; n < n1; n++) {
        const char *x = j->x + n * g->C * g->H * g->W * g->es, *cs = x;
        if (!g->direct) {
            agn_conv_im2col(g, x, cols, ld);
            cs = cols;
        }
        const char *go = j->y + n * g->yn * g->es;
        for (int64_t gr = 0; gr < g->G; gr++) { /* gW[g] (+)= grad_out[n, g] @ cols[g]^T */
            agn_status st = agn_conv_gemm(g->dtype, go + gr * g->Cog * g->yc * g->es, g->yc, g->yl,
                                          cs + gr * g->kdim * ld * g->es, 1, ld,
                                          dst + gr * g->Cog * g->kdim * g->es, g->kdim, g->Cog,
                                          g->L, g->kdim, n > n0);
            if (st != AGN_OK) return st;
        }
    }
    return AGN_OK;
}

/* Bytes of the partials at the head of the caller's column scratch. */
static int64_t wgrad_part_bytes(const conv_job *j) {
    return (j->groups - 1) * j->g.Co * j->g.kdim * j->g.es;
}

/* Bytes of each thread's scratch: the partials' bytes (used by the caller's only), then the columns
 * or the lane sums of the path without columns. */
static size_t wgrad_scratch_bytes(const conv_job *j) {
    const conv_geom *g = &j->g;
    int64_t work = g->direct_f32 ? agn_conv_direct_wgrad_floats(g) * 4
                   : g->implicit ? (int64_t)agn_conv_implicit_wgrad_bytes(g)
                                 : g->rows * g->ld * g->es;
    return (size_t)(conv_cdiv(wgrad_part_bytes(j), 64) * 64 + work);
}

/* Each thread claims groups until none are left; its columns follow the partials' bytes in its
 * scratch (the caller's scratch holds the partials themselves, grown before the region). */
static void wgrad_groups(void *ctx, int64_t begin, int64_t end) {
    conv_job *j = (conv_job *)ctx;
    (void)begin, (void)end; /* one call per thread */
    int64_t part = conv_cdiv(wgrad_part_bytes(j), 64) * 64; /* the columns start on a cache line */
    char *buf = agn_conv_scratch(wgrad_scratch_bytes(j));
    if (!buf) { agn_conv_fail(j, AGN_ERR_OUT_OF_MEMORY); return; }
    for (;;) {
        int64_t q = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
        if (q >= j->groups || atomic_load(&j->status) != AGN_OK) return;
        agn_status st = wgrad_group(j, q, buf + part);
        if (st != AGN_OK) { agn_conv_fail(j, st); return; }
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

agn_status agn_conv2d_backward_weight(const agn_tensor *grad_out, const agn_tensor *input,
                                      const agn_tensor *grad_weight, const agn_conv2d_params *p) {
    agn_enter();
    conv_job j;
    memset(&j, 0, sizeof j);
    agn_status st = agn_conv_validate(input, grad_weight, grad_out, p, &j.g, 1);
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
    j.per = conv_cdiv(g->N, conv_min64(g->N, CONV_WGRAD_GROUPS));
    j.groups = conv_cdiv(g->N, j.per);
    atomic_init(&j.status, AGN_OK);
    atomic_init(&j.next, 0);
    j.g.direct_f32 = agn_conv_direct_fits(g) && g->yl == 1;
    int32_t threads = agn_get_num_threads();
    /* one thread per group: with fewer groups than threads each GEMM of the column path is threaded */
    j.g.implicit = !g->direct_f32 && (j.groups >= threads || threads == 1) && agn_conv_implicit_wgrad_fits(g);
    char *buf = agn_conv_scratch(wgrad_scratch_bytes(&j));
    if (!buf) return AGN_ERR_OUT_OF_MEMORY;
    j.part = buf;
    double macs = (double)g->N * (double)g->Co * (double)g->kdim * (double)g->L;
    if (j.groups >= threads && macs >= CONV_PARALLEL_MACS)
        agn_parallel_for(threads, 1, wgrad_groups, &j);
    else
        wgrad_groups(&j, 0, 1); /* each GEMM threaded instead */
    if ((st = (agn_status)atomic_load(&j.status)) != AGN_OK) return st;
    int64_t size = g->Co * g->kdim;
    if (j.groups > 1) agn_parallel_for(size, conv_max64(1, (1 << 16) / j.groups), wgrad_sum, &j);
    return AGN_OK;
}
