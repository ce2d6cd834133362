/* Thread-pool hand-off: median (min) ns of one near-empty agn_parallel_for region at 2 threads,
 * back to back and after an idle gap, then the process CPU time while idle (the pool must go quiet).
 * Builds parallel.c into itself (agn_parallel_for is internal); not a ctest case.
 * Env: AGN_BENCH_REPS=samples (default 20001). */
#include "internal.h"
#include "bench.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void touch(void *ctx, int64_t begin, int64_t end) {
    atomic_fetch_add_explicit((atomic_llong *)ctx, end - begin, memory_order_relaxed);
}

static void sleep_us(long us) {
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

/* Median (min) region time in ns; gap_us > 0 sleeps before each region so workers are parked. */
static void measure(const char *name, int reps, long gap_us) {
    double *t = malloc((size_t)reps * sizeof *t);
    atomic_llong count = 0;
    for (int s = 0; s < reps; s++) {
        if (gap_us) sleep_us(gap_us);
        double t0 = bench_seconds(CLOCK_MONOTONIC);
        agn_parallel_for(2, 1, touch, &count);
        t[s] = (bench_seconds(CLOCK_MONOTONIC) - t0) * 1e9;
    }
    qsort(t, (size_t)reps, sizeof t[0], bench_cmp_double);
    printf("%-28s %9.0f ns (%7.0f)  [%lld elements]\n", name, t[reps / 2], t[0], (long long)count);
    free(t);
}

int main(void) {
    const char *rs = getenv("AGN_BENCH_REPS");
    const int reps = rs && atoi(rs) > 0 ? atoi(rs) : 20001;
    agn_set_num_threads(2);
    measure("back-to-back regions", reps, 0);
    measure("after a 1 ms idle gap", reps / 20 + 1, 1000);
    double c0 = bench_seconds(CLOCK_PROCESS_CPUTIME_ID);
    sleep_us(200000);
    printf("process CPU while idle 200 ms: %.2f ms\n", (bench_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1e3);
    return 0;
}
