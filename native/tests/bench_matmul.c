/* Matmul throughput: median GFLOP/s of square float32/float64 products (not a ctest case).
 * usage: bench_matmul [threads] [size...]   e.g. bench_matmul 2 64 256 1024
 * Env: AGN_BENCH_DTYPE=f64 for float64, AGN_BENCH_LAYOUT=nt|tn for a transposed b or a,
 * AGN_BENCH_SIMD=0|1|2 to cap the SIMD level. */
#define _POSIX_C_SOURCE 199309L
#include "autograd_native.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_s(void) { /* CPU time of the whole process: immune to other jobs' load */
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Returns the median; *best gets the fastest sample (robust when other jobs share the machine). */
static double bench(int64_t n, int dtype, int ta, int tb, double *best, double *cpu) {
    size_t es = dtype == AGN_DTYPE_FLOAT32 ? 4 : 8, count = (size_t)(n * n);
    char *a = malloc(count * es), *b = malloc(count * es), *c = malloc(count * es);
    for (size_t i = 0; i < count; i++) {
        double v = (double)((i * 7919) % 1000) / 1000.0 - 0.5;
        if (es == 4) { float f = (float)v; memcpy(a + i * 4, &f, 4); memcpy(b + i * 4, &f, 4); }
        else { memcpy(a + i * 8, &v, 8); memcpy(b + i * 8, &v, 8); }
    }
    int64_t shape[3] = {1, n, n}, row[3] = {n * n, n, 1}, col[3] = {n * n, 1, n};
    agn_tensor A = {a, shape, ta ? col : row, 3, dtype}, B = {b, shape, tb ? col : row, 3, dtype};
    agn_tensor C = {c, shape, row, 3, dtype};
    double flops = 2.0 * (double)n * (double)n * (double)n;
    /* Enough repetitions per sample for ~20 ms, 15 samples, median. */
    int reps = (int)(2e7 / flops * 100) + 1;
    if (reps > 100000) reps = 100000;
    for (int i = 0; i < reps; i++) agn_matmul(&A, &B, &C, 0); /* warm-up: caches, scratch, pool */
    double samples[15], cpus[15];
    for (int s = 0; s < 15; s++) {
        double t0 = now_s(), c0 = cpu_s();
        for (int i = 0; i < reps; i++) agn_matmul(&A, &B, &C, 0);
        samples[s] = flops * reps / (now_s() - t0) * 1e-9;
        cpus[s] = flops * reps / (cpu_s() - c0) * 1e-9;
    }
    qsort(samples, 15, sizeof samples[0], cmp_double);
    qsort(cpus, 15, sizeof cpus[0], cmp_double);
    *cpu = cpus[7];
    free(a), free(b), free(c);
    *best = samples[14];
    return samples[7];
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    const char *dt = getenv("AGN_BENCH_DTYPE"), *layout = getenv("AGN_BENCH_LAYOUT");
    int dtype = dt && strcmp(dt, "f64") == 0 ? AGN_DTYPE_FLOAT64 : AGN_DTYPE_FLOAT32;
    int ta = layout && strcmp(layout, "tn") == 0, tb = layout && strcmp(layout, "nt") == 0;
    agn_set_num_threads(threads > 0 ? threads : 1);
    if (getenv("AGN_BENCH_SIMD")) agn_set_simd_level(atoi(getenv("AGN_BENCH_SIMD")));
    static const int64_t defaults[] = {4, 16, 64, 128, 256, 512, 1024};
    int nsizes = argc > 2 ? argc - 2 : (int)(sizeof defaults / sizeof defaults[0]);
    for (int i = 0; i < nsizes; i++) {
        int64_t n = argc > 2 ? atoll(argv[i + 2]) : defaults[i];
        double best, cpu, median = bench(n, dtype, ta, tb, &best, &cpu);
        printf("%s threads=%d simd=%d n=%5lld  median %6.1f  best %6.1f GFLOP/s"
               "  (%6.1f per CPU-second)\n",
               dtype == AGN_DTYPE_FLOAT32 ? "f32" : "f64", threads, agn_simd_level(), (long long)n,
               median, best, cpu);
        fflush(stdout);
    }
    return 0;
}
