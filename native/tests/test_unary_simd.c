/* agn_unary's explicit SIMD paths (unary_avx2.c / unary_avx512.c) at every level this CPU has:
 *  - exp/log/tanh/sigmoid, float32 and float64, against libm (double for float32, long double for
 *    float64) in ulp of the result, within the bounds documented in unary_vmath_f32.h / _f64.h,
 *    over a strided sweep of all float32 bit patterns (every pattern with `test_unary_simd full`),
 *    a strided sweep of float64 patterns plus dense in-domain ranges, and special values
 *    (inf/NaN/zero/subnormal/overflow/saturation);
 *  - lengths 0..257 with unaligned pointers, vector tails, a guard past the end, and in place;
 *  - sqrt/neg/abs/relu/clamp/affine bit-identical to the scalar level.
 * Prints the max ulp error seen per (op, dtype, level). */
#include "autograd_native.h"
#include "check.h"

#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NOPS = 4 };
static const int OPS[NOPS] = {AGN_UNARY_EXP, AGN_UNARY_LOG, AGN_UNARY_TANH, AGN_UNARY_SIGMOID};
static const char *const NAMES[NOPS] = {"exp", "log", "tanh", "sigmoid"};
/* Documented bounds (ulp) of the SIMD kernels, float32 and float64 (unary_vmath_f32.h / _f64.h). */
static const double BOUND32[NOPS] = {1.5, 1, 2, 3};
static const double BOUND64[NOPS] = {1, 1, 2, 3};

/* The documented bound for the SIMD levels; libm (level 0) is only held to the 3 ulp. */
static double bound(int level, int f64, int k) {
    return level == 0 ? 3.0 : f64 ? BOUND64[k] : BOUND32[k];
}

static double ref32(int op, double x) {
    switch (op) {
    case AGN_UNARY_EXP: return exp(x);
    case AGN_UNARY_LOG: return log(x);
    case AGN_UNARY_TANH: return tanh(x);
    default: return 1.0 / (1.0 + exp(-x));
    }
}

static long double ref64(int op, long double x) {
    switch (op) {
    case AGN_UNARY_EXP: return expl(x);
    case AGN_UNARY_LOG: return logl(x);
    case AGN_UNARY_TANH: return tanhl(x);
    default: return 1.0L / (1.0L + expl(-x));
    }
}

/* |got - want| in ulps of want's binade (subnormal ulp at the bottom); an infinite result counts as
 * the next power of two past the largest finite, so a late or early overflow costs its real error. */
static double ulp32(float got, double want) {
    if (isnan(got) || isnan(want)) return isnan(got) && isnan(want) ? 0 : INFINITY;
    if (isinf((float)want) && got == (float)want) return 0; /* overflows in float too */
    double g = isinf(got) ? copysign(0x1p128, got) : got, w = isinf(want) ? copysign(0x1p128, want) : want;
    int e;
    frexp(w, &e);
    double ulp = w == 0 ? 0x1p-149 : fmax(ldexp(1.0, e - 24), 0x1p-149);
    return fabs(g - w) / ulp;
}

static double ulp64(double got, long double want) {
    if (isnan(got) || isnan(want)) return isnan(got) && isnan(want) ? 0 : INFINITY;
    if (isinf((double)want) && got == (double)want) return 0;
    long double g = isinf(got) ? copysignl(0x1p1024L, got) : got;
    long double w = isinf(want) ? copysignl(0x1p1024L, want) : want;
    int e;
    frexpl(w, &e);
    long double ulp = w == 0 ? 0x1p-1074L : fmaxl(ldexpl(1.0L, e - 53), 0x1p-1074L);
    return (double)(fabsl(g - w) / ulp);
}

static void run(int op, int dtype, void *out, const void *x, int64_t n) {
    int64_t shape[1] = {n}, st[1] = {1};
    agn_tensor tx = {(void *)x, shape, st, 1, dtype}, to = {out, shape, st, 1, dtype};
    CHECK(agn_unary(op, &tx, &to, 0, 0) == AGN_OK);
}

static int g_levels; /* agn_simd_supported() */
static double g_max32[3][NOPS], g_max64[3][NOPS];
static float g_worst32[3][NOPS];

