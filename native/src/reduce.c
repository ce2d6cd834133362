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

#define LD_F32(p) ((double)*(const agn_f32 *)(p))
#define LD_F64(p) (*(const agn_f64 *)(p))
#define LD_I64(p) (*(const agn_i64 *)(p))
#define LD_B8(p) ((int64_t)(*(const agn_b8 *)(p) != 0))
#define FADD(a, b) ((a) + (b))
#define FMUL(a, b) ((a) * (b))
#define IADD(a, b) ((int64_t)((uint64_t)(a) + (uint64_t)(b)))
#define IMUL(a, b) ((int64_t)((uint64_t)(a) * (uint64_t)(b)))
/* Value-only extremes, branch-free so they vectorise: NaN propagates (a NaN a is kept). */
#define VMAX(a, v) (((v) > (a) || (v) != (v)) ? (v) : (a))
#define VMIN(a, v) (((v) < (a) || (v) != (v)) ? (v) : (a))
/* With indices, v replaces the running extreme a when strictly better or the first NaN. */
#define BETTER_MAX(v, a) ((a) == (a) && ((v) > (a) || (v) != (v)))
#define BETTER_MIN(v, a) ((a) == (a) && ((v) < (a) || (v) != (v)))
/* Fold op codes: the agn_reduce_op, or ARG_OFFSET + op for MAX/MIN that also track indices. */
#define ARG_OFFSET 4

/* Vertical: fold `rows` reduced positions (rpos.., byte stride rst apart) into the w accumulators
 * acc (and arg), x byte stride st between them. Value ops take four rows per pass over acc: the
 * same left-to-right order per output with a quarter of the accumulator traffic. */
#define V_ROWS(A, LD, F, ST)                                                                       \
    do {                                                                                           \
        for (; k + 4 <= rows; k += 4) {                                                            \
            const char *q = p + k * rst;                                                           \
            for (int64_t j = 0; j < w; j++) {                                                      \
                A t = F(acc[j], LD(q + j * (ST)));                                                 \
                t = F(t, LD(q + rst + j * (ST)));                                                  \
                t = F(t, LD(q + 2 * rst + j * (ST)));                                              \
                acc[j] = F(t, LD(q + 3 * rst + j * (ST)));                                         \
            }                                                                                      \
        }                                                                                          \
        for (; k < rows; k++)                                                                      \
            for (int64_t j = 0; j < w; j++) acc[j] = F(acc[j], LD(p + k * rst + j * (ST)));        \
    } while (0)
#define V_FOLD(A, LD, ES, F)                                                                       \
    do {                                                                                           \
        if (st == ES) V_ROWS(A, LD, F, ES); /* constant stride: vectorisable */                    \
        else V_ROWS(A, LD, F, st);                                                                 \
    } while (0)
#define V_ARG(A, LD, BETTER)                                                                       \
    for (; k < rows; k++)                                                                          \
        for (int64_t j = 0; j < w; j++) {                                                          \
            A v = LD(p + k * rst + j * st);                                                        \
            if (BETTER(v, acc[j])) { acc[j] = v; arg[j] = rpos + k; }                              \
        }

/* The vertical folds are plain loops the compiler vectorises, multiversioned (AGN_MULTIVERSION,
 * internal.h). Each lane folds its own column in order, so every version gives the same bits. */

#define DEF_V(NAME, A, LD, ADD, MUL, ES)                                                           \
    AGN_MULTIVERSION static void NAME(void *accp, int64_t *arg, int32_t op, const char *p, int64_t w, int64_t st,   \
                     int64_t rpos, int64_t rows, int64_t rst) {                                    \
        A *acc = (A *)accp;                                                                        \
        int64_t k = 0;                                                                             \
        switch (op) {                                                                              \
        case AGN_REDUCE_SUM: V_FOLD(A, LD, ES, ADD); break;                                        \
        case AGN_REDUCE_PROD: V_FOLD(A, LD, ES, MUL); break;                                       \
        case AGN_REDUCE_MAX: V_FOLD(A, LD, ES, VMAX); break;                                       \
        case AGN_REDUCE_MIN: V_FOLD(A, LD, ES, VMIN); break;                                       \
        case ARG_OFFSET + AGN_REDUCE_MAX: V_ARG(A, LD, BETTER_MAX) break;                          \
        case ARG_OFFSET + AGN_REDUCE_MIN: V_ARG(A, LD, BETTER_MIN) break;                          \
        }                                                                                          \
    }

