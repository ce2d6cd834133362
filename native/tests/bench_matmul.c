/* Matmul throughput: median GFLOP/s of float32/float64 products (not a ctest case).
 * usage: bench_matmul [threads] [size...]   e.g. bench_matmul 2 64 256 1024 1x256x784
 * A size is n (square) or MxNxK: a [M, K] @ b [K, N].
 * Env: AGN_BENCH_DTYPE=f64 for float64, AGN_BENCH_LAYOUT=nt|tn|tt for a transposed b, a or both
 * (batch-1 linear forward x @ W^T is 1x256x784 with nt; its weight gradient g^T @ x is 256x784x1
 * with tn), AGN_BENCH_ACC=1 to accumulate into out, AGN_BENCH_FRESH=1 for a freshly mapped out
 * every call (first-touch page faults, as for an output array .NET has just allocated),
 * AGN_BENCH_RING=MB for each call's out at the next place in a resident ring of that many MB
 * (cold lines and TLB entries, as for gen-0 arrays, whose memory cycles through the gen-0 budget),
 * AGN_BENCH_OFFSET=16 to start every operand 16 bytes past a cache line (the alignment of a
 * small .NET array), AGN_BENCH_SIMD=0|1|2 to cap the SIMD level. */
#define _DEFAULT_SOURCE
#include "autograd_native.h"
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

/* Returns the median; *best gets the fastest sample (robust when other jobs share the machine). */
static int g_acc, g_fresh, g_offset;
static char *g_ring;
static size_t g_ring_bytes, g_ring_at;

