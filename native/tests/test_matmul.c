/* agn_matmul against a naive double-accumulating triple loop: sampled shape combinations (edges of
 * every register tile and cache block), transposed / padded / strided / misaligned operands,
 * stride-0 broadcast batches, accumulate, every SIMD level, bit-identical results for every thread
 * count, and the error statuses. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, in fresh_output.h */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fresh_output.h"

static uint64_t g_rng = 88172645463325252ull;
static uint64_t next_u64(void) { /* xorshift64: reproducible on every libc */
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return g_rng;
}
static int rnd_int(int n) { return (int)(next_u64() % (uint64_t)n); }
static double rnd_unit(void) { return (double)(next_u64() >> 11) / 9007199254740992.0 * 2.0 - 1.0; }

enum { L_ROW, L_TRANS, L_PADDED, L_STRIDED, L_COUNT };

typedef struct tens {
    char *buf, *data;
    int64_t shape[3], strides[3];
    int dtype;
} tens;

static int64_t esize(int dt) { return dt == AGN_DTYPE_FLOAT32 ? 4 : 8; }

/* A [d0, d1, d2] tensor in one of the layouts; bcast makes the batch stride 0 (one batch stored);
 * misalign shifts the data one byte off the element alignment. */
static void make(tens *t, int dt, int64_t d0, int64_t d1, int64_t d2, int layout, int bcast,
                 int misalign) {
    int64_t s1, s2, mat;
    switch (layout) {
    case L_TRANS: s1 = 1, s2 = d1 > 0 ? d1 : 1, mat = d1 * d2; break;
    case L_PADDED: s1 = d2 + 3, s2 = 1, mat = d1 * (d2 + 3); break;
    case L_STRIDED: s1 = 2 * d2, s2 = 2, mat = 2 * d1 * d2; break;
    default: s1 = d2, s2 = 1, mat = d1 * d2; break;
    }
    int64_t stored = bcast ? 1 : d0;
    t->shape[0] = d0, t->shape[1] = d1, t->shape[2] = d2;
    t->strides[0] = bcast ? 0 : mat, t->strides[1] = s1, t->strides[2] = s2;
    t->dtype = dt;
    t->buf = malloc((size_t)(stored * mat + 1) * (size_t)esize(dt) + 1);
    t->data = t->buf + (misalign ? 1 : 0);
}

static char *at(const tens *t, int64_t b, int64_t i, int64_t j) {
    return t->data + (b * t->strides[0] + i * t->strides[1] + j * t->strides[2]) * esize(t->dtype);
}
static double get(const tens *t, int64_t b, int64_t i, int64_t j) {
    char *p = at(t, b, i, j);
    if (t->dtype == AGN_DTYPE_FLOAT32) { float v; memcpy(&v, p, 4); return v; }
    if (t->dtype == AGN_DTYPE_FLOAT64) { double v; memcpy(&v, p, 8); return v; }
    int64_t v; memcpy(&v, p, 8); return (double)v;
}
static void set(const tens *t, int64_t b, int64_t i, int64_t j, double x) {
    char *p = at(t, b, i, j);
    if (t->dtype == AGN_DTYPE_FLOAT32) { float v = (float)x; memcpy(p, &v, 4); }
    else if (t->dtype == AGN_DTYPE_FLOAT64) memcpy(p, &x, 8);
    else { int64_t v = (int64_t)x; memcpy(p, &v, 8); }
}
static double rnd_value(int dt) { return dt == AGN_DTYPE_INT64 ? (double)(rnd_int(11) - 5) : rnd_unit(); }
static void fill(const tens *t) {
    for (int64_t b = 0; b < (t->strides[0] ? t->shape[0] : 1); b++)
        for (int64_t i = 0; i < t->shape[1]; i++)
            for (int64_t j = 0; j < t->shape[2]; j++) set(t, b, i, j, rnd_value(t->dtype));
}
static agn_tensor desc(const tens *t) {
    agn_tensor d = {t->data, t->shape, t->strides, 3, t->dtype};
    return d;
}

