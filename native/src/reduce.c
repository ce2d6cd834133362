/* Reductions (SUM PROD MAX MIN) over any set of dims, with optional argmax/argmin indices.
 *
 * Note [Reduction layout]: dims of size 1 are dropped and the rest split into kept dims (out keeps
 * the size) and reduced dims (out has 1). Two loop shapes, chosen by x's strides:
 *  - horizontal: x's smallest-stride dim is reduced. Each output element walks its reduced
 *    elements along that dim (contiguous for row-major sums over the last dim).
 *  - vertical: x's smallest-stride dim is kept (e.g. summing dim 0 of a row-major matrix). A task
 *    owns a tile of up to TILE outputs along that dim and, for every reduced position, adds a whole
 *    row segment into TILE accumulators, so memory is read row by row, never column by column.
 * Accumulators are double for float inputs and wrapping int64 for INT64/BOOL inputs; the one
 * exception is a contiguous run of a float SUM, summed in lanes of its own type per fixed block
 * whose partials are added in double (Note [Float sum blocks]).
 *
 * Note [Reduction determinism]: work is cut into (tile, chunk) tasks by the SHAPE alone: with
 * fewer than SPLIT_TASKS output tiles and a long reduced extent, the flattened reduced range is cut
 * into chunks (>= a grain of work each, <= SPLIT_TASKS tasks in all) whose partials are combined
 * in chunk order on the calling thread. Each task folds in a fixed order and agn_parallel_for only
 * decides who runs which task, so results are bit-identical for every thread count. (Float SUM
 * chunks are whole multiples of SUM_BLOCK, so chunking never changes where the blocks fall.)
 *
 * MAX/MIN propagate NaN (the first NaN wins, and its position is the index); otherwise the index is
 * that of the first extreme value. Bool inputs: SUM/PROD count into INT64, MAX/MIN are any/all.
 *
 * Note [Half reduction]: FLOAT16 / BFLOAT16 inputs (into their own dtype or FLOAT32) run the float32
 * folds over float32 copies of pieces of the input, widened exactly (agn_widen_row) into a stack
 * buffer of HALF_BUF elements. Pieces are cut where the float32 fold's order does not change: a
 * horizontal run at multiples of SUM_BLOCK (whole blocks, their partials added in block order) and
 * of H_LANES (lane j keeps taking elements j, j + H_LANES, ... across pieces, and the lane tree runs
 * once at the end), a vertical fold between rows (each column folds its rows in order). So the
 * result has the bits of reducing a float32 copy of x with x's strides, without that copy; a half
 * output rounds the double accumulator to float32 and that to nearest even, as storing the float32
 * result would. LibTorch accumulates Half / BFloat16 in float32 (cascade_sum) and rounds once to the
 * half type; our accumulators are at least as precise, so the two agree up to the float32 rounding
 * of LibTorch's partial sums, far below a half ulp of sum|x|. */
#include "half.h"
#include "half_convert.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>

#define TILE 1024       /* outputs one vertical task accumulates at once (24 KB of stack) */
#define SPLIT_TASKS 64  /* fewer output tiles than this: cut the reduced range into chunks */
#define SMALL_INNER 16  /* a reduced innermost dim shorter than this prefers the vertical shape */

typedef struct racc {
    double f;
    int64_t i, arg;
} racc;

typedef struct tile_acc { /* SoA so the vertical loops vectorise */
    double f[TILE];
    int64_t i[TILE], arg[TILE];
} tile_acc;

typedef struct plan {
    int32_t op, fop, xdt, odt, want_idx, vertical, fl;
    int32_t nk, nr;
    int64_t ks[AGN_MAX_DIMS], kx[AGN_MAX_DIMS], ko[AGN_MAX_DIMS], ki[AGN_MAX_DIMS]; /* outer kept */
    int64_t rs[AGN_MAX_DIMS], rx[AGN_MAX_DIMS];                                     /* reduced */
    int64_t rnumel;
    int64_t vn, vx, vo, vi; /* the vertical dim (vn = 1, strides 0 when horizontal) */
    int64_t vtiles, ntiles, tile_w, chunk, nchunks;
    char *x, *o, *ix;
    racc *part;
} plan;

#include "reduce_folds.h"

static void init_acc(const plan *p, tile_acc *a, int64_t w, int64_t r0) {
    double f = 0;
    int64_t i = 0;
    switch (p->op) {
    case AGN_REDUCE_PROD: f = 1; i = 1; break;
    case AGN_REDUCE_MAX: f = -INFINITY; i = INT64_MIN; break;
    case AGN_REDUCE_MIN: f = INFINITY; i = INT64_MAX; break;
    }
    for (int64_t j = 0; j < w; j++) {
        a->f[j] = f;
        a->i[j] = i;
        a->arg[j] = r0; /* an all -inf (or all INT64_MIN) range points at its first element */
    }
}