/* One product; with g_fresh the output is mapped just before and unmapped after. */
static void run(const agn_tensor *A, const agn_tensor *B, agn_tensor *C, size_t c_bytes) {
    if (g_fresh) {
        C->data = mmap(NULL, c_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (C->data == MAP_FAILED) abort();
    } else if (g_ring) { /* the next 64-byte aligned place past the last output */
        g_ring_at = (g_ring_at + c_bytes + 127) & ~(size_t)63;
        if (g_ring_at + c_bytes > g_ring_bytes) g_ring_at = 0;
        C->data = g_ring + g_ring_at;
    }
    agn_matmul(A, B, C, g_acc);
    if (g_fresh) munmap(C->data, c_bytes);
}

static void fill(char *p, size_t count, size_t es) {
    for (size_t i = 0; i < count; i++) {
        double v = (double)((i * 7919) % 1000) / 1000.0 - 0.5;
        if (es == 4) { float f = (float)v; memcpy(p + i * 4, &f, 4); }
        else memcpy(p + i * 8, &v, 8);
    }
}

/* Cache-line aligned, with room for g_offset. */
static char *alloc64(size_t bytes) { return aligned_alloc(64, (bytes + 127) & ~(size_t)63); }

static double bench(int64_t M, int64_t N, int64_t K, int dtype, int ta, int tb, double *best,
                    double *cpu) {
    size_t es = dtype == AGN_DTYPE_FLOAT32 ? 4 : 8;
    size_t c_bytes = (size_t)(M * N) * es;
    char *ab = alloc64((size_t)(M * K) * es), *bb = alloc64((size_t)(K * N) * es), *cb = alloc64(c_bytes);
    char *a = ab + g_offset, *b = bb + g_offset, *c = cb + g_offset;
    fill(a, (size_t)(M * K), es), fill(b, (size_t)(K * N), es), fill(c, (size_t)(M * N), es);
    int64_t sa[3] = {1, M, K}, sb[3] = {1, K, N}, so[3] = {1, M, N};
    int64_t a_row[3] = {M * K, K, 1}, a_col[3] = {M * K, 1, M};
    int64_t b_row[3] = {K * N, N, 1}, b_col[3] = {K * N, 1, K}, c_row[3] = {M * N, N, 1};
    agn_tensor A = {a, sa, ta ? a_col : a_row, 3, dtype}, B = {b, sb, tb ? b_col : b_row, 3, dtype};
    agn_tensor C = {c, so, c_row, 3, dtype};
    double flops = 2.0 * (double)M * (double)N * (double)K;
    /* Enough repetitions per sample for ~20 ms, 15 samples, median. */
    int reps = (int)(2e7 / flops * 100) + 1;
    if (reps > 100000) reps = 100000;
    for (int i = 0; i < reps; i++) run(&A, &B, &C, c_bytes); /* warm-up: caches, scratch, pool */
    double samples[15], cpus[15];
    for (int s = 0; s < 15; s++) {
        double t0 = bench_seconds(CLOCK_MONOTONIC), c0 = bench_seconds(CLOCK_PROCESS_CPUTIME_ID);
        for (int i = 0; i < reps; i++) run(&A, &B, &C, c_bytes);
        samples[s] = flops * reps / (bench_seconds(CLOCK_MONOTONIC) - t0) * 1e-9;
        cpus[s] = flops * reps / (bench_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1e-9;
    }
    qsort(samples, 15, sizeof samples[0], bench_cmp_double);
    qsort(cpus, 15, sizeof cpus[0], bench_cmp_double);
    *cpu = cpus[7];
    free(ab), free(bb), free(cb);
    *best = samples[14];
    return samples[7];
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    const char *dt = getenv("AGN_BENCH_DTYPE"), *layout = getenv("AGN_BENCH_LAYOUT");
    int dtype = dt && strcmp(dt, "f64") == 0 ? AGN_DTYPE_FLOAT64 : AGN_DTYPE_FLOAT32;
    int ta = layout && layout[0] == 't', tb = layout && layout[0] && layout[1] == 't';
    g_acc = getenv("AGN_BENCH_ACC") && atoi(getenv("AGN_BENCH_ACC"));
    g_fresh = getenv("AGN_BENCH_FRESH") && atoi(getenv("AGN_BENCH_FRESH"));
    g_offset = getenv("AGN_BENCH_OFFSET") ? atoi(getenv("AGN_BENCH_OFFSET")) & 63 : 0;
    if (getenv("AGN_BENCH_RING")) {
        g_ring_bytes = (size_t)atoi(getenv("AGN_BENCH_RING")) << 20;
        g_ring = g_ring_bytes ? aligned_alloc(64, g_ring_bytes) : NULL;
        if (g_ring) memset(g_ring, 0, g_ring_bytes); /* resident */
    }
    agn_set_num_threads(threads > 0 ? threads : 1);
    if (getenv("AGN_BENCH_SIMD")) agn_set_simd_level(atoi(getenv("AGN_BENCH_SIMD")));
    static const char *defaults[] = {"4", "16", "64", "128", "256", "512", "1024"};
    int nsizes = argc > 2 ? argc - 2 : (int)(sizeof defaults / sizeof defaults[0]);
    for (int i = 0; i < nsizes; i++) {
        const char *arg = argc > 2 ? argv[i + 2] : defaults[i];
        long long M = 0, N = 0, K = 0;
        if (sscanf(arg, "%lldx%lldx%lld", &M, &N, &K) != 3) M = N = K = atoll(arg);
        if (M < 1 || N < 1 || K < 1) continue;
        double best, cpu, median = bench(M, N, K, dtype, ta, tb, &best, &cpu);
        double us = 2.0 * (double)M * (double)N * (double)K / (median * 1e3);
        printf("%s threads=%d simd=%d %s=%-13s median %6.1f  best %6.1f GFLOP/s  %9.2f us"
               "  (%6.1f per CPU-second)\n",
               dtype == AGN_DTYPE_FLOAT32 ? "f32" : "f64", threads, agn_simd_level(),
               M == N && N == K ? "n" : "MxNxK", arg, median, best, us, cpu);
        fflush(stdout);
    }
    return 0;
}