static int g_first_level; /* 0 normally; the top level only for `full` (libm and AVX2 would triple it) */
static int g_same_simd = 1; /* AVX2 and AVX-512 results bit-identical (same arithmetic by design) */

/* Runs every op at every level over xs[0..n) and folds the errors into g_max32. */
static void sweep32(const float *xs, int64_t n) {
    float *got = malloc((size_t)n * sizeof(float)), *prev = malloc((size_t)n * sizeof(float));
    double *want = malloc((size_t)n * sizeof(double));
    for (int k = 0; k < NOPS; k++) {
        for (int64_t i = 0; i < n; i++) want[i] = ref32(OPS[k], xs[i]);
        for (int lv = g_first_level; lv <= g_levels; lv++) {
            agn_set_simd_level(lv);
            run(OPS[k], AGN_DTYPE_FLOAT32, got, xs, n);
            for (int64_t i = 0; i < n; i++) {
                double e = ulp32(got[i], want[i]);
                if (e > g_max32[lv][k]) { g_max32[lv][k] = e; g_worst32[lv][k] = xs[i]; }
            }
            if (lv == 2 && g_first_level <= 1) g_same_simd &= memcmp(got, prev, (size_t)n * sizeof(float)) == 0;
            memcpy(prev, got, (size_t)n * sizeof(float));
        }
    }
    free(got);
    free(prev);
    free(want);
}

static void sweep64(int k, const double *xs, int64_t n) {
    double *got = malloc((size_t)n * sizeof(double));
    long double *want = malloc((size_t)n * sizeof(long double));
    for (int64_t i = 0; i < n; i++) want[i] = ref64(OPS[k], xs[i]);
    for (int lv = 0; lv <= g_levels; lv++) {
        agn_set_simd_level(lv);
        run(OPS[k], AGN_DTYPE_FLOAT64, got, xs, n);
        for (int64_t i = 0; i < n; i++) {
            double e = ulp64(got[i], want[i]);
            if (e > g_max64[lv][k]) g_max64[lv][k] = e;
        }
    }
    free(got);
    free(want);
}

/* float32: every `stride`-th bit pattern (all of them when stride is 1), in chunks. */
static void check_sweep32(uint64_t stride) {
    const int64_t chunk = 1 << 22;
    float *xs = malloc((size_t)chunk * sizeof(float));
    int64_t n = 0;
    for (uint64_t u = 0; u < (1ull << 32); u += stride) {
        uint32_t b = (uint32_t)u;
        memcpy(&xs[n++], &b, 4);
        if (n == chunk) { sweep32(xs, n); n = 0; }
    }
    if (n) sweep32(xs, n);
    free(xs);
}

static uint64_t g_rng = 0x9E3779B97F4A7C15ull;
static double urand(void) { /* [0, 1) */
    g_rng = g_rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(g_rng >> 11) * 0x1p-53;
}

/* float64: 2^20 bit patterns spread over all exponents, plus 2^20 uniform points where the op does
 * its work (range reduction boundaries, the tanh switch at 0.625, subnormal results). */
static void check_sweep64(void) {
    const int64_t n = 1 << 21, half = n / 2;
    static const double LO[NOPS] = {-746, 0, -20, -750}, HI[NOPS] = {710, 4, 20, 40};
    double *xs = malloc((size_t)n * sizeof(double));
    for (int k = 0; k < NOPS; k++) {
        for (int64_t i = 0; i < half; i++) {
            uint64_t b = (uint64_t)i * 0x0000200000000F31ull;
            memcpy(&xs[i], &b, 8);
        }
        for (int64_t i = half; i < n; i++) xs[i] = LO[k] + (HI[k] - LO[k]) * urand();
        sweep64(k, xs, n);
    }
    free(xs);
}

static void report_bounds(void) {
    for (int lv = 0; lv <= g_levels; lv++)
        for (int k = 0; k < NOPS; k++) {
            printf("level %d %-7s f32 max %.3f ulp (x=%a)  f64 max %.3f ulp\n", lv, NAMES[k],
                   g_max32[lv][k], (double)g_worst32[lv][k], g_max64[lv][k]);
            if (lv < g_first_level) continue;
            CHECK(g_max32[lv][k] <= bound(lv, 0, k));
            CHECK(g_max64[lv][k] <= bound(lv, 1, k));
        }
}

