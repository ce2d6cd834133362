/* agn_matmul: batched GEMM out[b] (+)= a[b] @ bmat[b] on arbitrary element strides.
 *
 * Design (GotoBLAS/BLIS style, with the roles arranged for row-major C):
 *   - A register-blocked micro-kernel (matmul_kernels.h) computes an MR x NR tile of C with vectors
 *     running along N. One is chosen per call from agn_simd_active(): AVX-512, AVX2+FMA or scalar.
 *   - Packed path: for each MC-row block of A and KC-deep slice of K, A[MC x KC] is packed into
 *     k-major MR-row panels (from L3; each panel then stays in L1); for each NC-wide column block,
 *     B[KC x NC] is packed into NR-wide zero-padded panels (stays in L2) and every A panel sweeps
 *     them. Packing makes every kernel read sequential whatever the operands' strides, and avoids
 *     the cache-set conflicts of power-of-two leading dimensions.
 *   - Small problems (<= 256^3 multiply-adds) read A in place; when B has unit column stride it
 *     is read in place too and the whole K runs in one kernel call. Their operands fit in L2 and
 *     packing would cost a noticeable share of the arithmetic (64^3 is ~3 us of FMAs).
 *   - Matrix-vector products (M = 1 or N = 1) and small K (<= 4, B contiguous along N) skip the
 *     tiles: matmul_gemv.c reads them in place with vectorised dot / axpy kernels.
 *   - A large output whose pages are not mapped yet (a fresh .NET array) is populated first, in a
 *     system call per 64 KB instead of a page fault per 4 KB (prefault.c).
 *   - Threads (agn_parallel_for) split only over output tiles — batches, then MR/NR-aligned blocks
 *     of rows or columns — never over K. Each output element is computed by the same FMA chain in
 *     the same K-block order whatever the split, so results are bit-identical for every thread
 *     count (Note [Parallel determinism] in parallel.c). Blocks are claimed dynamically, so the
 *     caller is never idle waiting for a worker to wake. Every thread packs into its own
 *     thread-local scratch (matmul_scratch.c), kept and grown across calls, freed at thread exit.
 *   - A single packed product run by threads packs its whole B once, up front (a parallel region
 *     of its own, into the caller's scratch), and splits into blocks of whole rows that each pack
 *     only their A: no operand is packed twice. The blocks shrink geometrically (guided_block), so
 *     the dynamic hand-out balances when a core is slow (another tenant on it) down to a block of
 *     24 rows, while the first blocks are large.
 */
#include "internal.h"
#include "matmul_kernels.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Problems up to this many multiply-adds (256^3) read A in place, and B too when it has unit
 * column stride: their operands sit in L2, and with two threads packing would be done twice. */
#define MM_DIRECT_MACS (1 << 24)
/* Below this many multiply-adds a second thread's hand-off costs what it saves (64^3 gains nothing,
 * 96^3 does: bench_matmul). */
#define MM_PARALLEL_MACS (1 << 19)
/* Matrix-vector and small-K products (matmul_gemv.c) are bound by memory: by reading the matrix
 * once, or writing C once. Below this many elements streamed a second thread's wake-up costs more
 * than it saves; above, two cores' L2s and load queues pay (a batch-1 linear layer's 256x784 weight
 * and its gradient both do). */
#define MM_GEMV_PARALLEL (1 << 16)
/* A single product's B up to this size is packed once, shared by all threads (see run_packed). */
#define MM_SHARED_B_BYTES ((size_t)16 << 20)
/* Shared packed B only from this many MR-row panels per thread; with fewer rows, splitting N (each
 * thread packs its half of B) is faster (bench_ab_matmul, x @ W^T at batch 64 and 128). */
#define MM_SHARED_B_PANELS 8
/* Smallest guided block (guided_block), in MR-row panels: each block streams all of the shared B
 * through L2, however few its rows, so blocks must not get tiny. */
#define MM_GUIDED_MIN 2
/* Bytes of out prefaulted per work item: 16 pages, so a 256 KB output is split four ways. */
#define MM_PF_CHUNK ((size_t)64 << 10)

/* ---- the driver ---------------------------------------------------------------------------- */

