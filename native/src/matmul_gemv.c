/* Matrix-vector and small-K products for agn_matmul, read in place.
 *
 * The GEMM path packs B (or A) into panels before any arithmetic. A GEMV reads each matrix element
 * exactly once, so that packing is pure overhead — for a batch-1 linear layer, x @ W^T with a
 * 256 x 784 weight, it copied all 800 KB of W per call for 0.2 M multiply-adds. Here the matrix is
 * read where it lies, in whichever direction it is contiguous:
 *   - along K (e.g. W^T for batch-1 linear forward, or A @ column): each output is a contiguous
 *     dot product (the "dot" kernel);
 *   - along the outputs (e.g. row @ row-major B, the batch-1 input gradient g @ W): each k adds
 *     v[k] times a contiguous column to all outputs (the "axpy" kernel), vectorised across outputs.
 * A product with a small K (e.g. the batch-1 weight gradient g^T @ x, K = 1) is bound by writing C:
 * each row of C is one axpy sweep over the few rows of B (which stay in L1), so C is written once,
 * row after row, with no per-tile broadcasts or prefetches.
 * The kernels come from the template matmul_gemv.h, compiled per ISA next to the GEMM kernels and
 * dispatched with them (agn_mm_kernel). Threads split outputs or rows into contiguous blocks in
 * matmul.c; K is never split, so results are bit-identical for every thread count. */
#include "internal.h"
#include "matmul_kernels.h"

/* Up to this K, a product with B contiguous along N is written row by row: at K = 1 that runs at
 * memset speed, K = 4 is even with the GEMM tiles, beyond it the sweep's reloading each B vector per
 * row loses to a tile that reuses it for 12 rows. */
#define MM_SKINNY_K 4

int agn_mm_gemv_plan(agn_mm_gemv *g, const agn_mm_kernel *kd, int64_t es, int64_t M, int64_t N,
                     int64_t K, const char *a, const int64_t as[3], const char *b,
                     const int64_t bs[3], char *c, const int64_t cs[3], int32_t accumulate) {
    g->es = es, g->k = K, g->accumulate = accumulate, g->rows = 1;
    g->v_rs = g->y_rs = 0;
    if (M != 1 && N != 1) { /* small K: row r of C = A row r @ B, B contiguous along N */
        if (K > MM_SKINNY_K || bs[2] != 1) return 0;
        g->x = b, g->x_bs = bs[0], g->xi = 1, g->xk = g->xs = bs[1];
        g->v = a, g->v_bs = as[0], g->v_rs = as[1], g->vs = as[2];
        g->y = c, g->y_bs = cs[0], g->y_rs = cs[1], g->ys = cs[2];
        g->rows = M, g->n = N, g->fn = kd->gemv_axpy;
        return 1;
    }
    if (M == 1) { /* y = a_row @ B: X(i, k) = B(k, i) */
        g->x = b, g->x_bs = bs[0], g->xi = bs[2], g->xk = bs[1];
        g->v = a, g->v_bs = as[0], g->vs = as[2];
        g->y = c, g->y_bs = cs[0], g->ys = cs[2], g->n = N;
    } else { /* y = A @ b_column: X = A */
        g->x = a, g->x_bs = as[0], g->xi = as[1], g->xk = as[2];
        g->v = b, g->v_bs = bs[0], g->vs = bs[1];
        g->y = c, g->y_bs = cs[0], g->ys = cs[1], g->n = M;
    }
    /* A single output has no stride along the outputs worth preferring: take the vectorised dot. */
    if (g->xi == 1 && g->n > 1) g->fn = kd->gemv_axpy, g->xs = g->xk;
    else if (g->xk == 1 && g->vs == 1) g->fn = kd->gemv_dot, g->xs = g->xi;
    else if (g->n == 1) g->fn = kd->gemv_axpy, g->xs = g->xk; /* strided dot: one scalar chain */
    else return 0;
    return 1;
}

void agn_mm_gemv_run(const agn_mm_gemv *g, int64_t bi, int64_t r0, int64_t r1, int64_t i0,
                     int64_t i1) {
    const int64_t es = g->es;
    const char *x = g->x + (bi * g->x_bs + i0 * g->xi) * es;
    for (int64_t r = r0; r < r1; r++)
        g->fn(i1 - i0, g->k, x, g->xs, g->v + (bi * g->v_bs + r * g->v_rs) * es, g->vs,
              g->y + (bi * g->y_bs + r * g->y_rs + i0 * g->ys) * es, g->ys, g->accumulate);
}