/* Horizontal: fold n elements (byte stride st), flattened reduced positions rpos.., into one
 * accumulator. Value ops over a contiguous run use H_LANES lanes (the run seen as rows of H_LANES
 * folded vertically, which vectorises), combined pairwise in a fixed order at the end. */
#define H_LANES 32
#define H_FOLD(A, LD, ES, F, INIT, VF)                                                             \
    do {                                                                                           \
        A l[H_LANES];                                                                              \
        for (int j = 0; j < H_LANES; j++) l[j] = (INIT);                                           \
        int64_t i = 0;                                                                             \
        if (st == ES && n >= 2 * H_LANES) {                                                        \
            VF(l, NULL, op, p, H_LANES, ES, 0, n / H_LANES, H_LANES * ES);                         \
            i = n / H_LANES * H_LANES;                                                             \
        } else if (st == 0) { /* a broadcast: the same value into every lane, vectorised */        \
            const A v = LD(p);                                                                     \
            for (; i + H_LANES <= n; i += H_LANES)                                                 \
                for (int j = 0; j < H_LANES; j++) l[j] = F(l[j], v);                               \
        }                                                                                          \
        for (; i < n; i++) l[i % H_LANES] = F(l[i % H_LANES], LD(p + i * st));                     \
        for (int h = H_LANES / 2; h >= 1; h /= 2) /* pairwise tree: a fixed order */               \
            for (int j = 0; j < h; j++) l[j] = F(l[j], l[j + h]);                                  \
        *acc = F(*acc, l[0]);                                                                      \
    } while (0)
#define H_ARG(A, LD, BETTER)                                                                       \
    for (int64_t i = 0; i < n; i++) {                                                              \
        A v = LD(p + i * st);                                                                      \
        if (BETTER(v, *acc)) { *acc = v; *arg = rpos + i; }                                        \
    }

#define DEF_H(NAME, A, LD, ADD, MUL, ES, LO, HI, VF)                                               \
    static void NAME(void *accp, int64_t *arg, int32_t op, const char *p, int64_t n, int64_t st,   \
                     int64_t rpos) {                                                               \
        A *acc = (A *)accp;                                                                        \
        switch (op) {                                                                              \
        case AGN_REDUCE_SUM: H_FOLD(A, LD, ES, ADD, 0, VF); break;                                 \
        case AGN_REDUCE_PROD: H_FOLD(A, LD, ES, MUL, 1, VF); break;                                \
        case AGN_REDUCE_MAX: H_FOLD(A, LD, ES, VMAX, LO, VF); break;                               \
        case AGN_REDUCE_MIN: H_FOLD(A, LD, ES, VMIN, HI, VF); break;                               \
        case ARG_OFFSET + AGN_REDUCE_MAX: H_ARG(A, LD, BETTER_MAX) break;                          \
        case ARG_OFFSET + AGN_REDUCE_MIN: H_ARG(A, LD, BETTER_MIN) break;                          \
        }                                                                                          \
    }

/* Note [Float sum blocks]: double lanes convert every float32 load and hold half as many elements
 * per instruction, which kept a full float32 sum far below memory speed. So a contiguous float SUM
 * run of at least SUM_BLOCK elements is cut, from its start, into blocks of SUM_BLOCK elements (the
 * last one shorter); SUM_LANES lanes of the input type fold a block as rows (V_ROWS: vectorised,
 * lane j takes elements j, j + SUM_LANES, ...; the lanes stay in registers), the lanes are combined
 * pairwise, and each block's partial is added to the double accumulator in block order. The blocks depend on the shape alone and lanes fold in order,
 * so every thread count and every ISA clone gives the same bits. Float32: each element goes through
 * at most SUM_BLOCK / SUM_LANES - 1 lane adds and log2(SUM_LANES) tree adds in float, so the error
 * is below (SUM_BLOCK / SUM_LANES + 5) * 2^-24 * sum|x| plus double roundings: unlike an all-float
 * cascade (LibTorch's) it does not grow with n. As in LibTorch, a block whose float32 partial
 * exceeds FLT_MAX gives inf even if later blocks would cancel it. Shorter runs, where speed hardly
 * matters, keep the double lanes and so (nearly always) the correctly rounded float32 sum: a .NET
 * test prints a 4-element mean to 9 digits and expects LibTorch's value, which is that one. */
#define SUM_LANES 64
#define SUM_BLOCK 2048
#define LD_F32F(p) (*(const agn_f32 *)(p))