/* Walks flattened reduced positions [r0, r1) from base, folding runs along the innermost one. */
static void walk(const plan *p, tile_acc *a, folds fold, const char *base, int64_t w,
                 int64_t r0, int64_t r1) {
    const int32_t nr = p->nr;
    const int64_t inner = p->rs[nr - 1], ist = p->rx[nr - 1];
    int64_t idx[AGN_MAX_DIMS], rem = r0;
    for (int32_t d = nr - 1; d >= 0; d--) {
        idx[d] = rem % p->rs[d];
        rem /= p->rs[d];
    }
    const char *ptr = base;
    for (int32_t d = 0; d < nr; d++) ptr += idx[d] * p->rx[d];
    for (int64_t pos = r0; pos < r1;) {
        int64_t n = inner - idx[nr - 1];
        if (n > r1 - pos) n = r1 - pos;
        void *acc = fold.fl ? (void *)a->f : (void *)a->i;
        if (p->vertical)
            fold.v(acc, a->arg, p->fop, ptr, w, p->vx, pos, n, ist);
        else
            fold.h(acc, a->arg, p->fop, ptr, n, ist, pos);
        pos += n;
        if (pos >= r1) break;
        ptr += n * ist;
        idx[nr - 1] += n;
        for (int32_t d = nr - 1; d > 0 && idx[d] == p->rs[d]; d--) {
            ptr += p->rx[d - 1] - p->rs[d] * p->rx[d];
            idx[d] = 0;
            idx[d - 1]++;
        }
    }
}

/* Byte offsets of tile t's first output in x, out and indices; *w gets its width. */
static void tile_offsets(const plan *p, int64_t t, int64_t *xo, int64_t *oo, int64_t *io,
                         int64_t *w) {
    int64_t q = t / p->vtiles, j0 = (t % p->vtiles) * TILE;
    *xo = j0 * p->vx;
    *oo = j0 * p->vo;
    *io = j0 * p->vi;
    *w = p->vertical ? (p->vn - j0 < TILE ? p->vn - j0 : TILE) : 1;
    for (int32_t d = p->nk - 1; d >= 0; d--) {
        int64_t k = q % p->ks[d];
        q /= p->ks[d];
        *xo += k * p->kx[d];
        *oo += k * p->ko[d];
        *io += k * p->ki[d];
    }
}

static void store(const plan *p, int64_t oo, int64_t io, int64_t j, double f, int64_t i,
                  int64_t arg) {
    char *o = p->o + oo + j * p->vo;
    switch (p->odt) {
    case AGN_DTYPE_FLOAT32: *(agn_f32 *)o = (float)f; break;
    case AGN_DTYPE_FLOAT64: *(agn_f64 *)o = f; break;
    case AGN_DTYPE_FLOAT16: *(uint16_t *)o = agn_f32_to_f16((float)f); break;
    case AGN_DTYPE_BFLOAT16: *(uint16_t *)o = agn_f32_to_bf16((float)f); break;
    case AGN_DTYPE_INT64: *(agn_i64 *)o = i; break;
    case AGN_DTYPE_BOOL: *(agn_b8 *)o = (agn_b8)(i != 0); break;
    }
    if (p->want_idx) *(agn_i64 *)(p->ix + io + j * p->vi) = arg;
}

static void run_tasks(void *ctx, int64_t begin, int64_t end) {
    const plan *p = (const plan *)ctx;
    folds fold = pick_folds(p->xdt);
    tile_acc a;
    for (int64_t task = begin; task < end; task++) {
        int64_t t = task / p->nchunks, c = task % p->nchunks, xo, oo, io, w;
        tile_offsets(p, t, &xo, &oo, &io, &w);
        int64_t r0 = c * p->chunk, r1 = r0 + p->chunk < p->rnumel ? r0 + p->chunk : p->rnumel;
        init_acc(p, &a, w, r0);
        walk(p, &a, fold, p->x + xo, w, r0, r1);
        if (p->nchunks == 1) {
            for (int64_t j = 0; j < w; j++) store(p, oo, io, j, a.f[j], a.i[j], a.arg[j]);
        } else {
            racc *slot = p->part + task * p->tile_w;
            for (int64_t j = 0; j < w; j++) slot[j] = (racc){a.f[j], a.i[j], a.arg[j]};
        }
    }
}

