/* Template for the matrix-vector kernels (agn_mm_gemv_fn in matmul_kernels.h), included by each
 * kernel file right after matmul_ukr.h, so it reuses that file's UKR_T, UKR_TU, UKR_V, UKR_VW,
 * UKR_ZERO, UKR_SET1, UKR_FMA, UKR_ADD, UKR_LOADU and UKR_STOREU. Also define:
 *   GV_DOT, GV_AXPY   names of the generated kernels (static)
 *   GV_HSUM(v)        the lanes of a vector summed, in a fixed order
 *   GV_FMA1(a, b, c)  a * b + c on one element, rounded exactly like one lane of UKR_FMA
 *
 * A GEMV reads each element of X once, so it is bound by memory, not FMAs: the kernels read X in
 * place (no packing) and group outputs only so that one load of v (dot) or one broadcast of v[k]
 * (axpy) serves several of them. Determinism: an output's arithmetic never depends on which group,
 * block or thread computes it — dot: two vector accumulators over alternating VW-blocks of k, then
 * a fixed horizontal sum and an in-order scalar tail; axpy: one lane's FMA chain over k in order,
 * the same whether the lane sits in a vector or in the scalar remainder. */
#define GV_CAT2(a, b) a##b
#define GV_CAT(a, b) GV_CAT2(a, b)
#define GV_DOT_BODY GV_CAT(GV_DOT, _body)
#define GV_AXPY_BODY GV_CAT(GV_AXPY, _body)
#define GV_ROWS 4 /* dot: outputs per group; 2 accumulators each = 8 FMA chains in flight */
#define GV_NV 8   /* axpy: vectors of outputs per group, 8 lines of each column of X per k */

static inline __attribute__((always_inline)) void
GV_DOT_BODY(const int rows, int64_t kc, const UKR_TU *x, int64_t xs, const UKR_TU *v, UKR_TU *y,
            int64_t ys, int32_t accumulate) {
    UKR_V a0[GV_ROWS], a1[GV_ROWS];
#pragma GCC unroll 4
    for (int r = 0; r < rows; r++) a0[r] = a1[r] = UKR_ZERO();
    int64_t k = 0;
    for (; k + 2 * UKR_VW <= kc; k += 2 * UKR_VW) {
        UKR_V v0 = UKR_LOADU(v + k), v1 = UKR_LOADU(v + k + UKR_VW);
#pragma GCC unroll 4
        for (int r = 0; r < rows; r++) {
            a0[r] = UKR_FMA(UKR_LOADU(x + r * xs + k), v0, a0[r]);
            a1[r] = UKR_FMA(UKR_LOADU(x + r * xs + k + UKR_VW), v1, a1[r]);
        }
    }
    if (k + UKR_VW <= kc) {
        UKR_V v0 = UKR_LOADU(v + k);
#pragma GCC unroll 4
        for (int r = 0; r < rows; r++) a0[r] = UKR_FMA(UKR_LOADU(x + r * xs + k), v0, a0[r]);
        k += UKR_VW;
    }
#pragma GCC unroll 4
    for (int r = 0; r < rows; r++) {
        UKR_T s = GV_HSUM(UKR_ADD(a0[r], a1[r]));
        for (int64_t t = k; t < kc; t++) s = GV_FMA1(x[r * xs + t], v[t], s);
        UKR_TU *p = y + r * ys;
        *p = accumulate ? *p + s : s;
    }
}

static void GV_DOT(int64_t n, int64_t kc, const void *xv, int64_t xs, const void *vv, int64_t vs,
                   void *yv, int64_t ys, int32_t accumulate) {
    const UKR_TU *x = (const UKR_TU *)xv, *v = (const UKR_TU *)vv;
    UKR_TU *y = (UKR_TU *)yv;
    (void)vs; /* contiguous by contract */
    int64_t i = 0;
    for (; i + GV_ROWS <= n; i += GV_ROWS)
        GV_DOT_BODY(GV_ROWS, kc, x + i * xs, xs, v, y + i * ys, ys, accumulate);
    for (; i < n; i++) GV_DOT_BODY(1, kc, x + i * xs, xs, v, y + i * ys, ys, accumulate);
}

static inline __attribute__((always_inline)) void
GV_AXPY_BODY(const int nv, int64_t kc, const UKR_TU *x, int64_t xs, const UKR_TU *v, int64_t vs,
             UKR_TU *y, int64_t ys, int32_t accumulate) {
    UKR_V acc[GV_NV];
#pragma GCC unroll 8
    for (int j = 0; j < nv; j++) acc[j] = UKR_ZERO();
    for (int64_t k = 0; k < kc; k++) {
        UKR_V s = UKR_SET1(v[k * vs]);
        const UKR_TU *xk = x + k * xs;
#pragma GCC unroll 8
        for (int j = 0; j < nv; j++) acc[j] = UKR_FMA(s, UKR_LOADU(xk + j * UKR_VW), acc[j]);
    }
    if (ys == 1) {
#pragma GCC unroll 8
        for (int j = 0; j < nv; j++) {
            if (accumulate) acc[j] = UKR_ADD(UKR_LOADU(y + j * UKR_VW), acc[j]);
            UKR_STOREU(y + j * UKR_VW, acc[j]);
        }
        return;
    }
    UKR_T t[GV_NV * UKR_VW]; /* strided y: spill, then the same old + new per element */
#pragma GCC unroll 8
    for (int j = 0; j < nv; j++) UKR_STOREU(t + j * UKR_VW, acc[j]);
    for (int i = 0; i < nv * UKR_VW; i++) {
        UKR_TU *p = y + i * ys;
        *p = accumulate ? *p + t[i] : t[i];
    }
}

static void GV_AXPY(int64_t n, int64_t kc, const void *xv, int64_t xs, const void *vv, int64_t vs,
                    void *yv, int64_t ys, int32_t accumulate) {
    const UKR_TU *x = (const UKR_TU *)xv, *v = (const UKR_TU *)vv;
    UKR_TU *y = (UKR_TU *)yv;
    int64_t i = 0;
    for (; i + GV_NV * UKR_VW <= n; i += GV_NV * UKR_VW)
        GV_AXPY_BODY(GV_NV, kc, x + i, xs, v, vs, y + i * ys, ys, accumulate);
    for (; i + UKR_VW <= n; i += UKR_VW)
        GV_AXPY_BODY(1, kc, x + i, xs, v, vs, y + i * ys, ys, accumulate);
    for (; i < n; i++) {
        UKR_T s = 0;
        for (int64_t k = 0; k < kc; k++) s = GV_FMA1(v[k * vs], x[i + k * xs], s);
        UKR_TU *p = y + i * ys;
        *p = accumulate ? *p + s : s;
    }
}

#undef GV_CAT2
#undef GV_CAT
#undef GV_DOT_BODY
#undef GV_AXPY_BODY
#undef GV_ROWS
#undef GV_NV