typedef struct mm_case {
    int dt;
    int64_t nb, M, N, K;
    int la, lb, lc, bca, bcb, acc, misalign;
} mm_case;

static mm_case random_case(int dt, int64_t nb, int64_t M, int64_t N, int64_t K) {
    mm_case c = {dt, nb, M, N, K, rnd_int(L_COUNT), rnd_int(L_COUNT), rnd_int(L_COUNT),
                 nb > 1 && rnd_int(3) == 0, nb > 1 && rnd_int(3) == 0, rnd_int(3) == 0,
                 rnd_int(8) == 0};
    return c;
}

/* Runs one case and checks every element against the double reference with a bound of the form
 * (K + 2) * eps * sum|a * b| — the worst case of any summation order, so it holds for every kernel. */
static void check_case(const mm_case *c) {
    tens a, b, o, o0;
    make(&a, c->dt, c->nb, c->M, c->K, c->la, c->bca, c->misalign);
    make(&b, c->dt, c->nb, c->K, c->N, c->lb, c->bcb, 0);
    make(&o, c->dt, c->nb, c->M, c->N, c->lc, 0, c->misalign);
    make(&o0, c->dt, c->nb, c->M, c->N, L_ROW, 0, 0);
    fill(&a), fill(&b), fill(&o0);
    for (int64_t i = 0; i < c->nb; i++)
        for (int64_t m = 0; m < c->M; m++)
            for (int64_t n = 0; n < c->N; n++)
                set(&o, i, m, n, c->acc ? get(&o0, i, m, n) : (c->dt == AGN_DTYPE_INT64 ? 777 : NAN));
    agn_tensor ta = desc(&a), tb = desc(&b), to = desc(&o);
    agn_status st = agn_matmul(&ta, &tb, &to, c->acc);
    CHECK(st == AGN_OK);
    double eps = c->dt == AGN_DTYPE_FLOAT32 ? 1.2e-7 : c->dt == AGN_DTYPE_FLOAT64 ? 2.3e-16 : 0;
    /* Dense double copies (b transposed) keep the reference loop cheap even in sanitizer builds. */
    int64_t MK = c->M * c->K, NK = c->N * c->K;
    double *da = malloc((size_t)(c->nb * MK + 1) * 8), *db = malloc((size_t)(c->nb * NK + 1) * 8);
    for (int64_t i = 0; i < c->nb; i++)
        for (int64_t k = 0; k < c->K; k++) {
            for (int64_t m = 0; m < c->M; m++) da[i * MK + m * c->K + k] = get(&a, i, m, k);
            for (int64_t n = 0; n < c->N; n++) db[i * NK + n * c->K + k] = get(&b, i, k, n);
        }
    int bad = 0;
    for (int64_t i = 0; i < c->nb && !bad; i++)
        for (int64_t m = 0; m < c->M && !bad; m++)
            for (int64_t n = 0; n < c->N && !bad; n++) {
                double want = c->acc ? get(&o0, i, m, n) : 0, mag = fabs(want);
                const double *ra = da + i * MK + m * c->K, *rb = db + i * NK + n * c->K;
                for (int64_t k = 0; k < c->K; k++) {
                    double p = ra[k] * rb[k];
                    want += p;
                    mag += fabs(p);
                }
                double got = get(&o, i, m, n);
                if (!(fabs(got - want) <= (double)(c->K + 2) * eps * mag)) bad = 1;
            }
    free(da), free(db);
    CHECK(!bad);
    if (bad)
        fprintf(stderr, "  dt=%d nb=%lld M=%lld N=%lld K=%lld la=%d lb=%d lc=%d bca=%d bcb=%d acc=%d mis=%d\n",
                c->dt, (long long)c->nb, (long long)c->M, (long long)c->N, (long long)c->K, c->la,
                c->lb, c->lc, c->bca, c->bcb, c->acc, c->misalign);
    free(a.buf), free(b.buf), free(o.buf), free(o0.buf);
}