typedef struct mm_job {
    const agn_mm_kernel *kd;
    int64_t es; /* element size in bytes */
    char *a, *b, *c;
    int64_t a_bs, a_rs, a_ks; /* strides in elements: batch, row (M), column (K) */
    int64_t b_bs, b_ks, b_ns;
    int64_t c_bs, c_rs, c_cs;
    int64_t M, N, K;
    int32_t accumulate;
    int32_t direct;      /* read A and B in place (run_direct) */
    int32_t pack_a;      /* in run_packed: pack A too, else read it in place */
    char *bp;            /* B packed whole (pack_b_range), or NULL: each block packs its own */
    int64_t bp_ld;       /* N rounded up to NR: elements per k row of bp */
    int32_t gemv_on;     /* run gemv below instead: blocks of mstep rows x nstep outputs */
    agn_mm_gemv gemv;
    int64_t pm, pn, mstep, nstep; /* per batch: pm x pn blocks of mstep rows x nstep columns */
    int64_t guided_threads; /* > 0: the pm blocks are whole rows, shrinking round by round, for
                               this many threads (guided_block); mstep is then unused */
    int64_t items;     /* nb * pm * pn, handed out one at a time through next */
    int32_t fixed;     /* items are tied to threads instead (item k on thread k): see partition_gemv */
    char *pf_lo;       /* out's pages to prefault (prefault.c): with threads, the first */
    size_t pf_len;     /* pf_items items are MM_PF_CHUNK-byte pieces of it */
    int64_t pf_items;
    atomic_llong next;
    /* Two-ended hand-out (direct path): items taken from the front (low 32 bits, the caller) and
     * from the back (high 32 bits, the workers); see claim. */
    atomic_ullong ends;
    int32_t two_ended;
    atomic_int status;
} mm_job;

static inline int64_t min64(int64_t x, int64_t y) { return x < y ? x : y; }
static inline int64_t max64(int64_t x, int64_t y) { return x > y ? x : y; }
static inline int64_t ceil_div(int64_t x, int64_t y) { return (x + y - 1) / y; }

/* Rows [m0, m1) x columns [n0, n1) of one batch, through packed panels. An MC x KC block of A is
 * packed once and reused for every NC block of columns; each KC x NC block of B is packed once
 * per A block (or taken from j->bp, packed once for all blocks) and swept by every MR-row panel
 * of it. */
static void run_packed(const mm_job *j, agn_mm_scratch *s, const char *a, const char *b, char *c,
                       int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
    const agn_mm_kernel *kd = j->kd;
    const int64_t MR = kd->mr, NR = kd->nr, es = j->es;
    char *pa = (char *)s->a, *pb = (char *)s->b;
    const int64_t a_rs = j->pack_a ? 1 : j->a_rs; /* the kernel's view of A */
    for (int64_t ic = m0; ic < m1; ic += kd->mc) {
        int64_t mc = min64(kd->mc, m1 - ic);
        for (int64_t pc = 0; pc < j->K; pc += kd->kc) {
            int64_t kc = min64(kd->kc, j->K - pc);
            int32_t acc = j->accumulate || pc > 0;
            if (j->pack_a)
                kd->pack_a(pa, a + (ic * j->a_rs + pc * j->a_ks) * es, j->a_rs, j->a_ks, mc, kc);
            for (int64_t jc = n0; jc < n1; jc += kd->nc) {
                int64_t nc = min64(kd->nc, n1 - jc);
                if (j->bp) /* K block pc starts pc rows of bp_ld in; its panels are kc deep */
                    pb = j->bp + (pc * j->bp_ld + jc * kc) * es;
                else
                    kd->pack_b(pb, b + (pc * j->b_ks + jc * j->b_ns) * es, j->b_ks, j->b_ns, kc, nc);
                for (int64_t ir = 0; ir < mc; ir += MR) {
                    int32_t mr = (int32_t)min64(MR, mc - ir);
                    char *crow = c + ((ic + ir) * j->c_rs + jc * j->c_cs) * es;
                    const char *ap = j->pack_a ? pa + ir * kc * es
                                               : a + ((ic + ir) * j->a_rs + pc * j->a_ks) * es;
                    int64_t a_ks = j->pack_a ? mr : j->a_ks;
                    for (int64_t jr = 0; jr < nc; jr += NR)
                        kd->ukr(kc, ap, a_rs, a_ks, pb + jr * kc * es, NR,
                                crow + jr * j->c_cs * es, j->c_rs, j->c_cs, mr,
                                (int32_t)min64(NR, nc - jr), acc);
                }
            }
        }
    }
}

