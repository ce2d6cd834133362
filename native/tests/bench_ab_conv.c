/* Paired A/B of the three convolution kernels (forward with bias, input gradient, weight gradient)
 * from two builds of the library, on the shapes of the Conv and LeNet benchmarks, timed in
 * alternating slices as bench_ab_matmul does (see there); the verdict per kernel is the median of the
 * per-slice time ratios A/B (> 1: B is faster). Not run by ctest.
 *
 *   bench_ab_conv libA.so libB.so threads [slices [case]]
 *
 * case picks rows whose "shape/kernel" contains it, e.g. conv3to32/ or /wgrad.
 *
 * Pass the same library twice to see the noise floor. AGN_BENCH_CLOCK=cpu times with the process's CPU
 * time instead of wall time: at threads=1 that is immune to other jobs taking the core away. */
#define _GNU_SOURCE
#include "autograd_native.h"
#include "bench.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef agn_status (*fwd_fn)(const agn_tensor *, const agn_tensor *, const agn_tensor *,
                             const agn_tensor *, const agn_conv2d_params *);
typedef agn_status (*bwd_fn)(const agn_tensor *, const agn_tensor *, const agn_tensor *,
                             const agn_conv2d_params *);
typedef void (*set_threads_fn)(int32_t);

typedef struct lib {
    fwd_fn fwd;
    bwd_fn bin, bw;
} lib;

typedef struct shape {
    const char *name;
    int64_t n, c, h, w, co, k, pad, oh, ow;
} shape;

static float *filled(int64_t n, int64_t salt) {
    float *p = aligned_alloc(64, (size_t)((n * 4 + 63) & ~63LL));
    if (!p) exit(1);
    for (int64_t i = 0; i < n; i++) p[i] = (float)((i * salt) % 1000) / 1000.0f - 0.5f;
    return p;
}

static void *sym(void *h, const char *name) {
    void *s = dlsym(h, name);
    if (!s) {
        fprintf(stderr, "missing %s\n", name);
        exit(1);
    }
    return s;
}