static const int64_t k_dims[] = {0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 64, 65, 100, 129};
#define NDIMS ((int)(sizeof k_dims / sizeof k_dims[0]))

/* Every shape combination is sampled with probability 1/every at the current SIMD level. */
static void check_shapes(int dt, int every) {
    for (int i = 0; i < NDIMS; i++)
        for (int j = 0; j < NDIMS; j++)
            for (int k = 0; k < NDIMS; k++) {
                if (rnd_int(every) != 0) continue;
                int64_t nb = rnd_int(4) == 0 ? 1 + rnd_int(3) : 1;
                mm_case c = random_case(dt, nb, k_dims[i], k_dims[j], k_dims[k]);
                check_case(&c);
            }
}

/* Shapes past the cache blocks (K > kc, N > nc, M > mc), past the size where unit-stride B stops
 * being read in place (2^24 multiply-adds), and past the parallel threshold. 131 x 545 x 769 runs
 * the shared packed B (one product, threads): K past two float K blocks (four double), N past a
 * column block with a ragged last panel, a few row blocks. 13 x 2000 x 700 has fewer MR-row panels
 * than threads, 1030 x 70 x 400 a tail of minimum-size guided row blocks (guided_block). */
static void check_large(int dt) {
    static const int64_t shapes[][4] = {{1, 300, 257, 190}, {1, 37, 1100, 400}, {2, 130, 70, 800},
                                        {3, 64, 96, 100},   {1, 1, 700, 900},   {1, 520, 1, 300},
                                        {1, 260, 300, 400}, {1, 1300, 50, 300}, {1, 200, 1100, 100},
                                        {1, 131, 545, 769}, {1, 13, 2000, 700},
                                        {1, 1030, 70, 400}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        mm_case c = random_case(dt, shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3]);
        check_case(&c);
        c.la = L_ROW, c.lb = L_ROW, c.lc = L_ROW; /* and the common contiguous layout */
        check_case(&c);
    }
}

/* The in-place matrix-vector and small-K paths (matmul_gemv.c): M = 1 and N = 1 with the matrix
 * contiguous along K (dot), along the outputs (axpy) or neither (GEMM fallback), and K <= 4 with
 * every layout; odd sizes around the vector widths, batches, both accumulate modes. */
static void check_gemv(int dt) {
    static const int64_t shapes[][4] = {
        {1, 1, 257, 300}, {1, 1, 33, 1000}, {2, 1, 70, 65}, {1, 1, 1, 1000}, {1, 1, 5, 3},
        {3, 1, 130, 17},  {1, 300, 1, 257}, {1, 1000, 1, 33}, {2, 70, 1, 65}, {1, 5, 1, 3},
        {1, 300, 257, 1}, {1, 37, 1000, 2}, {2, 70, 65, 3}, {1, 129, 17, 4}, {1, 5, 3, 2},
        {1, 600, 15, 4},  {1, 40, 150, 5}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int la = 0; la < L_COUNT; la++)
            for (int lb = 0; lb < L_COUNT; lb++)
                for (int acc = 0; acc < 2; acc++) {
                    mm_case c = random_case(dt, shapes[s][0], shapes[s][1], shapes[s][2], shapes[s][3]);
                    c.la = la, c.lb = lb, c.acc = acc;
                    check_case(&c);
                }
}