/* Exact special values through full vectors and the tail (n = 37: two AVX-512 vectors + 5). */
static void check_special(void) {
    /* x, exp, log, tanh, sigmoid */
    const float tab[][5] = {
        {-INFINITY, 0, NAN, -1, 0},        {INFINITY, INFINITY, INFINITY, 1, 1},
        {NAN, NAN, NAN, NAN, NAN},         {0.0f, 1, -INFINITY, 0, 0.5f},
        {-0.0f, 1, -INFINITY, -0.0f, 0.5f}, {89.0f, INFINITY, 4.48863637f, 1, 1},
        {-1e4f, 0, NAN, -1, 0},            {1e4f, INFINITY, 9.21034050f, 1, 1},
        {-200.0f, 0, NAN, -1, 0},          {-1.0f, 0.36787944f, NAN, -0.76159416f, 0.26894142f},
    };
    const int nt = (int)(sizeof tab / sizeof tab[0]);
    float x[37], o[37];
    double xd[37], od[37];
    for (int lv = 0; lv <= g_levels; lv++) {
        agn_set_simd_level(lv);
        for (int k = 0; k < NOPS; k++) {
            for (int i = 0; i < 37; i++) { x[i] = tab[i % nt][0]; xd[i] = x[i]; }
            run(OPS[k], AGN_DTYPE_FLOAT32, o, x, 37);
            run(OPS[k], AGN_DTYPE_FLOAT64, od, xd, 37);
            for (int i = 0; i < 37; i++) {
                const float w = tab[i % nt][1 + k];
                if (isnan(w)) { CHECK(isnan(o[i]) && isnan(od[i])); continue; }
                /* float32: the table (exact where it is inf, 0, +-1, 0.5); float64: long double */
                CHECK(ulp32(o[i], w) <= bound(lv, 0, k) && !signbit(o[i]) == !signbit(w));
                if (isinf(w) || w == 0 || w == 1 || w == -1 || w == 0.5f) CHECK(o[i] == w);
                CHECK(ulp64(od[i], ref64(OPS[k], xd[i])) <= bound(lv, 1, k));
                CHECK(!signbit(od[i]) == !signbit(w));
            }
        }
        /* subnormals: log(smallest subnormal) and exp results that land in the subnormal range */
        float s = 0x1p-149f, ls;
        run(AGN_UNARY_LOG, AGN_DTYPE_FLOAT32, &ls, &s, 1);
        CHECK(ulp32(ls, log(0x1p-149)) <= bound(lv, 0, 1));
        double sd = 0x1p-1074, lsd;
        run(AGN_UNARY_LOG, AGN_DTYPE_FLOAT64, &lsd, &sd, 1);
        CHECK(ulp64(lsd, logl(0x1p-1074L)) <= bound(lv, 1, 1));
        float xe = -100.0f, ye;
        run(AGN_UNARY_EXP, AGN_DTYPE_FLOAT32, &ye, &xe, 1);
        CHECK(ye > 0 && fabs(ye - exp(-100.0)) <= 0x1p-149);
        double xde = -740.0, yde;
        run(AGN_UNARY_EXP, AGN_DTYPE_FLOAT64, &yde, &xde, 1);
        CHECK(yde > 0 && fabs(yde - exp(-740.0)) <= 0x1p-1074);
        float xo = 88.72f, yo; /* just below overflow stays finite */
        run(AGN_UNARY_EXP, AGN_DTYPE_FLOAT32, &yo, &xo, 1);
        CHECK(isfinite(yo) && ulp32(yo, exp((double)xo)) <= bound(lv, 0, 0));
    }
}

/* Fills n values of op's domain (log also gets a few non-positive ones) as float32 and float64. */
static void fill_domain(int op, int64_t n, float *f, double *d) {
    for (int64_t i = 0; i < n; i++) {
        double v = urand() * 24 - 12;
        if (op == AGN_UNARY_LOG || op == AGN_UNARY_SQRT) v = i % 17 == 5 ? -v : fabs(v) * 100;
        if (i % 23 == 7) v = 0;
        f[i] = (float)v;
        d[i] = v;
    }
}

/* One (op, dtype, n) run at the current level: x at byte offset xoff, out at ooff (or x itself);
 * the two elements past the end must stay untouched. Values come back through memcpy. */
