/* Entry cost of tiny calls with the upper halves of the vector registers clean and dirty: .NET's JIT
 * uses AVX freely and may call in without a vzeroupper, and on the VMs this was measured on a legacy-SSE
 * instruction run in that state cost ~150 ns (agn_unary before AGN_ENTER_TIED: 182-202 ns dirty
 * against 30-43 ns clean). Each entry point's first act, agn_enter / AGN_ENTER_TIED in internal.h, must
 * come before any such instruction; this shows at once when one does not.
 * usage: bench_entry   (x86-64 only; built with -mno-vzeroupper so the loop keeps the state dirty) */
#define _POSIX_C_SOURCE 199309L
#include "autograd_native.h"
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

enum { ENTRY_UNARY, ENTRY_ADD_SCALED, ENTRY_BINARY, ENTRY_REDUCE, ENTRY_COUNT };
static const char *const NAMES[ENTRY_COUNT] = {"agn_unary (neg)", "agn_add_scaled", "agn_binary (add)",
                                               "agn_reduce (sum)"};

static float xs[4] = {1, 2, 3, 4}, ys[4] = {5, 6, 7, 8}, out[4], total;
static int64_t shape[1] = {4}, unit[1] = {1};
static agn_tensor tx = {xs, shape, unit, 1, AGN_DTYPE_FLOAT32}, ty = {ys, shape, unit, 1, AGN_DTYPE_FLOAT32},
                  to = {out, shape, unit, 1, AGN_DTYPE_FLOAT32},
                  ts = {&total, NULL, NULL, 0, AGN_DTYPE_FLOAT32};

/* n calls of entry e; dirty: set the upper half of ymm15 before each, as JIT code may leave it.
 * Compiled for AVX2 so the loop's own argument set-up is VEX-encoded and pays nothing itself. */
__attribute__((target("avx2"), noinline)) static void calls(int e, int dirty, int n) {
    for (int i = 0; i < n; i++) {
        if (dirty) __asm__ volatile("vpcmpeqd %%ymm15, %%ymm15, %%ymm15" ::: "xmm15");
        switch (e) {
        case ENTRY_UNARY: agn_unary(AGN_UNARY_NEG, &tx, &to, 0.0, 0.0); break;
        case ENTRY_ADD_SCALED: agn_add_scaled(&tx, &ty, 0.5, &to); break;
        case ENTRY_BINARY: agn_binary(AGN_BINARY_ADD, &tx, &ty, &to); break;
        default: agn_reduce(AGN_REDUCE_SUM, &tx, &ts, NULL); break;
        }
    }
}

int main(void) {
    enum { SAMPLES = 21, CALLS = 100000 };
    printf("median ns per call over %d samples of %d calls, 4 float32 elements\n", SAMPLES, CALLS);
    for (int e = 0; e < ENTRY_COUNT; e++) {
        double t[2][SAMPLES];
        for (int s = 0; s < SAMPLES; s++)
            for (int dirty = 0; dirty < 2; dirty++) { /* interleaved: noise lands on both alike */
                double t0 = bench_seconds(CLOCK_MONOTONIC);
                calls(e, dirty, CALLS);
                t[dirty][s] = (bench_seconds(CLOCK_MONOTONIC) - t0) / CALLS * 1e9;
            }
        for (int dirty = 0; dirty < 2; dirty++) qsort(t[dirty], SAMPLES, sizeof(double), bench_cmp_double);
        printf("  %-18s clean %7.1f   dirty %7.1f\n", NAMES[e], t[0][SAMPLES / 2], t[1][SAMPLES / 2]);
    }
    return 0;
}