/* The same problem with 1, 2, 3 and 4 threads gives the same bits. */
static void check_threads(int dt, int64_t nb, int64_t M, int64_t N, int64_t K, int la, int lb,
                          int lc, int acc) {
    tens a, b, o;
    make(&a, dt, nb, M, K, la, 0, 0);
    make(&b, dt, nb, K, N, lb, 0, 0);
    make(&o, dt, nb, M, N, lc, 0, 0);
    fill(&a), fill(&b);
    agn_tensor ta = desc(&a), tb = desc(&b), to = desc(&o);
    size_t bytes = (size_t)(nb * M * N) * (size_t)esize(dt);
    double *first = malloc(bytes), *now = malloc(bytes);
    int32_t saved = agn_get_num_threads();
    for (int32_t t = 1; t <= 4; t++) {
        CHECK(agn_set_num_threads(t) == AGN_OK);
        fill(&o);
        g_rng = 12345; /* the same initial out for every thread count */
        for (int64_t i = 0; i < nb; i++)
            for (int64_t m = 0; m < M; m++)
                for (int64_t n = 0; n < N; n++) set(&o, i, m, n, rnd_value(dt));
        CHECK(agn_matmul(&ta, &tb, &to, acc) == AGN_OK);
        char *dst = (char *)(t == 1 ? first : now);
        for (int64_t i = 0, p = 0; i < nb; i++)
            for (int64_t m = 0; m < M; m++)
                for (int64_t n = 0; n < N; n++, p++)
                    memcpy(dst + p * esize(dt), at(&o, i, m, n), (size_t)esize(dt));
        if (t > 1) CHECK(memcmp(first, now, bytes) == 0);
    }
    CHECK(agn_set_num_threads(saved) == AGN_OK);
    free(first), free(now), free(a.buf), free(b.buf), free(o.buf);
}

/* An output on freshly mapped pages (prefaulted with madvise before the kernel writes it, see
 * prefault.c) gets the same bits as one in ordinary memory, and the bytes around it on the same
 * pages are untouched; with 1 and 2 threads, GEMM and GEMV shapes, row- and column-major out. */
static void check_fresh_output(void) {
#if defined(__linux__)
    static const int64_t shapes[][3] = {{200, 150, 90}, {1, 40000, 3}, {300, 257, 1}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int lc = 0; lc < 2; lc++)
            for (int32_t t = 1; t <= 2; t++) {
                int64_t M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
                tens a, b, o;
                make(&a, AGN_DTYPE_FLOAT32, 1, M, K, L_ROW, 0, 0);
                make(&b, AGN_DTYPE_FLOAT32, 1, K, N, L_ROW, 0, 0);
                make(&o, AGN_DTYPE_FLOAT32, 1, M, N, lc ? L_TRANS : L_ROW, 0, 0);
                fill(&a), fill(&b);
                CHECK(agn_set_num_threads(t) == AGN_OK);
                agn_tensor ta = desc(&a), tb = desc(&b), to = desc(&o);
                CHECK(agn_matmul(&ta, &tb, &to, 0) == AGN_OK);
                size_t bytes = (size_t)(M * N) * 4;
                fresh_output f;
                CHECK(fresh_output_map(&f, bytes));
                if (!f.data) continue;
                agn_tensor tf = to;
                tf.data = f.data;
                CHECK(agn_matmul(&ta, &tb, &tf, 0) == AGN_OK);
                CHECK(memcmp(f.data, o.data, bytes) == 0);
                CHECK(fresh_output_intact(&f));
                fresh_output_unmap(&f);
                free(a.buf), free(b.buf), free(o.buf);
            }
#endif
}

