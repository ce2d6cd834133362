/* The one place where work is split across threads: a small persistent pthread pool.
 *
 * Note [Parallel determinism]: elementwise kernels give identical results for every thread count.
 * Reductions cut their work into tasks by the shape alone and combine partials in a fixed order
 * (Note [Reduction determinism] in reduce.c), so they are identical too: the pool only decides which
 * thread runs which chunk.
 *
 * Note [Pool hand-off]: waking a worker through a condition variable costs ~5-50 us per region,
 * more than a mid-size kernel's work. So each worker has a mailbox (`go`, its own cache line) that
 * the caller bumps with the region's generation, and the caller counts finished workers down in
 * g_pending; both sides poll (pause, then yield) for up to SPIN_NS before parking on a condvar, so
 * back-to-back regions hand off in well under a microsecond and an idle pool goes quiet within
 * SPIN_NS. Parking is a Dekker handshake in seq_cst: the sleeper sets its flag and then re-reads the
 * value it waits on (under g_lock); the waker writes the value and then reads the flag, and signals
 * under g_lock if it is set, so at least one side sees the other and no wake-up is lost. The region
 * (g_fn, g_ctx, g_n, g_chunk) is plain data published by the `go` stores and released back by the
 * g_pending decrements; only workers that run a chunk are woken, so no worker reads it late.
 *
 * Note [Worker FP environment]: MXCSR is per thread, and torch.set_flush_denormal sets the caller's.
 * Each region carries the caller's control bits (g_fp_control) and a worker adopts them before its
 * chunk, so a flushing caller's chunks flush on every thread and a non-flushing caller's never do,
 * whichever caller ran on the pool before. */
#include "internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define AGN_MAX_THREADS 256
#define SPIN_NS 50000  /* how long a waiting side polls before it parks */
#define PAUSE_POLLS 64 /* ~1-5 us of pause before polls yield the core (keep_spinning) */

typedef struct mailbox {
    _Alignas(64) atomic_uint_least64_t go; /* generation of the last region this worker was given */
    atomic_int parked;                      /* waiting on wake, under g_lock */
    pthread_cond_t wake;
} mailbox;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;     /* parking (condvar waits) */
static pthread_mutex_t g_dispatch = PTHREAD_MUTEX_INITIALIZER; /* one parallel region at a time */
static pthread_cond_t g_done = PTHREAD_COND_INITIALIZER;
static atomic_int g_threads = 0; /* configured count, 0 = not yet decided; read lock-free on every call */
static atomic_int g_pending = 0; /* workers still running the current region */
static atomic_int g_caller_parked = 0;
static mailbox g_box[AGN_MAX_THREADS]; /* worker i uses g_box[i], i >= 1; the caller is chunk 0 */
/* Owned by whoever holds g_dispatch: */
static int32_t g_started = 0; /* workers running */
static uint64_t g_generation = 0;
static agn_range_fn g_fn;
static void *g_ctx;
static int64_t g_n, g_chunk;
static uint32_t g_fp_control;
static _Thread_local int t_in_region = 0;

static int32_t default_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > AGN_MAX_THREADS) n = AGN_MAX_THREADS;
    return (int32_t)n;
}

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* One poll of a bounded spin: returns 0 once SPIN_NS have passed since the first call with this
 * *deadline (0 to start); the clock is read every 16 polls only. After PAUSE_POLLS plain pauses the
 * poll yields the core instead: when the machine is busy the thread we wait for may be queued behind
 * us on the same core, and pausing there for SPIN_NS (then the other side doing the same) made a
 * region cost ~2 x SPIN_NS under load, where yielding costs about what a condvar wake does. */
static int keep_spinning(int64_t *deadline, int32_t *polls) {
    if (*polls < PAUSE_POLLS) cpu_relax();
    else sched_yield();
    if (++*polls % 16 != 0) return 1;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    if (*deadline == 0) *deadline = now + SPIN_NS;
    return now < *deadline;
}

static void run_chunk(int32_t index) {
    int64_t begin = (int64_t)index * g_chunk;
    int64_t end = begin + g_chunk;
    if (end > g_n) end = g_n;
    if (begin < end) g_fn(g_ctx, begin, end);
}

/* Waits until box->go differs from seen and returns it (acquire: the region is then visible). */
static uint64_t await_region(mailbox *box, uint64_t seen) {
    int64_t deadline = 0;
    int32_t polls = 0;
    do {
        uint64_t go = atomic_load_explicit(&box->go, memory_order_acquire);
        if (go != seen) return go;
    } while (keep_spinning(&deadline, &polls));
    uint64_t go;
    pthread_mutex_lock(&g_lock);
    atomic_store(&box->parked, 1);
    while ((go = atomic_load(&box->go)) == seen) pthread_cond_wait(&box->wake, &g_lock);
    atomic_store(&box->parked, 0);
    pthread_mutex_unlock(&g_lock);
    return go;
}

static void *worker(void *arg) {
    int32_t index = (int32_t)(intptr_t)arg;
    uint64_t seen = 0; /* a mailbox is never reused, so it starts at 0 */
    t_in_region = 1;
    for (;;) {
        seen = await_region(&g_box[index], seen);
        agn_fp_adopt(g_fp_control);
        run_chunk(index);
        /* After this decrement the region may be over: touch only pool-lifetime state. */
        if (atomic_fetch_sub(&g_pending, 1) == 1 && atomic_load(&g_caller_parked)) {
            pthread_mutex_lock(&g_lock);
            pthread_cond_signal(&g_done); /* may reach a later region's caller: it re-checks */
            pthread_mutex_unlock(&g_lock);
        }
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
    if (agn_parallel_tiny(n, grain)) { /* no thread-count read, no locks */
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
    while (g_started < (int32_t)tasks - 1) {
        /* worker i runs chunk i; the caller runs chunk 0 */
        int32_t i = g_started + 1;
        pthread_t tid;
        if (pthread_cond_init(&g_box[i].wake, NULL) != 0) break;
        if (pthread_create(&tid, NULL, worker, (void *)(intptr_t)i) != 0) {
            pthread_cond_destroy(&g_box[i].wake);
            break;
        }
        pthread_detach(tid);
        g_started = i;
    }
    if (tasks - 1 > g_started) tasks = g_started + 1;
    g_fn = fn;
    g_ctx = ctx;
    g_n = n;
    g_chunk = (n + tasks - 1) / tasks;
    g_fp_control = agn_fp_control();
    atomic_store_explicit(&g_pending, (int32_t)tasks - 1, memory_order_relaxed); /* published by go */
    uint64_t gen = ++g_generation;
    for (int32_t i = 1; i < tasks; i++) atomic_store(&g_box[i].go, gen);
    for (int32_t i = 1; i < tasks; i++)
        if (atomic_load(&g_box[i].parked)) {
            pthread_mutex_lock(&g_lock);
            pthread_cond_signal(&g_box[i].wake);
            pthread_mutex_unlock(&g_lock);
        }

    t_in_region = 1;
    run_chunk(0);
    t_in_region = 0;

    int64_t deadline = 0;
    int32_t polls = 0;
    while (atomic_load_explicit(&g_pending, memory_order_acquire) != 0)
        if (!keep_spinning(&deadline, &polls)) {
            pthread_mutex_lock(&g_lock);
            atomic_store(&g_caller_parked, 1);
            while (atomic_load(&g_pending) != 0) pthread_cond_wait(&g_done, &g_lock);
            atomic_store(&g_caller_parked, 0);
            pthread_mutex_unlock(&g_lock);
        }
    pthread_mutex_unlock(&g_dispatch);
}
