/* float16 / bfloat16 in the elementwise kernels (Note [Half compute]) and their conversions:
 *  - the SIMD conversions give the scalar level's bits: every float16 pattern widened, and float32
 *    patterns rounded to both types (ties, subnormal and overflow edges, NaNs with payloads, a
 *    strided sweep of all patterns);
 *  - agn_binary / agn_add_scaled / agn_unary on half operands, mixed with float32, equal converting
 *    to float32, running the float32 kernel and rounding once, at every SIMD level, for lengths
 *    0..257, strided, broadcast and in place, and for any thread count. */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static agn_status convert(const void *src, int32_t sdt, int64_t ss, void *out, int32_t odt, int64_t os, int64_t n) {
    const int64_t shape[1] = {n}, s1[1] = {ss}, s2[1] = {os};
    agn_tensor s = {(void *)src, shape, s1, 1, sdt}, o = {out, shape, s2, 1, odt};
    return agn_copy(&s, &o);
}

static int levels(void) { return agn_simd_supported(); }

static void widen_every_f16(void) {
    static uint16_t h[65536];
    static uint32_t ref[65536], got[65536];
    for (int i = 0; i < 65536; i++) h[i] = (uint16_t)i;
    agn_set_simd_level(AGN_SIMD_SCALAR);
    CHECK(convert(h, AGN_DTYPE_FLOAT16, 1, ref, AGN_DTYPE_FLOAT32, 1, 65536) == AGN_OK);
    for (int lv = 1; lv <= levels(); lv++) {
        agn_set_simd_level(lv);
        CHECK(convert(h, AGN_DTYPE_FLOAT16, 1, got, AGN_DTYPE_FLOAT32, 1, 65536) == AGN_OK);
        CHECK(memcmp(ref, got, sizeof ref) == 0);
        CHECK(convert(h, AGN_DTYPE_BFLOAT16, 1, got, AGN_DTYPE_FLOAT32, 1, 65536) == AGN_OK);
        for (int i = 0; i < 65536; i++) CHECK(got[i] == (uint32_t)i << 16); /* bit exact, NaNs too */
    }
    CHECK(ref[0x7C01] == 0x7FC02000u); /* a signalling NaN widens quiet, its payload kept */
}

/* Patterns rounded by both levels: the edges of each type, then every 97th float32 pattern. */
static void narrow_patterns(void) {
    enum { N = 1 << 16 };
    static const uint32_t edges[] = {
        0x00000000, 0x80000000, 0x00000001, 0x007FFFFF, 0x00800000, 0x33000000, 0x33000001, 0x337FFFFF,
        0x33800000, 0x387FC000, 0x387FE000, 0x38800000, 0x3F801000, 0x3F803000, 0x3F808000, 0x3F818000,
        0x477FE000, 0x477FEFFF, 0x477FF000, 0x477FF001, 0x7F7F7FFF, 0x7F7F8000, 0x7F7FFFFF, 0x7F800000,
        0x7F800001, 0x7FC00000, 0x7FFFFFFF, 0xFF800001, 0xFFC01234, 0xBF808000, 0xC77FF000, 0x80000001};
    static uint32_t f[N];
    static uint16_t ref[2][N], got[2][N];
    const int32_t types[2] = {AGN_DTYPE_FLOAT16, AGN_DTYPE_BFLOAT16};
    for (uint64_t start = 0; start < 97; start += 48) {
        int64_t n = 0;
        for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) f[n++] = edges[e];
        for (uint64_t u = start; u <= 0xFFFFFFFFu && n < N; u += 97 * 683) f[n++] = (uint32_t)u;
        for (int t = 0; t < 2; t++) {
            agn_set_simd_level(AGN_SIMD_SCALAR);
            CHECK(convert(f, AGN_DTYPE_FLOAT32, 1, ref[t], types[t], 1, n) == AGN_OK);
            for (int lv = 1; lv <= levels(); lv++) {
                agn_set_simd_level(lv);
                CHECK(convert(f, AGN_DTYPE_FLOAT32, 1, got[t], types[t], 1, n) == AGN_OK);
                CHECK(memcmp(ref[t], got[t], (size_t)n * 2) == 0);
            }
        }
    }
    agn_set_simd_level(AGN_SIMD_SCALAR);
    uint16_t h;
    uint32_t nan = 0xFFC01234u; /* NaNs round to the canonical quiet NaN of their sign / 0x7FC0 */
    CHECK(convert(&nan, AGN_DTYPE_FLOAT32, 1, &h, AGN_DTYPE_FLOAT16, 1, 1) == AGN_OK && h == 0xFE00);
    CHECK(convert(&nan, AGN_DTYPE_FLOAT32, 1, &h, AGN_DTYPE_BFLOAT16, 1, 1) == AGN_OK && h == 0x7FC0);
}

