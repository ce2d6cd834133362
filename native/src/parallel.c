/* The one place where work is split across threads: a small persistent pthread pool.
 *
 * Note [Parallel determinism]: elementwise kernels give identical results for every thread count.
 * Reductions split only the kept (output) dimensions, never an accumulation, so they are identical
 * too; the cost is that a full reduction to one value uses one thread per partial block combined in
 * a fixed order (see reduce.c). */
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define AGN_MAX_THREADS 256

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;   /* guards pool configuration */
static pthread_mutex_t g_dispatch = PTHREAD_MUTEX_INITIALIZER; /* one parallel region at a time */
static pthread_cond_t g_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t g_done = PTHREAD_COND_INITIALIZER;
static atomic_int g_threads = 0; /* configured count, 0 = not yet decided; read lock-free on every call */
static int32_t g_started = 0;   /* workers running */
static uint64_t g_generation = 0;
static int32_t g_pending = 0;
static int32_t g_active = 0;     /* workers taking part in the current region, caller included */
static agn_range_fn g_fn;
static void *g_ctx;
static int64_t g_n, g_chunk;
static _Thread_local int t_in_region = 0;

static int32_t default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > AGN_MAX_THREADS) n = AGN_MAX_THREADS;
    return (int32_t)n;
}

static void run_chunk(int32_t index) {
    int64_t begin = (int64_t)index * g_chunk;
    int64_t end = begin + g_chunk;
    if (end > g_n) end = g_n;
    if (begin < end) g_fn(g_ctx, begin, end);
}

static void *worker(void *arg) {
    int32_t index = (int32_t)(intptr_t)arg;
    uint64_t seen = 0;
    t_in_region = 1;
    pthread_mutex_lock(&g_lock);
    for (;;) {
        while (g_generation == seen) pthread_cond_wait(&g_work, &g_lock);
        seen = g_generation;
        int32_t active = g_active;
        pthread_mutex_unlock(&g_lock);
        if (index < active) run_chunk(index);
        pthread_mutex_lock(&g_lock);
        if (index < active && --g_pending == 0) pthread_cond_signal(&g_done);
    }
    return NULL;
}

int32_t agn_get_num_threads(void) {
    int32_t n = atomic_load_explicit(&g_threads, memory_order_relaxed);
    if (n == 0) {
        int32_t expected = 0;
        atomic_compare_exchange_strong(&g_threads, &expected, default_threads());
        n = atomic_load(&g_threads);
    }
    return n;
}

agn_status agn_set_num_threads(int32_t n) {
    if (n < 1) return AGN_ERR_INVALID_ARGUMENT;
    if (n > AGN_MAX_THREADS) n = AGN_MAX_THREADS;
    pthread_mutex_lock(&g_dispatch); /* never change the count under a running region */
    atomic_store(&g_threads, n);
    pthread_mutex_unlock(&g_dispatch);
    return AGN_OK;
}

void agn_parallel_for(int64_t n, int64_t grain, agn_range_fn fn, void *ctx) {
    if (n <= 0) return;
    if (grain < 1) grain = 1;
    if (n / 2 < grain) { /* tiny work (n < 2 grains; no overflow for huge grains): no thread-count read, no locks */
        fn(ctx, 0, n);
        return;
    }
    int32_t threads = agn_get_num_threads();
    int64_t tasks = n / grain;
    if (tasks > threads) tasks = threads;
    /* Serial when small, single-threaded, nested, or another caller owns the pool right now. */
    if (tasks < 2 || t_in_region || pthread_mutex_trylock(&g_dispatch) != 0) {
        fn(ctx, 0, n);
        return;
    }
    pthread_mutex_lock(&g_lock);
    while (g_started < (int32_t)tasks - 1) {
        pthread_t tid;
        /* worker i runs chunk i+1; the caller runs chunk 0 */
        if (pthread_create(&tid, NULL, worker, (void *)(intptr_t)(g_started + 1)) != 0) break;
        pthread_detach(tid);
        g_started++;
    }
    if (tasks - 1 > g_started) tasks = g_started + 1;
    g_fn = fn;
    g_ctx = ctx;
    g_n = n;
    g_chunk = (n + tasks - 1) / tasks;
    g_active = (int32_t)tasks;
    g_pending = (int32_t)tasks - 1;
    g_generation++;
    pthread_cond_broadcast(&g_work);
    pthread_mutex_unlock(&g_lock);

    t_in_region = 1;
    run_chunk(0);
    t_in_region = 0;

    pthread_mutex_lock(&g_lock);
    while (g_pending > 0) pthread_cond_wait(&g_done, &g_lock);
    pthread_mutex_unlock(&g_lock);
    pthread_mutex_unlock(&g_dispatch);
}
