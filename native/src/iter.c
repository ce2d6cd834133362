/* The strided N-d iterator and the contiguous fast path shared by every elementwise family (the
 * descriptor checks they start with are inline in internal.h). */
#include "internal.h"

typedef struct flat_job {
    agn_row_fn fn;
    void *ctx;
    int32_t nops;
    char *base[AGN_MAX_OPERANDS];
    int64_t esize[AGN_MAX_OPERANDS];
    int32_t prefetch; /* the output is small enough to prefetch (PF_MAX) */
} flat_job;

/* Bytes of output per row call, and how far ahead of the stores its lines are requested. */
#define PF_BLOCK 4096
#define PF_AHEAD 8192
/* Larger outputs are left to the hardware prefetchers, which by then have ramped up (explicit
 * prefetches slowed a long exp down). */
#define PF_MAX ((int64_t)1 << 20)

/* Elements [begin, end) of a flat job. The output is most often a fresh .NET array, whose lines
 * were last touched a whole gen-0 budget (tens of MB here) ago: in DRAM. A store to such a line
 * waits for it (read for ownership), and the hardware prefetchers stop at every 4 KB page. So the
 * range runs in blocks of PF_BLOCK output bytes, and before each the lines PF_AHEAD past it are
 * requested for writing (prefetchw, never past this range, which another thread may own). Outputs
 * already in cache run the same either way. */
/* Requests bytes [from, to) of out, clipped to its first len bytes, for writing. Offsets rather than
 * pointers, so no pointer past the range is ever formed. */
static inline void prefetch_for_write(const char *out, int64_t from, int64_t to, int64_t len) {
    if (to > len) to = len;
    for (int64_t off = from; off < to; off += 64) __builtin_prefetch(out + off, 1, 3);
}

static void flat_run(const flat_job *j, int64_t begin, int64_t end) {
    char *ptrs[AGN_MAX_OPERANDS];
    const int64_t es = j->esize[0]; /* the output: contiguous, never a broadcast */
    const char *const out = j->base[0] + begin * es;
    const int64_t len = (end - begin) * es;
    int fresh = 1; /* in place (x.add_(y), an optimizer step) the output is read anyway, mostly from cache */
    for (int32_t k = 1; k < j->nops; k++) fresh &= j->base[k] != j->base[0];
    /* A large output may sit on pages not mapped yet (a fresh large .NET array when the buffer pool has
     * none of its size): one system call maps this range's instead of a page fault per 4 KB (prefault.c). */
    if (fresh) agn_prefault_bytes((char *)out, (size_t)len);
    fresh &= j->prefetch;
    const int64_t step = fresh ? PF_BLOCK / es : end - begin;
    if (fresh) prefetch_for_write(out, 0, PF_AHEAD, len);
    for (int64_t b = begin; b < end; b += step) {
        const int64_t ahead = (b - begin) * es + PF_AHEAD;
        if (fresh) prefetch_for_write(out, ahead, ahead + PF_BLOCK, len);
        for (int32_t k = 0; k < j->nops; k++) ptrs[k] = j->base[k] + b * j->esize[k];
        j->fn(j->ctx, end - b < step ? end - b : step, ptrs, j->esize);
    }
}

static void flat_range(void *p, int64_t begin, int64_t end) {
    flat_run((const flat_job *)p, begin, end);
}

/* 1 when every element of t is the same memory (a scalar broadcast: stride 0 on every dim > 1). */
static int is_broadcast_scalar(const agn_tensor *t) {
    for (int32_t d = 0; d < t->ndim; d++)
        if (t->shape[d] > 1 && t->strides[d] != 0) return 0;
    return 1;
}

int agn_run_flat(int32_t nops, const agn_tensor *const *ops, agn_row_fn fn, void *ctx, int64_t grain) {
    flat_job j; /* only the first nops entries of base / esize are read */
    j.fn = fn, j.ctx = ctx, j.nops = nops;
    for (int32_t k = 0; k < nops; k++) {
        /* inputs may also be one broadcast value (x * 2.0 as a 0-d tensor, a gradient expanded from a
         * scalar): stride 0 throughout, which every row loop handles */
        int contiguous = agn_is_contiguous(ops[k]);
        int scalar = !contiguous && k > 0 && is_broadcast_scalar(ops[k]);
        if (!contiguous && !scalar) return 0;
        j.base[k] = (char *)ops[k]->data;
        j.esize[k] = scalar ? 0 : agn_dtype_size(ops[k]->dtype);
    }
    const int64_t n = agn_numel(ops[0]);
    if (n <= 0) return 1; /* as agn_parallel_for: no row call for an empty range */
    j.prefetch = n * j.esize[0] <= PF_MAX;
    if (n * j.esize[0] <= PF_BLOCK) fn(ctx, n, j.base, j.esize); /* one block: nothing to prefetch */
    else if (agn_parallel_tiny(n, grain)) flat_run(&j, 0, n); /* serial in agn_parallel_for too */
    else agn_parallel_for(n, grain, flat_range, &j);
    return 1;
}

static agn_status iter_init(agn_iter *it, int32_t nops, const agn_tensor *const *ops, int stored);

agn_status agn_iter_init(agn_iter *it, int32_t nops, const agn_tensor *const *ops) {
    return iter_init(it, nops, ops, 0);
}

agn_status agn_iter_init_stored(agn_iter *it, int32_t nops, const agn_tensor *const *ops) {
    return iter_init(it, nops, ops, 1);
}

