/* A minimal test harness: CHECK records a failure with its location and goes on; tests end with
 * return check_summary(name). */
#ifndef AGN_CHECK_H
#define AGN_CHECK_H

#include <math.h>
#include <stdio.h>

static int g_checks = 0, g_failures = 0;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        g_checks++;                                                                                \
        if (!(cond)) {                                                                             \
            g_failures++;                                                                          \
            if (g_failures <= 20) fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                                          \
    } while (0)

/* |a - b| <= atol + rtol * |b|, with NaN equal to NaN. */
static inline int close_to(double a, double b, double rtol, double atol) {
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (isinf(a) || isinf(b)) return a == b;
    return fabs(a - b) <= atol + rtol * fabs(b);
}

static inline int check_summary(const char *name) {
    printf("%s: %d checks, %d failed\n", name, g_checks, g_failures);
    return g_failures == 0 ? 0 : 1;
}

#endif