static void check_errors(void) {
    float x[64] = {0};
    int64_t s222[3] = {2, 2, 2}, s223[3] = {2, 2, 3}, s232[3] = {2, 3, 2}, s122[3] = {1, 2, 2};
    int64_t st[3] = {4, 2, 1};
    agn_tensor a = {x, s222, st, 3, AGN_DTYPE_FLOAT32}, o = a;
    CHECK(agn_matmul(&a, &a, &o, 0) == AGN_OK);
    CHECK(agn_matmul(NULL, &a, &o, 0) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_matmul(&a, NULL, &o, 0) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_matmul(&a, &a, NULL, 0) == AGN_ERR_NULL_ARGUMENT);
    agn_tensor nodata = {NULL, s222, st, 3, AGN_DTYPE_FLOAT32};
    CHECK(agn_matmul(&nodata, &a, &o, 0) == AGN_ERR_NULL_ARGUMENT);
    agn_tensor noshape = {x, NULL, st, 3, AGN_DTYPE_FLOAT32};
    CHECK(agn_matmul(&a, &noshape, &o, 0) == AGN_ERR_NULL_ARGUMENT);
    agn_tensor two_d = {x, s222, st, 2, AGN_DTYPE_FLOAT32};
    CHECK(agn_matmul(&two_d, &a, &o, 0) == AGN_ERR_SHAPE);
    CHECK(agn_matmul(&a, &two_d, &o, 0) == AGN_ERR_SHAPE);
    CHECK(agn_matmul(&a, &a, &two_d, 0) == AGN_ERR_SHAPE);
    agn_tensor k3 = {x, s223, st, 3, AGN_DTYPE_FLOAT32}; /* a [2,2,3] @ b [2,2,2]: K mismatch */
    CHECK(agn_matmul(&k3, &a, &o, 0) == AGN_ERR_SHAPE);
    agn_tensor b32 = {x, s232, st, 3, AGN_DTYPE_FLOAT32}; /* out [2,2,2] for [2,2,3] @ [2,3,2] ok */
    CHECK(agn_matmul(&k3, &b32, &o, 0) == AGN_OK);
    CHECK(agn_matmul(&k3, &b32, &k3, 0) == AGN_ERR_SHAPE); /* out N wrong */
    CHECK(agn_matmul(&a, &a, &b32, 0) == AGN_ERR_SHAPE);   /* out M wrong */
    agn_tensor b1 = {x, s122, st, 3, AGN_DTYPE_FLOAT32};  /* batch mismatch */
    CHECK(agn_matmul(&a, &b1, &o, 0) == AGN_ERR_SHAPE);
    CHECK(agn_matmul(&a, &a, &b1, 0) == AGN_ERR_SHAPE);
    agn_tensor d64 = {x, s222, st, 3, AGN_DTYPE_FLOAT64};
    CHECK(agn_matmul(&a, &d64, &o, 0) == AGN_ERR_DTYPE);
    CHECK(agn_matmul(&a, &a, &d64, 0) == AGN_ERR_DTYPE);
    agn_tensor bl = {x, s222, st, 3, AGN_DTYPE_BOOL};
    CHECK(agn_matmul(&bl, &bl, &bl, 0) == AGN_ERR_DTYPE);
    agn_tensor bad = {x, s222, st, 3, 42};
    CHECK(agn_matmul(&bad, &bad, &bad, 0) == AGN_ERR_DTYPE);
    /* Empty operands may have NULL data; K = 0 zeroes out, or leaves it when accumulating. */
    int64_t s200[3] = {2, 2, 0}, s202[3] = {2, 0, 2};
    agn_tensor ea = {NULL, s200, st, 3, AGN_DTYPE_FLOAT32}, eb = {NULL, s202, st, 3, AGN_DTYPE_FLOAT32};
    for (int i = 0; i < 8; i++) x[i] = 5;
    CHECK(agn_matmul(&ea, &eb, &o, 1) == AGN_OK);
    CHECK(x[0] == 5 && x[7] == 5);
    CHECK(agn_matmul(&ea, &eb, &o, 0) == AGN_OK);
    CHECK(x[0] == 0 && x[3] == 0 && x[4] == 0 && x[7] == 0);
    agn_tensor eo = {NULL, s202, st, 3, AGN_DTYPE_FLOAT32}; /* M = 0 */
    agn_tensor ea2 = {NULL, s202, st, 3, AGN_DTYPE_FLOAT32};
    CHECK(agn_matmul(&ea2, &a, &eo, 0) == AGN_OK);
}