/* Deterministic operand bits of a dtype: finite values of mixed magnitude, with a few specials. */
static void fill(void *p, int32_t dt, int64_t n, uint32_t seed) {
    for (int64_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        float v = (float)((int32_t)(seed >> 8) % 20000) / 997.0f;
        if (i % 37 == 5) v = 1.0f / 0.0f;
        if (i % 41 == 7) v = 0.0f / 0.0f;
        if (i % 43 == 9) v = 3e-6f; /* a float16 subnormal */
        if (dt == AGN_DTYPE_FLOAT32) memcpy((char *)p + 4 * i, &v, 4);
        else convert(&v, AGN_DTYPE_FLOAT32, 1, (char *)p + 2 * i, dt, 1, 1);
    }
}

static int64_t es(int32_t dt) { return dt == AGN_DTYPE_FLOAT32 ? 4 : dt == AGN_DTYPE_BOOL ? 1 : 2; }

/* One call on n elements: inputs of dtypes da / db with element strides sa / sb (0 broadcasts), out
 * of dtype dout with stride so. op >= 0 is agn_binary's, -1 agn_add_scaled, -2 - k agn_unary's op k
 * (b unused). Writes the output's bytes, densely, to res. */
typedef struct call {
    int op;
    int32_t da, db, dout;
    int64_t sa, sb, so;
} call;

static agn_status run_call(const call *c, int64_t n, const char *a, const char *b, char *out) {
    const int64_t shape[1] = {n}, sa[1] = {c->sa}, sb[1] = {c->sb}, so[1] = {c->so};
    agn_tensor ta = {(void *)a, shape, sa, 1, c->da}, tb = {(void *)b, shape, sb, 1, c->db};
    agn_tensor to = {out, shape, so, 1, c->dout};
    if (c->op >= 0) return agn_binary(c->op, &ta, &tb, &to);
    if (c->op == -1) return agn_add_scaled(&ta, &tb, -2.5, &to);
    return agn_unary(-2 - c->op, &ta, &to, 0.25, 3.0);
}

/* The reference: both inputs converted to dense float32 (scalar level), the float32 kernel, and the
 * result rounded into out's layout. */
static agn_status run_reference(const call *c, int64_t n, const char *a, const char *b, char *out) {
    float *fa = malloc((size_t)(n + 1) * 4), *fb = malloc((size_t)(n + 1) * 4), *fo = malloc((size_t)(n + 1) * 8);
    const int cmp = c->dout == AGN_DTYPE_BOOL;
    call f = {c->op, AGN_DTYPE_FLOAT32, AGN_DTYPE_FLOAT32, cmp ? AGN_DTYPE_BOOL : AGN_DTYPE_FLOAT32, 1, 1, 1};
    CHECK(convert(a, c->da, c->sa, fa, AGN_DTYPE_FLOAT32, 1, n) == AGN_OK);
    CHECK(convert(b, c->db, c->sb, fb, AGN_DTYPE_FLOAT32, 1, n) == AGN_OK);
    agn_status s = run_call(&f, n, (const char *)fa, (const char *)fb, (char *)fo);
    if (s == AGN_OK) CHECK(convert(fo, f.dout, 1, out, c->dout, c->so, n) == AGN_OK);
    free(fa), free(fb), free(fo);
    return s;
}

static void check_call(const call *c, int64_t n, int inplace) {
    const int64_t cap = 3 * (n + 1) + 8;
    char *a = calloc((size_t)cap, 4), *b = calloc((size_t)cap, 4), *ref = calloc((size_t)cap, 4), *got = calloc((size_t)cap, 4);
    fill(a, c->da, cap, 11u + (uint32_t)n), fill(b, c->db, cap, 7u * (uint32_t)n + 3u);
    agn_set_simd_level(AGN_SIMD_SCALAR);
    agn_status sref = run_reference(c, n, a, b, ref);
    CHECK(sref == AGN_OK);
    for (int lv = 0; lv <= levels(); lv++) {
        agn_set_simd_level(lv);
        memset(got, 0xAB, (size_t)cap * 4);
        if (inplace) memcpy(got, a, (size_t)cap * 4); /* out is a: same dtype and layout */
        CHECK(run_call(c, n, inplace ? got : a, b, got) == AGN_OK);
        const int64_t e = es(c->dout);
        for (int64_t i = 0; i < n; i++) CHECK(memcmp(got + i * c->so * e, ref + i * c->so * e, (size_t)e) == 0);
        if (!inplace) CHECK((unsigned char)got[cap * 4 - 1] == 0xAB); /* nothing written past the run */
    }
    free(a), free(b), free(ref), free(got);
}