static void run_len(int op, int dtype, int64_t n, int xoff, int ooff, int inplace, const void *src,
                    void *dst, double p0, double p1) {
    const size_t es = dtype == AGN_DTYPE_FLOAT32 ? 4 : 8;
    char *xb = malloc((n + 2) * es + 8), *ob = malloc((n + 2) * es + 8);
    char *x = xb + xoff, *o = inplace ? x : ob + ooff;
    memcpy(x, src, (size_t)n * es);
    if (!inplace) memset(o, 0x5A, (n + 2) * es);
    memset(x + n * es, 0x5A, 2 * es);
    int64_t shape[1] = {n}, st[1] = {1};
    agn_tensor tx = {x, shape, st, 1, dtype}, to = {o, shape, st, 1, dtype};
    CHECK(agn_unary(op, &tx, &to, p0, p1) == AGN_OK);
    memcpy(dst, o, (size_t)n * es);
    for (size_t i = 0; i < 2 * es; i++) CHECK((unsigned char)o[n * es + i] == 0x5A);
    free(xb);
    free(ob);
}

/* Lengths 0..257 (every vector tail of both widths), aligned / unaligned, out of place / in place. */
static void check_lengths(void) {
    enum { N = 257 };
    static const int CHEAP[6] = {AGN_UNARY_SQRT, AGN_UNARY_NEG, AGN_UNARY_ABS, AGN_UNARY_RELU,
                                 AGN_UNARY_CLAMP, AGN_UNARY_AFFINE};
    float xf[N], gf[N], sf[N];
    double xd[N], gd[N], sd[N];
    for (int lv = 1; lv <= g_levels; lv++) {
        for (int k = 0; k < NOPS + 6; k++) {
            const int op = k < NOPS ? OPS[k] : CHEAP[k - NOPS];
            const double p0 = op == AGN_UNARY_CLAMP ? -1.5 : 0.7, p1 = op == AGN_UNARY_CLAMP ? 2.25 : -0.3;
            fill_domain(op, N, xf, xd);
            xf[3] = NAN; xd[3] = NAN; xf[4] = -0.0f; xd[4] = -0.0;
            for (int64_t n = 0; n <= N; n++) {
                const int xoff = (int)(n % 4), ooff = (int)((n / 4) % 4), inplace = n % 3 == 2;
                agn_set_simd_level(0);
                run_len(op, AGN_DTYPE_FLOAT32, n, 0, 0, 0, xf, sf, p0, p1);
                run_len(op, AGN_DTYPE_FLOAT64, n, 0, 0, 0, xd, sd, p0, p1);
                agn_set_simd_level(lv);
                run_len(op, AGN_DTYPE_FLOAT32, n, xoff, ooff, inplace, xf, gf, p0, p1);
                run_len(op, AGN_DTYPE_FLOAT64, n, xoff, ooff, inplace, xd, gd, p0, p1);
                int ok32 = 1, ok64 = 1;
                for (int64_t i = 0; i < n; i++) {
                    if (k < NOPS) {
                        ok32 &= ulp32(gf[i], ref32(op, xf[i])) <= BOUND32[k];
                        ok64 &= ulp64(gd[i], ref64(op, xd[i])) <= BOUND64[k];
                    } else { /* bit-identical to the scalar level */
                        ok32 &= memcmp(&gf[i], &sf[i], 4) == 0 || (isnan(gf[i]) && isnan(sf[i]));
                        ok64 &= memcmp(&gd[i], &sd[i], 8) == 0 || (isnan(gd[i]) && isnan(sd[i]));
                    }
                }
                CHECK(ok32);
                CHECK(ok64);
                if (!ok32 || !ok64) fprintf(stderr, "  level %d op %d n %lld\n", lv, op, (long long)n);
            }
        }
    }
}

int main(int argc, char **argv) {
    g_levels = agn_simd_supported();
    printf("SIMD levels available: 0..%d\n", g_levels);
    const int full = argc > 1 && strcmp(argv[1], "full") == 0;
    check_special();
    check_lengths();
    if (full) g_first_level = g_levels;
    check_sweep32(full ? 1 : 1021);
    check_sweep64();
    report_bounds();
    CHECK(g_same_simd);
    agn_set_simd_level(AGN_SIMD_AVX512);
    return check_summary("test_unary_simd");
}