/* Same block read in place: B has unit column stride. Full NR-wide column tiles run the whole K
 * in one kernel call; a ragged last tile is packed (zero-padded) KC rows at a time, because the
 * kernel always reads NR columns of B. */
static void run_direct(const mm_job *j, agn_mm_scratch *s, const char *a, const char *b, char *c,
                       int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
    const agn_mm_kernel *kd = j->kd;
    const int64_t MR = kd->mr, NR = kd->nr, es = j->es;
    int64_t n_full = n0 + (n1 - n0) / NR * NR;
    for (int64_t ir = m0; ir < m1; ir += MR) {
        int32_t mr = (int32_t)min64(MR, m1 - ir);
        for (int64_t jr = n0; jr < n_full; jr += NR)
            kd->ukr(j->K, a + ir * j->a_rs * es, j->a_rs, j->a_ks, b + jr * es, j->b_ks,
                    c + (ir * j->c_rs + jr * j->c_cs) * es, j->c_rs, j->c_cs, mr, (int32_t)NR,
                    j->accumulate);
    }
    if (n_full == n1) return;
    for (int64_t pc = 0; pc < j->K; pc += kd->kc) {
        int64_t kc = min64(kd->kc, j->K - pc);
        kd->pack_b(s->b, b + (pc * j->b_ks + n_full) * es, j->b_ks, 1, kc, n1 - n_full);
        for (int64_t ir = m0; ir < m1; ir += MR)
            kd->ukr(kc, a + (ir * j->a_rs + pc * j->a_ks) * es, j->a_rs, j->a_ks, s->b, NR,
                    c + (ir * j->c_rs + n_full * j->c_cs) * es, j->c_rs, j->c_cs,
                    (int32_t)min64(MR, m1 - ir), (int32_t)(n1 - n_full),
                    j->accumulate || pc > 0);
    }
}

/* Rows [m0, m1) x columns [n0, n1) of batch bi, computed over all of K. */
static agn_status run_block(const mm_job *j, int64_t bi, int64_t m0, int64_t m1, int64_t n0,
                            int64_t n1) {
    const agn_mm_kernel *kd = j->kd;
    agn_mm_scratch *s = agn_mm_scratch_get();
    if (!s) return AGN_ERR_OUT_OF_MEMORY;
    /* Scratch for this item's blocks only, so small problems do not allocate full blocks. */
    int64_t kc = min64(kd->kc, j->K), rows = min64(kd->mc, m1 - m0);
    int64_t cols = min64(kd->nc, ceil_div(n1 - n0, kd->nr) * kd->nr);
    size_t a_need = j->pack_a ? (size_t)(rows * kc * j->es) : 0;
    size_t b_need = (size_t)(kc * (j->direct ? kd->nr : cols) * j->es);
    if ((j->direct && (n1 - n0) % kd->nr == 0) || j->bp) b_need = 0;
    if (!agn_mm_scratch_grow(&s->b, &s->b_cap, b_need)) return AGN_ERR_OUT_OF_MEMORY;
    if (!agn_mm_scratch_grow(&s->a, &s->a_cap, a_need)) return AGN_ERR_OUT_OF_MEMORY;
    const char *a = j->a + bi * j->a_bs * j->es, *b = j->b + bi * j->b_bs * j->es;
    char *c = j->c + bi * j->c_bs * j->es;
    if (j->direct) run_direct(j, s, a, b, c, m0, m1, n0, n1);
    else run_packed(j, s, a, b, c, m0, m1, n0, n1);
    return AGN_OK;
}

/* Packs one batch's whole B into j->bp, KC x NC pieces claimed one at a time; K block pc holds
 * kc-deep NR-wide panels starting pc rows of bp_ld in (the layout run_packed reads). */
