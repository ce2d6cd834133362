/* What the standalone benchmarks (bench_*.c, built but never run by ctest) share: a clock reading and
 * the comparison their medians sort with. Include after defining _POSIX_C_SOURCE (for clock_gettime). */
#ifndef AGN_BENCH_H
#define AGN_BENCH_H

#include <time.h>

/* Seconds on clock: CLOCK_MONOTONIC for wall time, CLOCK_PROCESS_CPUTIME_ID for the process's CPU time
 * (immune to other jobs' load on a shared machine). */
static inline double bench_seconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* qsort comparison for doubles. */
static inline int bench_cmp_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

#endif
