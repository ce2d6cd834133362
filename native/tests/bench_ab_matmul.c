/* Paired A/B of agn_matmul from two builds of the library, for changes worth a few percent on a
 * noisy shared host: both libraries are loaded into one process and timed in alternating slices
 * (who goes first alternates too), so a slow minute lands on both alike; the verdict is the median
 * of the per-slice time ratios A/B (> 1: B is faster). Not run by ctest.
 *
 *   bench_ab_matmul libA.so libB.so threads n|MxNxK [slices]      float32, row-major storage
 *
 * AGN_BENCH_LAYOUT=nt|tn|tt passes b, a or both as transposed views, as bench_matmul does (a linear
 * layer's forward x @ W^T is nt, its weight gradient g^T @ x is tn).
 *
 * Build a second copy of native/ with the change (cmake -S copy/native -B copy/b) and pass both
 * libautograd_native.so files. */
#define _GNU_SOURCE
#include "autograd_native.h"
#include "bench.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef agn_status (*matmul_fn)(const agn_tensor *, const agn_tensor *, const agn_tensor *, int32_t);
typedef void (*set_threads_fn)(int32_t);

static float *filled(int64_t n, int64_t salt) {
    float *p = aligned_alloc(64, (size_t)((n * 4 + 63) & ~63LL));
    if (!p) exit(1);
    for (int64_t i = 0; i < n; i++) p[i] = (float)((i * salt) % 1000) / 1000.0f - 0.5f;
    return p;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s libA.so libB.so threads n|MxNxK [slices]\n", argv[0]);
        return 2;
    }
    matmul_fn mm[2];
    for (int i = 0; i < 2; i++) {
        void *h = dlopen(argv[1 + i], RTLD_NOW | RTLD_LOCAL); /* LOCAL: two copies of every symbol */
        if (!h) {
            fprintf(stderr, "%s\n", dlerror());
            return 1;
        }
        /* ISO C has no object-to-function pointer conversion; POSIX guarantees the bytes match */
        void *sym_mm = dlsym(h, "agn_matmul"), *sym_set = dlsym(h, "agn_set_num_threads");
        if (!sym_mm || !sym_set) return 1;
        set_threads_fn set;
        memcpy(&mm[i], &sym_mm, sizeof sym_mm);
        memcpy(&set, &sym_set, sizeof sym_set);
        set(atoi(argv[3]));
    }
    long long M, N, K;
    if (sscanf(argv[4], "%lldx%lldx%lld", &M, &N, &K) != 3) M = N = K = atoll(argv[4]);
    int slices = argc > 5 ? atoi(argv[5]) : 40;
    if (M <= 0 || N <= 0 || K <= 0 || slices < 4) return 2;

    float *a = filled(M * K, 7919), *b = filled(K * N, 7907), *c = filled(M * N, 1);
    int64_t sa[3] = {1, M, K}, sb[3] = {1, K, N}, sc[3] = {1, M, N};
    const char *layout = getenv("AGN_BENCH_LAYOUT");
    int trans_a = layout && layout[0] == 't', trans_b = layout && layout[0] && layout[1] == 't';
    int64_t ta[3] = {M * K, trans_a ? 1 : K, trans_a ? M : 1};
    int64_t tb[3] = {K * N, trans_b ? 1 : N, trans_b ? K : 1}, tc[3] = {M * N, N, 1};
    agn_tensor A = {a, sa, ta, 3, AGN_DTYPE_FLOAT32}, B = {b, sb, tb, 3, AGN_DTYPE_FLOAT32};
    agn_tensor C = {c, sc, tc, 3, AGN_DTYPE_FLOAT32};

    double flops = 2.0 * (double)M * (double)N * (double)K;
    int reps = (int)(5e8 / flops) + 1; /* ~5 ms per slice at ~100 GFLOP/s */
    if (reps > 20000) reps = 20000;
    for (int i = 0; i < 2; i++)
        for (int r = 0; r < 3 * reps; r++) mm[i](&A, &B, &C, 0);

    double *t[2] = {malloc(sizeof(double) * slices), malloc(sizeof(double) * slices)};
    double *ratio = malloc(sizeof(double) * slices);
    if (!t[0] || !t[1] || !ratio) return 1;
    for (int s = 0; s < slices; s++) {
        for (int q = 0; q < 2; q++) {
            int i = (s & 1) ? 1 - q : q;
            for (int r = 0; r < reps / 4 + 1; r++) mm[i](&A, &B, &C, 0); /* re-warm after the switch */
            double t0 = bench_seconds(CLOCK_MONOTONIC);
            for (int r = 0; r < reps; r++) mm[i](&A, &B, &C, 0);
            t[i][s] = (bench_seconds(CLOCK_MONOTONIC) - t0) / reps;
        }
        ratio[s] = t[0][s] / t[1][s];
    }
    qsort(ratio, (size_t)slices, sizeof(double), bench_cmp_double);
    for (int i = 0; i < 2; i++) qsort(t[i], (size_t)slices, sizeof(double), bench_cmp_double);
    printf("%s threads=%s  A median %.2f us (%.1f GFLOP/s)  B median %.2f us (%.1f GFLOP/s)  "
           "speed-up of B: median %.3f [p25 %.3f, p75 %.3f]\n",
           argv[4], argv[3], t[0][slices / 2] * 1e6, flops / t[0][slices / 2] * 1e-9,
           t[1][slices / 2] * 1e6, flops / t[1][slices / 2] * 1e-9, ratio[slices / 2],
           ratio[slices / 4], ratio[3 * slices / 4]);
    return 0;
}
