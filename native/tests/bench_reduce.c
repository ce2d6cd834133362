/* Sum throughput: median (min) GB/s of agn_reduce SUM over n contiguous elements to one value
 * at 1 and 2 threads (not a ctest case). Env: AGN_BENCH_N=elements (default 1e7),
 * AGN_BENCH_DTYPE=f64, AGN_BENCH_REPS=samples (default 31). Small n shows per-region overhead.
 * AGN_BENCH_COLS=c views x as a row-major (n/c)×c matrix summed over AGN_BENCH_DIM (0: down the
 * columns, the vertical loop shape; 1, the default: along the rows). */
#define _POSIX_C_SOURCE 199309L
#include "autograd_native.h"
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(void) {
    const char *ns = getenv("AGN_BENCH_N"), *dt = getenv("AGN_BENCH_DTYPE"), *rs = getenv("AGN_BENCH_REPS");
    const int64_t n = ns ? atoll(ns) : 10000000;
    const int reps = rs && atoi(rs) > 0 ? atoi(rs) : 31;
    const int dtype = dt && strcmp(dt, "f64") == 0 ? AGN_DTYPE_FLOAT64 : AGN_DTYPE_FLOAT32;
    const size_t es = dtype == AGN_DTYPE_FLOAT32 ? 4 : 8;
    char *x = malloc((size_t)n * es);
    double *t = malloc((size_t)reps * sizeof *t), out = 0;
    if (!x || !t) return 1;
    for (int64_t i = 0; i < n; i++) {
        double v = (double)((i * 7919) % 2000) / 1000.0 - 1.0; /* [-1, 1) */
        if (es == 4) { float f = (float)v; memcpy(x + i * 4, &f, 4); }
        else memcpy(x + i * 8, &v, 8);
    }
    int64_t shape[1] = {n}, st[1] = {1}, one[1] = {1};
    agn_tensor tx = {x, shape, st, 1, dtype}, to = {&out, one, st, 1, dtype};
    const char *cs = getenv("AGN_BENCH_COLS"), *ds = getenv("AGN_BENCH_DIM");
    const int64_t cols = cs && atoll(cs) > 0 ? atoll(cs) : 0, dim = ds ? atoll(ds) : 1;
    int64_t shape2[2] = {cols ? n / cols : 0, cols}, st2[2] = {cols, 1};
    int64_t oshape2[2] = {dim == 0 ? 1 : shape2[0], dim == 0 ? cols : 1}, ost2[2] = {oshape2[1], 1};
    char *out2 = cols ? malloc((size_t)(oshape2[0] * oshape2[1]) * es) : NULL;
    if (cols) {
        if (!out2 || n % cols) return 1;
        tx = (agn_tensor){x, shape2, st2, 2, dtype};
        to = (agn_tensor){out2, oshape2, ost2, 2, dtype};
    }
    printf("sum of n=%lld %s", (long long)n, dtype == AGN_DTYPE_FLOAT32 ? "float32" : "float64");
    if (cols) printf(" as %lldx%lld over dim %lld", (long long)shape2[0], (long long)cols, (long long)dim);
    printf("; median (min) over %d samples\n", reps);
    for (int threads = 1; threads <= 2; threads++) {
        agn_set_num_threads(threads);
        for (int w = 0; w < 3; w++) agn_reduce(AGN_REDUCE_SUM, &tx, &to, NULL); /* warm-up */
        for (int s = 0; s < reps; s++) {
            double t0 = bench_seconds(CLOCK_MONOTONIC);
            if (agn_reduce(AGN_REDUCE_SUM, &tx, &to, NULL) != AGN_OK) return 1;
            t[s] = bench_seconds(CLOCK_MONOTONIC) - t0;
        }
        qsort(t, (size_t)reps, sizeof t[0], bench_cmp_double);
        double gb = (double)n * (double)es * 1e-9;
        printf("threads %d: %9.2f us (%9.2f)  %6.2f GB/s (%6.2f)\n", threads, t[reps / 2] * 1e6,
               t[0] * 1e6, gb / t[reps / 2], gb / t[0]);
    }
    free(x);
    free(out2);
    free(t);
    return 0;
}