static void pack_b_range(void *ctx, int64_t begin, int64_t end) {
    mm_job *j = (mm_job *)ctx;
    const agn_mm_kernel *kd = j->kd;
    const int64_t per_k = ceil_div(j->N, kd->nc), es = j->es;
    (void)begin, (void)end; /* one call per thread */
    for (;;) {
        int64_t i = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
        if (i >= j->items) return;
        int64_t pc = i / per_k * kd->kc, jc = i % per_k * kd->nc;
        int64_t kc = min64(kd->kc, j->K - pc), nc = min64(kd->nc, j->N - jc);
        kd->pack_b(j->bp + (pc * j->bp_ld + jc * kc) * es,
                   j->b + (pc * j->b_ks + jc * j->b_ns) * es, j->b_ks, j->b_ns, kc, nc);
    }
}

/* Guided blocks of whole MR-row panels, for a product whose B is packed once and shared: round
 * after round, each of the threads gets one block of 1 / (2 * threads) of the panels left (at
 * least MM_GUIDED_MIN), so the blocks shrink geometrically. The first, large ones amortise
 * streaming all of B through L2 over many rows; the small last ones let a thread whose core runs
 * slower (another tenant on it) fall behind by a small block at most, where equal blocks left the
 * two threads finishing ~1 ms apart at 1024^3. Panels [*t0, *t1) of block `item`; returns the
 * number of blocks when item is past the last. */
static int64_t guided_block(int64_t panels, int64_t threads, int64_t item, int64_t *t0,
                            int64_t *t1) {
    int64_t start = 0, n = 0;
    while (start < panels) {
        int64_t size = max64(MM_GUIDED_MIN, ceil_div(panels - start, 2 * threads));
        int64_t count = min64(threads, ceil_div(panels - start, size));
        if (item < n + count) {
            *t0 = start + (item - n) * size;
            *t1 = min64(*t0 + size, panels);
            return n + count;
        }
        start += count * size;
        n += count;
    }
    return n;
}

/* One parallel work item: block (rem / pn, rem % pn) of batch item / (pm * pn). */
static agn_status run_item(const mm_job *j, int64_t item) {
    int64_t per_batch = j->pm * j->pn, bi = item / per_batch, rem = item % per_batch;
    int64_t rows = j->gemv_on ? j->gemv.rows : j->M, cols = j->gemv_on ? j->gemv.n : j->N;
    int64_t m0 = rem / j->pn * j->mstep, n0 = rem % j->pn * j->nstep;
    int64_t m1 = min64(rows, m0 + j->mstep), n1 = min64(cols, n0 + j->nstep);
    if (j->guided_threads) {
        const int64_t MR = j->kd->mr;
        int64_t t0 = 0, t1 = 0;
        guided_block(ceil_div(j->M, MR), j->guided_threads, rem, &t0, &t1);
        m0 = t0 * MR, m1 = min64(rows, t1 * MR);
    }
    if (m0 >= m1 || n0 >= n1) return AGN_OK;
    if (j->gemv_on) {
        agn_mm_gemv_run(&j->gemv, bi, m0, m1, n0, n1);
        return AGN_OK;
    }
    return run_block(j, bi, m0, m1, n0, n1);
}

/* The next item of a two-ended hand-out, or -1: the caller (front) counts up from the first item,
 * the workers down from the last. A loop of the same product then gives each thread mostly the same
 * rows of A and C every call, which stay in its own cache, while the meeting point still balances a
 * slower core. */
static int64_t claim(mm_job *j, int front) {
    const uint64_t total = (uint64_t)(j->pf_items + j->items);
    uint64_t s = atomic_load_explicit(&j->ends, memory_order_relaxed);
    for (;;) {
        uint64_t f = s & 0xffffffffu, b = s >> 32;
        if (f + b >= total) return -1;
        uint64_t n = front ? s + 1 : s + ((uint64_t)1 << 32);
        if (atomic_compare_exchange_weak_explicit(&j->ends, &s, n, memory_order_relaxed,
                                                  memory_order_relaxed))
            return front ? (int64_t)f : (int64_t)(total - 1 - b);
    }
}

/* Every thread (the caller first, workers as they wake) takes the next unclaimed item until none
 * are left. Which thread computes an item never changes its bits, so this dynamic hand-out keeps
 * determinism while hiding the workers' wake-up latency behind the caller's progress. The first
 * pf_items items prefault pieces of out, mostly done by the caller while the workers wake. */