/* One kernel call: 0 forward, 1 input gradient, 2 weight gradient. */
static void call(const lib *l, int kernel, agn_tensor *x, agn_tensor *w, agn_tensor *b, agn_tensor *y,
                 const agn_conv2d_params *p) {
    agn_status st = kernel == 0   ? l->fwd(x, w, b, y, p)
                    : kernel == 1 ? l->bin(y, w, x, p)
                                  : l->bw(y, x, w, p);
    if (st != AGN_OK) {
        fprintf(stderr, "status %d\n", (int)st);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s libA.so libB.so threads [slices [case]]\n", argv[0]);
        return 2;
    }
    lib libs[2];
    for (int i = 0; i < 2; i++) {
        void *h = dlopen(argv[1 + i], RTLD_NOW | RTLD_LOCAL); /* LOCAL: two copies of every symbol */
        if (!h) {
            fprintf(stderr, "%s\n", dlerror());
            return 1;
        }
        /* ISO C has no object-to-function pointer conversion; POSIX guarantees the bytes match */
        void *f = sym(h, "agn_conv2d"), *bi = sym(h, "agn_conv2d_backward_input");
        void *bw = sym(h, "agn_conv2d_backward_weight"), *st = sym(h, "agn_set_num_threads");
        set_threads_fn set;
        memcpy(&libs[i].fwd, &f, sizeof f);
        memcpy(&libs[i].bin, &bi, sizeof bi);
        memcpy(&libs[i].bw, &bw, sizeof bw);
        memcpy(&set, &st, sizeof st);
        set(atoi(argv[3]));
    }
    int slices = argc > 4 ? atoi(argv[4]) : 30;
    const char *clk = getenv("AGN_BENCH_CLOCK");
    clockid_t clock = clk && strcmp(clk, "cpu") == 0 ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC;
    if (slices < 4) return 2;
    static const shape shapes[] = {
        {"conv3to32", 32, 3, 32, 32, 32, 3, 1, 32, 32},
        {"conv32to64", 32, 32, 16, 16, 64, 3, 0, 14, 14},
        {"lenet1", 64, 1, 28, 28, 6, 5, 0, 24, 24},
        {"lenet2", 64, 6, 12, 12, 16, 5, 0, 8, 8},
    };
    static const char *kernels[3] = {"forward", "igrad", "wgrad"};
    const char *only = argc > 5 ? argv[5] : "";
    double *t[2] = {malloc(sizeof(double) * (size_t)slices), malloc(sizeof(double) * (size_t)slices)};
    double *ratio = malloc(sizeof(double) * (size_t)slices);
    if (!t[0] || !t[1] || !ratio) return 1;
    for (size_t si = 0; si < sizeof shapes / sizeof shapes[0]; si++) {
        const shape *s = &shapes[si];
        int64_t xs[4] = {s->n, s->c, s->h, s->w}, ws[4] = {s->co, s->c, s->k, s->k};
        int64_t ys[4] = {s->n, s->co, s->oh, s->ow}, bs[1] = {s->co};
        int64_t xt[4] = {s->c * s->h * s->w, s->h * s->w, s->w, 1};
        int64_t wt[4] = {s->c * s->k * s->k, s->k * s->k, s->k, 1};
        int64_t yt[4] = {s->co * s->oh * s->ow, s->oh * s->ow, s->ow, 1}, bt[1] = {1};
        agn_tensor x = {filled(s->n * xt[0], 7919), xs, xt, 4, AGN_DTYPE_FLOAT32};
        agn_tensor w = {filled(s->co * wt[0], 7907), ws, wt, 4, AGN_DTYPE_FLOAT32};
        agn_tensor y = {filled(s->n * yt[0], 7901), ys, yt, 4, AGN_DTYPE_FLOAT32};
        agn_tensor b = {filled(s->co, 13), bs, bt, 1, AGN_DTYPE_FLOAT32};
        agn_conv2d_params p = {1, 1, s->pad, s->pad, 1, 1, 1};
        double flops = 2.0 * (double)(s->co * wt[0]) * (double)(s->n * s->oh * s->ow);
        int reps = (int)(2e8 / flops) + 1;
        for (int k = 0; k < 3; k++) {
            char label[64];
            snprintf(label, sizeof label, "%s/%s", s->name, kernels[k]);
            if (!strstr(label, only)) continue;
            for (int i = 0; i < 2; i++)
                for (int r = 0; r < 3 * reps; r++) call(&libs[i], k, &x, &w, &b, &y, &p);
            for (int sl = 0; sl < slices; sl++) {
                for (int q = 0; q < 2; q++) {
                    int i = (sl & 1) ? 1 - q : q;
                    call(&libs[i], k, &x, &w, &b, &y, &p); /* re-warm after the switch */
                    double t0 = bench_seconds(clock);
                    for (int r = 0; r < reps; r++) call(&libs[i], k, &x, &w, &b, &y, &p);
                    t[i][sl] = (bench_seconds(clock) - t0) / reps;
                }
                ratio[sl] = t[0][sl] / t[1][sl];
            }
            qsort(ratio, (size_t)slices, sizeof(double), bench_cmp_double);
            for (int i = 0; i < 2; i++) qsort(t[i], (size_t)slices, sizeof(double), bench_cmp_double);
            printf("%-18s A %8.1f us (%5.1f GFLOP/s)  B %8.1f us (%5.1f GFLOP/s)  "
                   "speed-up of B: %.3f [p25 %.3f, p75 %.3f]\n",
                   label, t[0][slices / 2] * 1e6, flops / t[0][slices / 2] * 1e-9,
                   t[1][slices / 2] * 1e6, flops / t[1][slices / 2] * 1e-9, ratio[slices / 2],
                   ratio[slices / 4], ratio[3 * slices / 4]);
            fflush(stdout);
        }
        free(x.data), free(w.data), free(y.data), free(b.data);
    }
    return 0;
}