/* Folds chunk partials in chunk order (see Note [Reduction determinism]). */
static void combine(const plan *p) {
    for (int64_t t = 0; t < p->ntiles; t++) {
        int64_t xo, oo, io, w;
        tile_offsets(p, t, &xo, &oo, &io, &w);
        for (int64_t j = 0; j < w; j++) {
            racc r = p->part[t * p->nchunks * p->tile_w + j];
            for (int64_t c = 1; c < p->nchunks; c++) {
                racc q = p->part[(t * p->nchunks + c) * p->tile_w + j];
                switch (p->op) {
                case AGN_REDUCE_SUM: r.f += q.f; r.i = IADD(r.i, q.i); break;
                case AGN_REDUCE_PROD: r.f *= q.f; r.i = IMUL(r.i, q.i); break;
                case AGN_REDUCE_MAX:
                    if (p->fl ? BETTER_MAX(q.f, r.f) : q.i > r.i) r = q;
                    break;
                case AGN_REDUCE_MIN:
                    if (p->fl ? BETTER_MIN(q.f, r.f) : q.i < r.i) r = q;
                    break;
                }
            }
            store(p, oo, io, j, r.f, r.i, r.arg);
        }
    }
}

static agn_status validate(int32_t op, const agn_tensor *x, const agn_tensor *out,
                           const agn_tensor *indices) {
    if (op < AGN_REDUCE_SUM || op > AGN_REDUCE_MIN) return AGN_ERR_INVALID_ARGUMENT;
    /* float16 / bfloat16 x (Note [Half reduction]): out of x's dtype or FLOAT32 */
    const int half = x && agn_is_half(x->dtype);
    agn_status s = half ? agn_check_stored(x) : agn_check_tensor(x);
    if (s == AGN_OK) s = half && out && out->dtype == x->dtype ? agn_check_stored(out) : agn_check_tensor(out);
    if (s == AGN_OK && indices) s = agn_check_tensor(indices);
    if (s != AGN_OK) return s;
    int32_t want = x->dtype;
    if (x->dtype == AGN_DTYPE_BOOL && (op == AGN_REDUCE_SUM || op == AGN_REDUCE_PROD))
        want = AGN_DTYPE_INT64;
    if (half && out->dtype == AGN_DTYPE_FLOAT32) want = AGN_DTYPE_FLOAT32;
    if (out->dtype != want) return AGN_ERR_DTYPE;
    if (x->ndim != out->ndim) return AGN_ERR_SHAPE;
    int32_t reduced = 0;
    for (int32_t d = 0; d < x->ndim; d++) {
        if (out->shape[d] != x->shape[d] && out->shape[d] != 1) return AGN_ERR_SHAPE;
        if (out->shape[d] != x->shape[d]) reduced++;
    }
    if (indices) {
        if (op != AGN_REDUCE_MAX && op != AGN_REDUCE_MIN) return AGN_ERR_INVALID_ARGUMENT;
        if (indices->dtype != AGN_DTYPE_INT64) return AGN_ERR_DTYPE;
        if (!agn_same_shape(indices, out)) return AGN_ERR_SHAPE;
        if (reduced > 1) return AGN_ERR_INVALID_ARGUMENT;
    }
    return AGN_OK;
}

/* A small contiguous tensor reduced to one value (the sum or mean of every loss): the plan in
 * agn_reduce comes to a single run folded by a single task (one reduced dim after merging, one
 * tile, one chunk, from position 0), so folding that run here gives the same bits, without zeroing
 * the ~1 KB plan, walking it and dispatching one task, which cost more than folding a few elements. */
static int reduce_small_full(int32_t op, const agn_tensor *x, const agn_tensor *out,
                             const agn_tensor *indices) {
    const int64_t n = agn_numel(x);
    if (agn_numel(out) != 1 || n == 0 || n > 2 * AGN_GRAIN_ELEMENTWISE || !agn_is_contiguous(x))
        return 0;
    plan p; /* only what init_acc and store read */
    p.op = op;
    p.odt = out->dtype;
    p.o = (char *)out->data;
    p.vo = p.vi = 0;
    p.want_idx = indices != NULL;
    p.ix = indices ? (char *)indices->data : NULL;
    tile_acc a;
    init_acc(&p, &a, 1, 0);
    folds fold = pick_folds(x->dtype);
    fold.h(fold.fl ? (void *)a.f : (void *)a.i, a.arg, indices ? op + ARG_OFFSET : op,
           (const char *)x->data, n, agn_dtype_size(x->dtype), 0);
    store(&p, 0, 0, 0, a.f[0], a.i[0], a.arg[0]);
    return 1;
}