static void mm_range(void *ctx, int64_t begin, int64_t end) {
    mm_job *j = (mm_job *)ctx;
    if (j->fixed) {
        for (int64_t i = begin; i < end; i++) {
            agn_status st = run_item(j, i);
            if (st != AGN_OK) atomic_store_explicit(&j->status, (int)st, memory_order_relaxed);
        }
        return;
    }
    /* one call per thread; the items are claimed below */
    for (;;) {
        int64_t i = j->two_ended ? claim(j, begin == 0)
                                 : atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
        if (i < 0) return;
        if (i < j->pf_items) {
            size_t off = (size_t)i * MM_PF_CHUNK;
            agn_prefault_range(j->pf_lo + off, j->pf_len - off < MM_PF_CHUNK ? j->pf_len - off : MM_PF_CHUNK);
            continue;
        }
        i -= j->pf_items;
        if (i >= j->items || atomic_load_explicit(&j->status, memory_order_relaxed) != AGN_OK)
            return;
        agn_status st = run_item(j, i);
        if (st != AGN_OK) atomic_store_explicit(&j->status, (int)st, memory_order_relaxed);
    }
}

const agn_mm_kernel *agn_mm_pick_kernel(int32_t dtype) {
    int32_t level = agn_simd_active();
    const agn_mm_kernel *k = NULL;
    (void)level;
#ifdef AGN_HAVE_AVX512
    if (level >= AGN_SIMD_AVX512) k = agn_mm_kernel_avx512(dtype);
#endif
#ifdef AGN_HAVE_AVX2
    if (!k && level >= AGN_SIMD_AVX2) k = agn_mm_kernel_avx2(dtype);
#endif
    if (!k) k = agn_mm_kernel_scalar(dtype);
    return k;
}

/* Splits each batch into q = pm x pn blocks of whole MR x NR tiles.
 * Packed path: every block packs its own A rows and B columns, so blocks are few and large — one
 * per thread unless whole batches already balance — and the factorisation packs the least: cost
 * ~ M/pm + N/pn, ties favouring an N split (threads then pack disjoint B).
 * In-place path: nothing is packed, so blocks are small (~16 per thread, down to half an MR-row
 * panel: 1.02-1.03x at 256^3, paired A/B), and the hand-out ends the threads one block apart.
 * Shared packed B: guided blocks of whole rows (guided_block), each packing only its A. */
static void partition(mm_job *j, int64_t nb, int64_t threads) {
    const int64_t MR = j->kd->mr, NR = j->kd->nr;
    int64_t tm = ceil_div(j->M, MR), tn = ceil_div(j->N, NR);
    if (j->bp) {
        int64_t t0 = 0, t1 = 0;
        j->guided_threads = threads;
        j->pm = guided_block(tm, threads, INT64_MAX, &t0, &t1);
        j->pn = 1;
        j->mstep = MR; /* unused: run_item takes the rows from guided_block */
        j->nstep = j->N;
        return;
    }
    int64_t q = 1;
    if (j->direct) q = ceil_div(16 * threads, nb);
    else if (nb % threads != 0 && nb < 8 * threads) q = threads;
    int64_t pm = 0, pn = 0;
    if (j->direct) { /* whole rows when there are enough: an A panel then sweeps all of B */
        pm = min64(q, tm);
        pn = pm >= 4 * threads ? min64(2, tn) : min64(ceil_div(q, pm), tn);
    }
    double best = 0;
    for (int64_t m = 1; m <= q && !j->direct; m++) {
        if (q % m != 0 || m > tm || q / m > tn) continue;
        double cost = (double)j->M / (double)m + (double)j->N / (double)(q / m);
        if (pm == 0 || cost < best) {
            best = cost;
            pm = m;
            pn = q / m;
        }
    }
    if (pm == 0) { /* too few tiles for q blocks: use what there is */
        pn = min64(q, tn);
        pm = min64(tm, ceil_div(q, pn));
    }
    j->mstep = ceil_div(tm, pm) * MR;
    j->nstep = ceil_div(tn, pn) * NR;
    j->pm = ceil_div(j->M, j->mstep);
    j->pn = ceil_div(j->N, j->nstep);
}

/* The in-place GEMV / small-K path: ~4 contiguous blocks per thread (whole batches when there are
 * enough), so the dynamic hand-out ends balanced: of outputs for a GEMV (multiples of 16 keep the
 * kernels on full vectors), of whole rows for small K. */