/* One contiguous run of a float SUM in blocks (Note [Float sum blocks]) added to total in block
 * order; A is the lane type. */
#define DEF_SUM_RUN(NAME, A, LD, ES)                                                               \
    AGN_MULTIVERSION static double NAME(const char *x, int64_t n, double total) {                  \
        const int64_t w = SUM_LANES, rst = SUM_LANES * (ES);                                       \
        for (int64_t b = 0; b < n; b += SUM_BLOCK) {                                               \
            const char *p = x + b * (ES);                                                          \
            const int64_t m = n - b < SUM_BLOCK ? n - b : SUM_BLOCK, rows = m / SUM_LANES;         \
            A acc[SUM_LANES] = {0};                                                                \
            int64_t k = 0;                                                                         \
            V_ROWS(A, LD, FADD, ES);                                                               \
            for (int64_t i = rows * SUM_LANES; i < m; i++) acc[i % SUM_LANES] += LD(p + i * (ES)); \
            for (int h = SUM_LANES / 2; h >= 1; h /= 2) /* pairwise tree: a fixed order */         \
                for (int j = 0; j < h; j++) acc[j] += acc[j + h];                                  \
            total += acc[0];                                                                       \
        }                                                                                          \
        return total;                                                                              \
    }
DEF_SUM_RUN(sum_f32_run, float, LD_F32F, 4)
DEF_SUM_RUN(sum_f64_run, double, LD_F64, 8)

DEF_V(v_f32, double, LD_F32, FADD, FMUL, 4)
DEF_V(v_f64, double, LD_F64, FADD, FMUL, 8)
DEF_V(v_i64, int64_t, LD_I64, IADD, IMUL, 8)
DEF_V(v_b8, int64_t, LD_B8, IADD, IMUL, 1)
DEF_H(h_f32_fold, double, LD_F32, FADD, FMUL, 4, -INFINITY, INFINITY, v_f32)
DEF_H(h_f64_fold, double, LD_F64, FADD, FMUL, 8, -INFINITY, INFINITY, v_f64)
DEF_H(h_i64, int64_t, LD_I64, IADD, IMUL, 8, INT64_MIN, INT64_MAX, v_i64)
DEF_H(h_b8, int64_t, LD_B8, IADD, IMUL, 1, INT64_MIN, INT64_MAX, v_b8)

static void h_f32(void *accp, int64_t *arg, int32_t op, const char *p, int64_t n, int64_t st,
                  int64_t rpos) {
    if (op == AGN_REDUCE_SUM && st == 4 && n >= SUM_BLOCK) *(double *)accp += sum_f32_run(p, n, 0);
    else h_f32_fold(accp, arg, op, p, n, st, rpos);
}

static void h_f64(void *accp, int64_t *arg, int32_t op, const char *p, int64_t n, int64_t st,
                  int64_t rpos) {
    if (op == AGN_REDUCE_SUM && st == 8 && n >= SUM_BLOCK) *(double *)accp += sum_f64_run(p, n, 0);
    else h_f64_fold(accp, arg, op, p, n, st, rpos);
}

/* Note [Half reduction]: elements widened per piece; a multiple of SUM_BLOCK and of H_LANES, and at
 * least TILE (a vertical piece holds whole rows). 8 KB of stack, in L1 with the folds' reads. */
#define HALF_BUF SUM_BLOCK

static double fold1(int32_t op, double a, double v) {
    switch (op) {
    case AGN_REDUCE_SUM: return FADD(a, v);
    case AGN_REDUCE_PROD: return FMUL(a, v);
    case AGN_REDUCE_MAX: return VMAX(a, v);
    default: return VMIN(a, v);
    }
}

