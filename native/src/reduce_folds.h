/* The fold kernels of agn_reduce (reduce.c, its Notes): per dtype, a horizontal fold of one run into one
 * accumulator and a vertical fold of rows into a tile of accumulators. Included once, by reduce.c, after its
 * layout types and limits. */
#ifndef AGN_REDUCE_FOLDS_H
#define AGN_REDUCE_FOLDS_H

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
#define V_ROWS(A, LD, F, ST) V_ROWS_PF(A, LD, F, ST, (void)0)
#define V_ROWS_PF(A, LD, F, ST, PF)                                                                \
    do {                                                                                           \
        for (; k + 4 <= rows; k += 4) {                                                            \
            const char *q = p + k * rst;                                                           \
            PF;                                                                                    \
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
 * pairwise, and each block's partial is added to the double accumulator in block order. The blocks
 * depend on the shape alone and lanes fold in order, so every thread count and every ISA clone gives
 * the same bits. Float32: each element goes through
 * at most SUM_BLOCK / SUM_LANES - 1 lane adds and log2(SUM_LANES) tree adds in float, so the error
 * is below (SUM_BLOCK / SUM_LANES + 5) * 2^-24 * sum|x| plus double roundings: unlike an all-float
 * cascade (LibTorch's) it does not grow with n. As in LibTorch, a block whose float32 partial
 * exceeds FLT_MAX gives inf even if later blocks would cancel it. Shorter runs, where speed hardly
 * matters, keep the double lanes and so (nearly always) the correctly rounded float32 sum: a .NET
 * test prints a 4-element mean to 9 digits and expects LibTorch's value, which is that one. */
#define SUM_LANES 64
#define SUM_BLOCK 2048
/* A single core's hardware prefetch leaves a contiguous sum ~15% below a plain read loop's speed; lines
 * requested SUM_AHEAD bytes ahead (prefetching never faults, past the end included) close the gap. */
#define SUM_AHEAD 4096
#define SUM_PREFETCH                                                                               \
    for (int64_t o = 0; o < 4 * rst; o += 64) __builtin_prefetch(q + SUM_AHEAD + o)
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
            V_ROWS_PF(A, LD, FADD, ES, SUM_PREFETCH);                                              \
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

#endif