static agn_status iter_init(agn_iter *it, int32_t nops, const agn_tensor *const *ops, int stored) {
    agn_status s = agn_check_operands(nops, ops, stored);
    if (s != AGN_OK) return s;
    /* no memset: only the first ndim entries of shape/strides are ever read */
    it->nops = nops;
    it->numel = agn_numel(ops[0]);
    for (int32_t k = 0; k < nops; k++) it->data[k] = (char *)ops[k]->data;
    if (it->numel == 0) { /* nothing to visit: an empty tensor's strides may be anything */
        it->ndim = 1;
        it->shape[0] = 0;
        for (int32_t k = 0; k < nops; k++) it->strides[k][0] = agn_dtype_size(ops[k]->dtype);
        return AGN_OK;
    }

    /* Drop size-1 dims, then merge a dim into the next when it is contiguous with it for all. */
    int32_t nd = 0;
    for (int32_t d = 0; d < ops[0]->ndim; d++) {
        int64_t size = ops[0]->shape[d];
        if (size == 1) continue;
        if (nd > 0) {
            int mergeable = 1;
            for (int32_t k = 0; k < nops && mergeable; k++) {
                int64_t es = agn_dtype_size(ops[k]->dtype), outer; /* stride * es fits: Note [Checked extents] */
                mergeable = !__builtin_mul_overflow(ops[k]->strides[d] * es, size, &outer) &&
                            it->strides[k][nd - 1] == outer;
            }
            if (mergeable) {
                it->shape[nd - 1] *= size;
                for (int32_t k = 0; k < nops; k++)
                    it->strides[k][nd - 1] = ops[k]->strides[d] * agn_dtype_size(ops[k]->dtype);
                continue;
            }
        }
        it->shape[nd] = size;
        for (int32_t k = 0; k < nops; k++)
            it->strides[k][nd] = ops[k]->strides[d] * agn_dtype_size(ops[k]->dtype);
        nd++;
    }
    if (nd == 0) { /* scalar or all-ones shape */
        it->shape[0] = it->numel; /* 1, or 0 for an empty all-ones shape (impossible) */
        for (int32_t k = 0; k < nops; k++) it->strides[k][0] = agn_dtype_size(ops[k]->dtype);
        nd = 1;
    }
    it->ndim = nd;
    return AGN_OK;
}

typedef struct iter_job {
    const agn_iter *it;
    agn_row_fn fn;
    void *ctx;
    int64_t out_es; /* > 0: the output is dense in visiting order (element i at data[0] + i * out_es),
                       so its lines are prefetched for writing as in flat_run; 0: not */
} iter_job;

/* Visits elements [begin, end) in row-major order of the coalesced shape. */
static void iter_range(void *p, int64_t begin, int64_t end) {
    const iter_job *job = (const iter_job *)p;
    const agn_iter *it = job->it;
    const int32_t nd = it->ndim, nops = it->nops;
    const int64_t inner = it->shape[nd - 1];
    int64_t idx[AGN_MAX_DIMS];
    char *ptrs[AGN_MAX_OPERANDS];
    int64_t inner_strides[AGN_MAX_OPERANDS];

    int64_t rem = begin;
    for (int32_t d = nd - 1; d >= 0; d--) {
        idx[d] = rem % it->shape[d];
        rem /= it->shape[d];
    }
    for (int32_t k = 0; k < nops; k++) {
        char *ptr = it->data[k];
        for (int32_t d = 0; d < nd; d++) ptr += idx[d] * it->strides[k][d];
        ptrs[k] = ptr;
        inner_strides[k] = it->strides[k][nd - 1];
    }
    const int64_t es = job->out_es, len = (end - begin) * es;
    const char *const out = it->data[0] + begin * es; /* element pos at out + (pos - begin) * es */
    if (es) prefetch_for_write(out, 0, PF_AHEAD, len);
    int64_t pos = begin;
    while (pos < end) {
        int64_t n = inner - idx[nd - 1];
        if (n > end - pos) n = end - pos;
        if (es) prefetch_for_write(out, (pos - begin) * es + PF_AHEAD, (pos - begin + n) * es + PF_AHEAD, len);
        job->fn(job->ctx, n, ptrs, inner_strides);
        pos += n;
        if (pos >= end) break;
        /* advance to the start of the next row */
        for (int32_t k = 0; k < nops; k++) ptrs[k] += n * inner_strides[k];
        idx[nd - 1] += n;
        for (int32_t d = nd - 1; d > 0 && idx[d] == it->shape[d]; d--) {
            for (int32_t k = 0; k < nops; k++)
                ptrs[k] += it->strides[k][d - 1] - it->shape[d] * it->strides[k][d];
            idx[d] = 0;
            idx[d - 1]++;
        }
    }
}

void agn_iter_run(const agn_iter *it, agn_row_fn fn, void *ctx, int64_t grain) {
    if (it->numel == 0) return;
    /* A fresh output of a broadcast op (a bias added to a batch) is as cold as flat_run's; an output
     * that an input aliases is read anyway. */
    int64_t out_es = it->strides[0][it->ndim - 1], expect = out_es;
    for (int32_t d = it->ndim - 1; d >= 0 && out_es > 0; d--) {
        if (it->strides[0][d] != expect) out_es = 0;
        expect *= it->shape[d];
    }
    for (int32_t k = 1; k < it->nops; k++)
        if (it->data[k] == it->data[0]) out_es = 0;
    if (it->numel * out_es <= PF_BLOCK || it->numel * out_es > PF_MAX) out_es = 0;
    iter_job job = {it, fn, ctx, out_es};
    agn_parallel_for(it->numel, grain, iter_range, &job);
}
