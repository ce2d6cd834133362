/* The thread pool through public kernels (agn_parallel_for is internal): every element done exactly
 * once for regions back to back and after idle gaps that let workers spin, yield or park (Note
 * [Pool hand-off]), with thread counts changing between regions, and with several threads calling
 * at once (one owns the pool, the others run serially). Int64 sums and affine maps are exact, so
 * any lost, repeated or torn chunk shows. Workers run a region in its caller's flush-denormal
 * mode (Note [Worker FP environment]). */
#define _POSIX_C_SOURCE 199309L
#include "autograd_native.h"
#include "check.h"

#include <float.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N (1 << 18) /* several grains of work: the pool splits it */

static int64_t g_x[N];

static void sleep_us(long us) {
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

/* One sum and one affine map over g_x; returns the number of wrong results. */
static int one_round(int64_t *out, int64_t scale) {
    int64_t sn[1] = {N}, s1[1] = {1}, st[1] = {1}, sum = -1;
    agn_tensor tx = {g_x, sn, st, 1, AGN_DTYPE_INT64}, ts = {&sum, s1, st, 1, AGN_DTYPE_INT64};
    agn_tensor to = {out, sn, st, 1, AGN_DTYPE_INT64};
    int bad = agn_reduce(AGN_REDUCE_SUM, &tx, &ts, NULL) != AGN_OK || sum != (int64_t)N * (N - 1) / 2;
    bad |= agn_unary(AGN_UNARY_AFFINE, &tx, &to, (double)scale, 1.0) != AGN_OK;
    for (int64_t i = 0; i < N; i++) bad |= out[i] != i * scale + 1;
    return bad;
}

static void check_gaps(void) {
    int64_t *out = malloc(N * sizeof *out);
    const long gaps_us[] = {0, 0, 5, 30, 80, 300, 2000}; /* spinning, yielding, parked workers */
    for (int threads = 1; threads <= 4; threads++)
        for (size_t g = 0; g < sizeof gaps_us / sizeof gaps_us[0]; g++)
            for (int r = 0; r < 8; r++) {
                CHECK(agn_set_num_threads(threads) == AGN_OK);
                if (gaps_us[g]) sleep_us(gaps_us[g]);
                CHECK(one_round(out, threads + r) == 0);
            }
    free(out);
}

typedef struct caller {
    int id, failures;
} caller;

static void *call_many(void *arg) {
    caller *c = arg;
    int64_t *out = malloc(N * sizeof *out);
    for (int r = 0; r < 60; r++) {
        if (c->id == 0 && r % 10 == 0) agn_set_num_threads(2 + r / 10 % 3); /* while others run */
        c->failures += one_round(out, c->id * 100 + r);
        if (r % 7 == c->id) sleep_us(200);
    }
    free(out);
    return NULL;
}

static void check_concurrent_callers(void) {
    pthread_t tid[3];
    caller c[3] = {{0, 0}, {1, 0}, {2, 0}};
    for (int i = 0; i < 3; i++) CHECK(pthread_create(&tid[i], NULL, call_many, &c[i]) == 0);
    for (int i = 0; i < 3; i++) {
        pthread_join(tid[i], NULL);
        CHECK(c[i].failures == 0);
    }
}

static float g_sub[N], g_prod[N];

/* g_sub * 1 over N floats on the pool; returns how many products differ from `flushed ? 0 : input`. */
static int subnormal_round(int flushed) {
    int64_t sn[1] = {N}, s0[1] = {0}, st[1] = {1};
    float one = 1.0f;
    agn_tensor tx = {g_sub, sn, st, 1, AGN_DTYPE_FLOAT32}, t1 = {&one, sn, s0, 1, AGN_DTYPE_FLOAT32};
    agn_tensor to = {g_prod, sn, st, 1, AGN_DTYPE_FLOAT32};
    if (agn_binary(AGN_BINARY_MUL, &tx, &t1, &to) != AGN_OK) return N;
    int bad = 0; /* compared as bits: under denormals-are-zero a float compare sees a subnormal as 0 */
    for (int64_t i = 0; i < N; i++) {
        uint32_t got, want;
        memcpy(&got, &g_prod[i], 4);
        memcpy(&want, &g_sub[i], 4);
        bad += got != (flushed ? 0u : want);
    }
    return bad;
}

/* A thread that never flushes, calling while the main thread does: its chunks on the workers must
 * not flush (the workers last ran the main thread's flushing region). */
static void *plain_caller(void *arg) {
    int *bad = arg;
    agn_set_flush_denormal(0); /* a new thread inherits its creator's MXCSR on Linux */
    *bad = subnormal_round(0);
    return NULL;
}

static void check_flush_denormal(void) {
    for (int64_t i = 0; i < N; i++) g_sub[i] = FLT_MIN / (float)(2 + i % 7); /* subnormal, nonzero */
    CHECK(agn_set_num_threads(2) == AGN_OK);
    CHECK(subnormal_round(0) == 0);
    CHECK(agn_set_flush_denormal(1) == 1); /* x86 with SSE3: every machine we build for */
    CHECK(subnormal_round(1) == 0);
    int other = -1;
    pthread_t tid;
    CHECK(pthread_create(&tid, NULL, plain_caller, &other) == 0);
    pthread_join(tid, NULL);
    CHECK(other == 0);
    CHECK(subnormal_round(1) == 0);
    CHECK(agn_set_flush_denormal(0) == 1);
    CHECK(subnormal_round(0) == 0);
}

int main(void) {
    int32_t threads = agn_get_num_threads();
    for (int64_t i = 0; i < N; i++) g_x[i] = i;
    check_gaps();
    check_concurrent_callers();
    check_flush_denormal();
    CHECK(agn_set_num_threads(threads) == AGN_OK);
    return check_summary("test_parallel");
}