agn_status agn_reduce(int32_t op, const agn_tensor *x, const agn_tensor *out,
                      const agn_tensor *indices) {
    agn_enter();
    agn_status s = validate(op, x, out, indices);
    if (s != AGN_OK) return s;
    if (agn_numel(out) == 0 || reduce_small_full(op, x, out, indices)) return AGN_OK;
    plan p = {.op = op, .fop = indices ? op + ARG_OFFSET : op, .xdt = x->dtype, .odt = out->dtype,
              .want_idx = indices != NULL, .fl = agn_computes_f32(x->dtype) || agn_is_floating(x->dtype), .rnumel = 1, .vn = 1,
              .x = (char *)x->data, .o = (char *)out->data, .ix = indices ? (char *)indices->data : NULL};
    const int64_t xes = agn_dtype_size(x->dtype), oes = agn_dtype_size(out->dtype);
    int32_t dk[AGN_MAX_DIMS], nk = 0, best = -1, best_kept = -1;
    for (int32_t d = 0; d < x->ndim; d++) {
        if (x->shape[d] == 1) continue;
        int64_t sx = llabs(x->strides[d]);
        if (best < 0 || sx <= llabs(x->strides[best])) best = d;
        if (out->shape[d] == x->shape[d]) {
            dk[nk++] = d;
            if (best_kept < 0 || sx <= llabs(x->strides[best_kept])) best_kept = d;
        } else { /* reduced: insert keeping |stride| descending, so the last one is innermost */
            int32_t k = p.nr++;
            while (k > 0 && llabs(p.rx[k - 1]) < sx * xes) {
                p.rs[k] = p.rs[k - 1];
                p.rx[k] = p.rx[k - 1];
                k--;
            }
            p.rs[k] = x->shape[d];
            p.rx[k] = x->strides[d] * xes;
            p.rnumel *= x->shape[d];
        }
    }
    if (p.rnumel == 0) { /* an empty reduced extent: the identity, or no answer for MAX/MIN */
        if (op == AGN_REDUCE_MAX || op == AGN_REDUCE_MIN) return AGN_ERR_SHAPE;
        return agn_unary(AGN_UNARY_FILL, NULL, out, op == AGN_REDUCE_SUM ? 0.0 : 1.0, 0.0);
    }
    /* Merge reduced dims that are contiguous with each other (outer stride = inner extent). */
    int32_t m = 0;
    for (int32_t k = 0; k < p.nr; k++) {
        if (m > 0 && p.rx[m - 1] == p.rx[k] * p.rs[k]) {
            p.rs[m - 1] *= p.rs[k];
            p.rx[m - 1] = p.rx[k];
        } else {
            p.rs[m] = p.rs[k];
            p.rx[m++] = p.rx[k];
        }
    }
    p.nr = m;
    if (p.nr == 0) { p.nr = 1; p.rs[0] = 1; p.rx[0] = 0; } /* nothing reduced: one position */
    p.vertical = best_kept >= 0 && (best == best_kept || p.rs[p.nr - 1] < SMALL_INNER);
    for (int32_t k = 0; k < nk; k++) {
        int32_t d = dk[k];
        int64_t is = indices ? indices->strides[d] * 8 : 0;
        if (p.vertical && d == best_kept) {
            p.vn = x->shape[d];
            p.vx = x->strides[d] * xes;
            p.vo = out->strides[d] * oes;
            p.vi = is;
            continue;
        }
        p.ks[p.nk] = x->shape[d];
        p.kx[p.nk] = x->strides[d] * xes;
        p.ko[p.nk] = out->strides[d] * oes;
        p.ki[p.nk] = is;
        p.nk++;
    }
    p.tile_w = p.vertical ? TILE : 1;
    p.vtiles = (p.vn + p.tile_w - 1) / p.tile_w;
    p.ntiles = p.vtiles;
    for (int32_t k = 0; k < p.nk; k++) p.ntiles *= p.ks[k];
    const int64_t width = p.vn < p.tile_w ? p.vn : p.tile_w;
    p.chunk = p.rnumel;
    p.nchunks = 1;
    if (p.ntiles < SPLIT_TASKS && p.rnumel * width > 2 * AGN_GRAIN_ELEMENTWISE) {
        /* chunks of at least a grain of work, and at most SPLIT_TASKS tasks in all */
        int64_t by_work = p.rnumel * width / AGN_GRAIN_ELEMENTWISE;
        int64_t want = by_work < SPLIT_TASKS / p.ntiles ? by_work : SPLIT_TASKS / p.ntiles;
        p.chunk = (p.rnumel + want - 1) / want;
        if (op == AGN_REDUCE_SUM && p.fl && !p.vertical)
            p.chunk = (p.chunk + SUM_BLOCK - 1) / SUM_BLOCK * SUM_BLOCK;
        p.nchunks = (p.rnumel + p.chunk - 1) / p.chunk;
    }
    if (p.nchunks > 1) {
        p.part = malloc((size_t)(p.ntiles * p.nchunks * p.tile_w) * sizeof(racc));
        if (!p.part) return AGN_ERR_OUT_OF_MEMORY;
    }
    const int64_t work = width * p.chunk;
    const int64_t grain = work >= AGN_GRAIN_ELEMENTWISE ? 1 : AGN_GRAIN_ELEMENTWISE / work;
    agn_parallel_for(p.ntiles * p.nchunks, grain, run_tasks, &p);
    if (p.nchunks > 1) combine(&p);
    free(p.part);
    return AGN_OK;
}