/* One batch (every linear layer) is cut into exactly one contiguous piece per thread, thread k
 * taking piece k: the same halves of a weight as the elementwise kernels give each thread
 * (agn_parallel_for's chunks), so a training step's forward product, weight gradient and
 * optimizer update each find their half of the weight in their own core's L2 (measured in the
 * MLP step: the update ran ~3x slower when its halves sat in the other core's cache). */
static void partition_gemv(mm_job *j, int64_t nb, int64_t threads) {
    j->fixed = nb == 1;
    int64_t rows = j->gemv.rows, n = j->gemv.n, q = j->fixed ? threads : ceil_div(4 * threads, nb);
    j->mstep = rows == 1 ? 1 : ceil_div(rows, q);
    j->nstep = rows == 1 ? ceil_div(ceil_div(n, q), 16) * 16 : n;
    j->pm = ceil_div(rows, j->mstep);
    j->pn = ceil_div(n, j->nstep);
}

static void zero_fill(const agn_tensor *out, int64_t es) {
    for (int64_t b = 0; b < out->shape[0]; b++)
        for (int64_t m = 0; m < out->shape[1]; m++)
            for (int64_t n = 0; n < out->shape[2]; n++)
                memset((char *)out->data +
                           (b * out->strides[0] + m * out->strides[1] + n * out->strides[2]) * es,
                       0, (size_t)es);
}

static agn_status validate(const agn_tensor *a, const agn_tensor *b, const agn_tensor *out) {
    if (!a || !b || !out) return AGN_ERR_NULL_ARGUMENT;
    const agn_tensor *ops[3] = {a, b, out};
    for (int i = 0; i < 3; i++) {
        agn_status s = agn_check_tensor(ops[i]);
        if (s != AGN_OK) return s;
    }
    for (int i = 0; i < 3; i++)
        if (ops[i]->ndim != 3) return AGN_ERR_SHAPE;
    if (a->dtype != b->dtype || a->dtype != out->dtype) return AGN_ERR_DTYPE;
    if (a->dtype != AGN_DTYPE_FLOAT32 && a->dtype != AGN_DTYPE_FLOAT64 &&
        a->dtype != AGN_DTYPE_INT64)
        return AGN_ERR_DTYPE;
    if (b->shape[0] != a->shape[0] || out->shape[0] != a->shape[0] ||
        b->shape[1] != a->shape[2] || out->shape[1] != a->shape[1] ||
        out->shape[2] != b->shape[2])
        return AGN_ERR_SHAPE;
    return AGN_OK;
}