static void elementwise(void) {
    const int32_t F16 = AGN_DTYPE_FLOAT16, BF16 = AGN_DTYPE_BFLOAT16, F32 = AGN_DTYPE_FLOAT32, B = AGN_DTYPE_BOOL;
    const call calls[] = {
        {AGN_BINARY_ADD, F16, F16, F16, 1, 1, 1},       {AGN_BINARY_ADD, BF16, BF16, BF16, 1, 1, 1},
        {AGN_BINARY_SUB, F16, F16, F16, 2, 3, 1},       {AGN_BINARY_MUL, BF16, F32, BF16, 1, 0, 1},
        {AGN_BINARY_DIV, F16, F32, F16, 1, 0, 2},       {AGN_BINARY_DIV, BF16, BF16, BF16, 0, 1, 1},
        {AGN_BINARY_MAXIMUM, F16, F16, F16, 1, 1, 1},   {AGN_BINARY_POW, BF16, BF16, BF16, 1, 1, 1},
        {AGN_BINARY_LT, F16, F16, B, 1, 1, 1},          {AGN_BINARY_EQ, BF16, BF16, B, 2, 1, 3},
        {AGN_BINARY_ADD, F16, BF16, F32, 1, 1, 1},      {AGN_BINARY_ADD, F32, F32, BF16, 1, 1, 1},
        {-1, F16, F16, F16, 1, 1, 1},                   {-1, BF16, BF16, BF16, 1, 2, 1},
        {-2 - AGN_UNARY_EXP, F16, F16, F16, 1, 1, 1},   {-2 - AGN_UNARY_NEG, BF16, BF16, BF16, 2, 1, 1},
        {-2 - AGN_UNARY_SQRT, BF16, BF16, BF16, 1, 1, 1}, {-2 - AGN_UNARY_RELU, F16, F16, F16, 1, 1, 3},
        {-2 - AGN_UNARY_AFFINE, F16, F16, F32, 1, 1, 1}, {-2 - AGN_UNARY_TANH, F32, F32, BF16, 1, 1, 1},
        {-2 - AGN_UNARY_CLAMP, BF16, BF16, BF16, 1, 1, 1},
    };
    for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++) {
        const call *c = &calls[k];
        for (int64_t n = 0; n <= 257; n++) check_call(c, n, 0);
        check_call(c, 100000, 0); /* several threads, many chunks */
        if (c->da == c->dout && c->sa == c->so && c->sa == 1) {
            check_call(c, 257, 1);
            check_call(c, 100000, 1);
        }
    }
    /* thread count does not change the bits */
    const call add = {AGN_BINARY_ADD, F16, BF16, F16, 1, 1, 1};
    agn_set_num_threads(1);
    check_call(&add, 200000, 0);
    agn_set_num_threads(4);
    check_call(&add, 200000, 0);
}

static void fill_and_refusals(void) {
    uint16_t h[5];
    const int64_t shape[1] = {5}, one[1] = {1};
    agn_tensor th = {h, shape, one, 1, AGN_DTYPE_FLOAT16}, tb = {h, shape, one, 1, AGN_DTYPE_BFLOAT16};
    agn_tensor ti = {h, shape, one, 1, AGN_DTYPE_INT16};
    CHECK(agn_unary(AGN_UNARY_FILL, NULL, &th, 65520.0, 0) == AGN_OK && h[0] == 0x7C00 && h[4] == 0x7C00);
    CHECK(agn_unary(AGN_UNARY_FILL, NULL, &tb, 1.00390625, 0) == AGN_OK && h[2] == 0x3F80); /* a tie: even */
    CHECK(agn_unary(AGN_UNARY_EXP, &th, &ti, 0, 0) == AGN_ERR_DTYPE);
    CHECK(agn_unary(AGN_UNARY_LOGICAL_NOT, &th, &th, 0, 0) == AGN_ERR_DTYPE);
    CHECK(agn_binary(AGN_BINARY_BITWISE_AND, &th, &th, &th) == AGN_ERR_DTYPE);
    CHECK(agn_binary(AGN_BINARY_EQ, &th, &th, &th) == AGN_ERR_DTYPE); /* comparisons write BOOL */
    CHECK(agn_add_scaled(&th, &ti, 1, &th) == AGN_ERR_DTYPE);
}

int main(void) {
    widen_every_f16();
    narrow_patterns();
    elementwise();
    fill_and_refusals();
    agn_set_simd_level(AGN_SIMD_AVX512);
    return check_summary("test_half");
}
