/* Unary throughput: median ns/element of out-of-place float32 ops over 1e7 elements at every SIMD
 * level and 1..2 threads (not a ctest case; the output buffer is reused, so no page faults).
 * usage: bench_unary [op...]   ops: exp log tanh sigmoid sqrt relu (default: exp)
 * Env: AGN_BENCH_N=elements (default 1e7), AGN_BENCH_DTYPE=f64. */
#define _POSIX_C_SOURCE 199309L
#include "autograd_native.h"
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int op_code(const char *s) {
    static const struct { const char *name; int op; } T[] = {
        {"exp", AGN_UNARY_EXP},         {"log", AGN_UNARY_LOG},   {"tanh", AGN_UNARY_TANH},
        {"sigmoid", AGN_UNARY_SIGMOID}, {"sqrt", AGN_UNARY_SQRT}, {"relu", AGN_UNARY_RELU}};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (strcmp(s, T[i].name) == 0) return T[i].op;
    return -1;
}

int main(int argc, char **argv) {
    const char *ns = getenv("AGN_BENCH_N"), *dt = getenv("AGN_BENCH_DTYPE");
    const int64_t n = ns ? atoll(ns) : 10000000;
    const int dtype = dt && strcmp(dt, "f64") == 0 ? AGN_DTYPE_FLOAT64 : AGN_DTYPE_FLOAT32;
    const size_t es = dtype == AGN_DTYPE_FLOAT32 ? 4 : 8;
    char *x = malloc((size_t)n * es), *o = malloc((size_t)n * es);
    for (int64_t i = 0; i < n; i++) {
        double v = (double)((i * 7919) % 20000) / 1000.0 - 10.0; /* [-10, 10) */
        if (es == 4) { float f = (float)v; memcpy(x + i * 4, &f, 4); }
        else memcpy(x + i * 8, &v, 8);
    }
    memset(o, 0, (size_t)n * es);
    int64_t shape[1] = {n}, st[1] = {1};
    agn_tensor tx = {x, shape, st, 1, dtype}, to = {o, shape, st, 1, dtype};
    printf("n=%lld %s; median (min) ns/element over 15 samples\n", (long long)n,
           dtype == AGN_DTYPE_FLOAT32 ? "float32" : "float64");
    for (int a = 1; a < argc || a == 1; a++) {
        const char *name = a < argc ? argv[a] : "exp";
        const int op = op_code(name);
        if (op < 0) { fprintf(stderr, "unknown op %s\n", name); return 2; }
        for (int level = 0; level <= agn_simd_supported(); level++)
            for (int threads = 1; threads <= 2; threads++) {
                agn_set_simd_level(level);
                agn_set_num_threads(threads);
                agn_unary(op, &tx, &to, 0, 0); /* warm-up */
                double t[15];
                for (int s = 0; s < 15; s++) {
                    double t0 = bench_seconds(CLOCK_MONOTONIC);
                    agn_unary(op, &tx, &to, 0, 0);
                    t[s] = (bench_seconds(CLOCK_MONOTONIC) - t0) * 1e9 / (double)n;
                }
                qsort(t, 15, sizeof t[0], bench_cmp_double);
                printf("%-8s level %d threads %d: %7.3f (%7.3f) ns/elem\n", name, level, threads, t[7], t[0]);
            }
    }
    free(x);
    free(o);
    return 0;
}