agn_status agn_matmul(const agn_tensor *a, const agn_tensor *bmat, const agn_tensor *out,
                      int32_t accumulate) {
    agn_enter();
    agn_status st = validate(a, bmat, out);
    if (st != AGN_OK) return st;
    int64_t nb = a->shape[0], M = a->shape[1], K = a->shape[2], N = bmat->shape[2];
    int64_t es = agn_dtype_size(a->dtype);
    if (nb == 0 || M == 0 || N == 0) return AGN_OK;
    if (K == 0) { /* an empty sum: zeros, or out unchanged when accumulating */
        if (!accumulate) zero_fill(out, es);
        return AGN_OK;
    }

    mm_job j;
    memset(&j, 0, sizeof j);
    agn_prefault_extent(out, &j.pf_lo, &j.pf_len);
    j.a = (char *)a->data;
    j.b = (char *)bmat->data;
    j.c = (char *)out->data;
    j.a_bs = a->strides[0], j.a_rs = a->strides[1], j.a_ks = a->strides[2];
    j.b_bs = bmat->strides[0], j.b_ks = bmat->strides[1], j.b_ns = bmat->strides[2];
    j.c_bs = out->strides[0], j.c_rs = out->strides[1], j.c_cs = out->strides[2];
    j.M = M, j.N = N, j.K = K;
    /* The kernels store C rows as vectors. A column-major out is computed as out^T = b^T @ a^T:
     * the same products summed in the same order, so the bits do not change. */
    if (N > 1 && j.c_cs != 1 && (j.c_rs == 1 || M == 1)) {
        char *t = j.a;
        j.a = j.b, j.b = t;
        int64_t a_bs = j.a_bs, a_rs = j.a_rs, a_ks = j.a_ks;
        j.a_bs = j.b_bs, j.a_rs = j.b_ns, j.a_ks = j.b_ks;
        j.b_bs = a_bs, j.b_ks = a_ks, j.b_ns = a_rs;
        int64_t c_rs = j.c_rs;
        j.c_rs = j.c_cs, j.c_cs = c_rs;
        j.M = N, j.N = M;
    }
    if (j.N == 1) j.b_ns = j.c_cs = 1; /* a single column: its stride is never stepped */

    j.kd = agn_mm_pick_kernel(a->dtype);
    j.es = es;
    j.accumulate = accumulate != 0;
    double macs = (double)nb * (double)M * (double)N * (double)K;
    /* The choice of path depends only on the problem, never on the thread count. */
    int small = macs <= (double)MM_DIRECT_MACS || j.M <= j.kd->mr;
    j.direct = small && j.b_ns == 1;
    j.pack_a = !small;
    atomic_init(&j.status, AGN_OK);
    atomic_init(&j.next, 0);
    int64_t as[3] = {j.a_bs, j.a_rs, j.a_ks}, bs[3] = {j.b_bs, j.b_ks, j.b_ns};
    int64_t cs[3] = {j.c_bs, j.c_rs, j.c_cs};
    j.gemv_on = agn_mm_gemv_plan(&j.gemv, j.kd, es, j.M, j.N, K, j.a, as, j.b, bs, j.c, cs,
                                 j.accumulate);

    /* Small work stays on the caller (waking a worker costs more than it saves); an out whose
     * batches alias (stride 0) must run in order. */
    int64_t threads = 1;
    int big = j.gemv_on ? (double)nb * (double)j.gemv.n * (double)(j.gemv.rows + K) >=
                              (double)MM_GEMV_PARALLEL /* X read, or C written */
                        : macs >= (double)MM_PARALLEL_MACS;
    if (big && !(nb > 1 && j.c_bs == 0)) threads = agn_get_num_threads();
    /* With threads, one product's B is packed once, up front, for all of them (see run_packed):
     * the panels and the kernel calls on them are the same either way, so are the bits. Alone, a
     * thread packs each B block just before it sweeps it, while it is still in L2. */
    if (threads > 1 && !j.direct && !j.gemv_on && nb == 1 &&
        ceil_div(j.M, j.kd->mr) >= MM_SHARED_B_PANELS * threads) {
        j.bp_ld = ceil_div(j.N, j.kd->nr) * j.kd->nr;
        size_t bytes = (size_t)(j.bp_ld * K * es);
        agn_mm_scratch *s = bytes <= MM_SHARED_B_BYTES ? agn_mm_scratch_get() : NULL;
        if (s && agn_mm_scratch_grow(&s->shared, &s->shared_cap, bytes)) j.bp = (char *)s->shared;
    }
    if (j.bp) { /* a region of its own: every block needs all of B */
        j.items = ceil_div(K, j.kd->kc) * ceil_div(j.N, j.kd->nc);
        agn_parallel_for(min64(threads, j.items), 1, pack_b_range, &j);
        atomic_store(&j.next, 0);
    }
    if (threads == 1) { /* one item per batch */
        if (j.pf_len) agn_prefault_range(j.pf_lo, j.pf_len);
        j.pm = j.pn = 1;
        j.mstep = j.gemv_on ? j.gemv.rows : j.M;
        j.nstep = j.gemv_on ? j.gemv.n : j.N;
        for (int64_t bi = 0; bi < nb; bi++) {
            st = run_item(&j, bi);
            if (st != AGN_OK) return st;
        }
        return AGN_OK;
    }
    if (j.gemv_on) partition_gemv(&j, nb, threads);
    else partition(&j, nb, threads);
    j.items = nb * j.pm * j.pn;
    j.pf_items = (int64_t)((j.pf_len + MM_PF_CHUNK - 1) / MM_PF_CHUNK);
    if (j.fixed) { /* fixed items cannot interleave prefault chunks: the caller does them first */
        if (j.pf_len) agn_prefault_range(j.pf_lo, j.pf_len);
        j.pf_items = 0;
    }
    atomic_init(&j.ends, 0);
    j.two_ended = j.direct && j.pf_items + j.items < ((int64_t)1 << 31);
    agn_parallel_for(min64(threads, j.items), 1, mm_range, &j);
    return (agn_status)atomic_load(&j.status);
}