/* h_f32 over a half run (Note [Half reduction]): the same blocks, lanes and tree, a piece at a time. */
static void h_half(int32_t dt, void *accp, int64_t *arg, int32_t op, const char *p, int64_t n,
                   int64_t st, int64_t rpos) {
    float buf[HALF_BUF];
    const int simd = agn_half_simd();
    double *acc = (double *)accp;
    if (op >= ARG_OFFSET) { /* sequential: any cut keeps the order */
        for (int64_t i = 0; i < n; i += HALF_BUF) {
            const int64_t m = n - i < HALF_BUF ? n - i : HALF_BUF;
            agn_widen_row(dt, buf, p + i * st, st, m, simd);
            h_f32_fold(accp, arg, op, (const char *)buf, m, 4, rpos + i);
        }
        return;
    }
    if (op == AGN_REDUCE_SUM && st == 2 && n >= SUM_BLOCK) {
        double total = 0;
        for (int64_t i = 0; i < n; i += HALF_BUF) {
            const int64_t m = n - i < HALF_BUF ? n - i : HALF_BUF;
            agn_widen_row(dt, buf, p + i * st, st, m, simd);
            total = sum_f32_run((const char *)buf, m, total);
        }
        *acc += total;
        return;
    }
    const double init = op == AGN_REDUCE_SUM ? 0 : op == AGN_REDUCE_PROD ? 1 : op == AGN_REDUCE_MAX ? -INFINITY : INFINITY;
    double l[H_LANES];
    for (int j = 0; j < H_LANES; j++) l[j] = init;
    for (int64_t i = 0; i < n; i += HALF_BUF) {
        const int64_t m = n - i < HALF_BUF ? n - i : HALF_BUF, rows = m / H_LANES;
        agn_widen_row(dt, buf, p + i * st, st, m, simd);
        v_f32(l, NULL, op, (const char *)buf, H_LANES, 4, 0, rows, H_LANES * 4);
        for (int64_t k = rows * H_LANES; k < m; k++) l[k % H_LANES] = fold1(op, l[k % H_LANES], buf[k]);
    }
    for (int h = H_LANES / 2; h >= 1; h /= 2) /* H_FOLD's tree */
        for (int j = 0; j < h; j++) l[j] = fold1(op, l[j], l[j + h]);
    *acc = fold1(op, *acc, l[0]);
}

/* v_f32 over half rows (Note [Half reduction]): as many whole rows per piece as fit. */
static void v_half(int32_t dt, void *accp, int64_t *arg, int32_t op, const char *p, int64_t w,
                   int64_t st, int64_t rpos, int64_t rows, int64_t rst) {
    float buf[HALF_BUF];
    const int simd = agn_half_simd();
    const int64_t per = HALF_BUF / w; /* w <= TILE <= HALF_BUF */
    for (int64_t k = 0; k < rows; k += per) {
        const int64_t r = rows - k < per ? rows - k : per;
        for (int64_t i = 0; i < r; i++) agn_widen_row(dt, buf + i * w, p + (k + i) * rst, st, w, simd);
        v_f32(accp, arg, op, (const char *)buf, w, 4, rpos + k, r, w * 4);
    }
}

static void h_f16(void *acc, int64_t *arg, int32_t op, const char *p, int64_t n, int64_t st, int64_t rpos) {
    h_half(AGN_DTYPE_FLOAT16, acc, arg, op, p, n, st, rpos);
}
static void h_bf16(void *acc, int64_t *arg, int32_t op, const char *p, int64_t n, int64_t st, int64_t rpos) {
    h_half(AGN_DTYPE_BFLOAT16, acc, arg, op, p, n, st, rpos);
}
static void v_f16(void *acc, int64_t *arg, int32_t op, const char *p, int64_t w, int64_t st, int64_t rpos,
                  int64_t rows, int64_t rst) {
    v_half(AGN_DTYPE_FLOAT16, acc, arg, op, p, w, st, rpos, rows, rst);
}
static void v_bf16(void *acc, int64_t *arg, int32_t op, const char *p, int64_t w, int64_t st, int64_t rpos,
                   int64_t rows, int64_t rst) {
    v_half(AGN_DTYPE_BFLOAT16, acc, arg, op, p, w, st, rpos, rows, rst);
}

typedef void (*hfold_fn)(void *, int64_t *, int32_t, const char *, int64_t, int64_t, int64_t);
typedef void (*vfold_fn)(void *, int64_t *, int32_t, const char *, int64_t, int64_t, int64_t,
                         int64_t, int64_t);
typedef struct folds {
    hfold_fn h;
    vfold_fn v;
    int fl; /* accumulators are the double ones (else int64) */
} folds;

static folds pick_folds(int32_t dtype) {
    switch (dtype) {
    case AGN_DTYPE_FLOAT32: return (folds){h_f32, v_f32, 1};
    case AGN_DTYPE_FLOAT64: return (folds){h_f64, v_f64, 1};
    case AGN_DTYPE_FLOAT16: return (folds){h_f16, v_f16, 1};
    case AGN_DTYPE_BFLOAT16: return (folds){h_bf16, v_bf16, 1};
    case AGN_DTYPE_INT64: return (folds){h_i64, v_i64, 0};
    default: return (folds){h_b8, v_b8, 0};
    }
}

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