int main(void) {
    int32_t top = agn_simd_supported();
    for (int32_t level = 0; level <= 2; level++) {
        CHECK(agn_set_simd_level(level) == AGN_OK);
        if (level > top) continue; /* clamped: same as the top level */
        check_shapes(AGN_DTYPE_FLOAT32, 3);
        check_shapes(AGN_DTYPE_FLOAT64, 12);
        check_large(AGN_DTYPE_FLOAT32);
        check_large(AGN_DTYPE_FLOAT64);
        check_threads(AGN_DTYPE_FLOAT32, 1, 300, 257, 190, L_ROW, L_ROW, L_ROW, 0);
        check_threads(AGN_DTYPE_FLOAT32, 1, 200, 300, 500, L_TRANS, L_TRANS, L_ROW, 1);
        check_threads(AGN_DTYPE_FLOAT32, 3, 100, 70, 160, L_ROW, L_PADDED, L_TRANS, 0);
        check_threads(AGN_DTYPE_FLOAT64, 5, 64, 64, 64, L_ROW, L_ROW, L_ROW, 1);
        check_threads(AGN_DTYPE_FLOAT32, 1, 1030, 40, 70, L_ROW, L_ROW, L_STRIDED, 0);
        /* the shared packed B: row blocks of one product, B packed in K x N pieces */
        check_threads(AGN_DTYPE_FLOAT32, 1, 250, 545, 770, L_ROW, L_TRANS, L_ROW, 1);
        check_threads(AGN_DTYPE_FLOAT64, 1, 100, 530, 400, L_PADDED, L_ROW, L_TRANS, 0);
        /* too few row panels for the shared B (N split instead, each thread packing its own
         * columns); guided row blocks: a ragged last panel after a tail of minimum blocks, 86
         * panels as at 1024; row-major B packed a k row at a time, narrower than one panel
         * (N = 20) and with a ragged last panel (N = 70) */
        check_threads(AGN_DTYPE_FLOAT32, 1, 13, 2000, 700, L_ROW, L_ROW, L_ROW, 0);
        check_threads(AGN_DTYPE_FLOAT32, 1, 301, 96, 400, L_ROW, L_TRANS, L_ROW, 1);
        check_threads(AGN_DTYPE_FLOAT32, 1, 1030, 70, 400, L_TRANS, L_ROW, L_ROW, 0);
        check_threads(AGN_DTYPE_FLOAT64, 1, 600, 20, 1500, L_ROW, L_ROW, L_ROW, 1);
        /* GEMV (dot, axpy) and small-K shapes large enough to be split across threads */
        check_gemv(AGN_DTYPE_FLOAT32);
        check_gemv(AGN_DTYPE_FLOAT64);
        check_threads(AGN_DTYPE_FLOAT32, 1, 1, 1000, 1001, L_ROW, L_TRANS, L_ROW, 0);
        check_threads(AGN_DTYPE_FLOAT32, 1, 1, 1000, 1001, L_STRIDED, L_ROW, L_ROW, 1);
        check_threads(AGN_DTYPE_FLOAT64, 3, 999, 1, 300, L_ROW, L_ROW, L_ROW, 1);
        check_threads(AGN_DTYPE_FLOAT32, 1, 1999, 1, 300, L_TRANS, L_ROW, L_STRIDED, 0);
        check_threads(AGN_DTYPE_FLOAT32, 1, 900, 601, 1, L_TRANS, L_ROW, L_ROW, 0);
        check_threads(AGN_DTYPE_FLOAT64, 2, 800, 333, 3, L_ROW, L_PADDED, L_ROW, 1);
    }
    CHECK(agn_set_simd_level(top) == AGN_OK);
    check_shapes(AGN_DTYPE_INT64, 12);
    check_large(AGN_DTYPE_INT64);
    check_threads(AGN_DTYPE_INT64, 2, 150, 90, 120, L_ROW, L_TRANS, L_ROW, 1);
    check_gemv(AGN_DTYPE_INT64);
    check_threads(AGN_DTYPE_INT64, 1, 1, 1000, 1001, L_ROW, L_TRANS, L_ROW, 1);
    check_threads(AGN_DTYPE_INT64, 2, 800, 700, 2, L_TRANS, L_ROW, L_ROW, 0);
    int32_t saved = agn_get_num_threads();
    check_fresh_output();
    CHECK(agn_set_num_threads(saved) == AGN_OK);
    check_errors();
    return check_summary("test_matmul");
}
