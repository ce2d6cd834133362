/* Note [Half arithmetic]: add / sub / mul / div / add(alpha=) with every operand float16 or every
 * operand bfloat16 computed in registers at the SIMD levels give the bits of the scalar level's staged
 * path (widen, float32 kernel, round once):
 *  - every pair of special patterns (signed zeros, subnormals, the normal and overflow edges, infinities,
 *    quiet and signalling NaNs with payloads of both signs, rounding ties) in both operand positions;
 *  - every one of the 65536 patterns against a shifted copy of itself;
 *  - lengths 0..100 at unaligned offsets, one input broadcast either side, and in place. */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { OPS = 5 };
static const int ops[OPS] = {AGN_BINARY_ADD, AGN_BINARY_SUB, AGN_BINARY_MUL, AGN_BINARY_DIV, -1};
static const double alphas[3] = {-2.5, 0.1, 1e-30}; /* 0.1 and 1e-30 round in float32; 1e-30 underflows */

static agn_status run(int op, double alpha, int32_t dt, int64_t n, const uint16_t *a, int64_t sa, const uint16_t *b,
                      int64_t sb, uint16_t *out) {
    const int64_t shape[1] = {n}, s_a[1] = {sa}, s_b[1] = {sb}, s_o[1] = {1};
    agn_tensor ta = {(void *)a, shape, s_a, 1, dt}, tb = {(void *)b, shape, s_b, 1, dt}, to = {out, shape, s_o, 1, dt};
    return op >= 0 ? agn_binary(op, &ta, &tb, &to) : agn_add_scaled(&ta, &tb, alpha, &to);
}

static int is_nan(int32_t dt, uint16_t h) {
    return (h & 0x7FFF) > (dt == AGN_DTYPE_FLOAT16 ? 0x7C00 : 0x7F80);
}

/* Bit equality, but for the sign of a float16 NaN computed from two NaNs: x86 returns the NaN of the
 * instruction's first source, and for a commutative op the compiler picks which operand that is, per
 * loop (the float32 kernel's vector body and its remainder loop differ), so that sign is no property
 * of the op's result to keep. (A bfloat16 NaN is always 0x7FC0.) */
static int same(int32_t dt, uint16_t a, uint16_t b, uint16_t ref, uint16_t got) {
    if (is_nan(dt, a) && is_nan(dt, b) && is_nan(dt, ref)) return (ref & 0x7FFF) == (got & 0x7FFF);
    return ref == got;
}

/* out at every SIMD level equals the scalar level's, for every op (and alpha). */
static void agree(int32_t dt, int64_t n, const uint16_t *a, int64_t sa, const uint16_t *b, int64_t sb) {
    uint16_t *ref = malloc((size_t)(n + 1) * 2), *got = malloc((size_t)(n + 1) * 2);
    for (int k = 0; k < OPS; k++) {
        for (int al = 0; al < (ops[k] < 0 ? 3 : 1); al++) {
            agn_set_simd_level(AGN_SIMD_SCALAR);
            CHECK(run(ops[k], alphas[al], dt, n, a, sa, b, sb, ref) == AGN_OK);
            for (int lv = 1; lv <= agn_simd_supported(); lv++) {
                agn_set_simd_level(lv);
                got[n] = 0xABCD;
                CHECK(run(ops[k], alphas[al], dt, n, a, sa, b, sb, got) == AGN_OK);
                for (int64_t i = 0; i < n; i++) CHECK(same(dt, a[i * sa], b[i * sb], ref[i], got[i]));
                CHECK(got[n] == 0xABCD); /* nothing written past the run */
            }
        }
    }
    free(ref), free(got);
}

static const uint16_t f16_specials[] = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x0002, 0x03FF, 0x83FF, 0x0400, 0x8400, 0x0401, 0x3C00, 0xBC00, 0x3C01, 0x3C02,
    0x1000, 0x1400, 0x1001, 0x3800, 0x3555, 0x4000, 0x7BFF, 0xFBFF, 0x7BFE, 0x5BFF, 0x7C00, 0xFC00, 0x7E00, 0xFE00,
    0x7C01, 0xFC01, 0x7D23, 0xFF45, 0x7FFF, 0x0200, 0x1C00, 0x6000, 0x2E66, 0xC249};
static const uint16_t bf16_specials[] = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x007F, 0x807F, 0x0080, 0x8080, 0x0081, 0x3F80, 0xBF80, 0x3F81, 0x3F82,
    0x3B80, 0x3B00, 0x3F00, 0x3EAB, 0x4000, 0x7F7F, 0xFF7F, 0x7F7E, 0x7F80, 0xFF80, 0x7FC0, 0xFFC0, 0x7F81,
    0xFF81, 0x7FA3, 0xFFE5, 0x7FFF, 0x0040, 0x3380, 0x4B00, 0x3DCD, 0xC049, 0x0100};

static void special_pairs(int32_t dt, const uint16_t *sp, int64_t m) {
    const int64_t n = m * m;
    uint16_t *a = malloc((size_t)n * 2), *b = malloc((size_t)n * 2);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < m; j++) a[i * m + j] = sp[i], b[i * m + j] = sp[j];
    agree(dt, n, a, 1, b, 1);
    for (int64_t i = 0; i < m; i++) { /* each special broadcast against all of them, either side */
        agree(dt, m, sp, 1, sp + i, 0);
        agree(dt, m, sp + i, 0, sp, 1);
    }
    free(a), free(b);
}

static void every_pattern(int32_t dt) {
    enum { N = 65536 };
    static uint16_t a[N], b[N];
    for (int shift = 1; shift < N; shift += 12345) {
        for (int i = 0; i < N; i++) a[i] = (uint16_t)i, b[i] = (uint16_t)(i + shift);
        agree(dt, N, a, 1, b, 1);
    }
}

/* Tails and unaligned starts around the vector width, broadcasts, and out == a. */
static void lengths(int32_t dt, const uint16_t *sp, int64_t m) {
    uint16_t a[128], b[128], out[128], ref[128];
    for (int i = 0; i < 128; i++) a[i] = sp[(i * 7) % m], b[i] = sp[(i * 5 + 3) % m];
    for (int64_t n = 0; n <= 100; n++) {
        for (int off = 0; off < 3; off++) {
            agree(dt, n, a + off, 1, b + off, 1);
            agree(dt, n, a + off, 1, b + off, 0);
            agree(dt, n, a + off, 0, b + off, 1);
        }
        for (int k = 0; k < OPS; k++) {
            agn_set_simd_level(AGN_SIMD_SCALAR);
            CHECK(run(ops[k], 0.1, dt, n, a + 1, 1, b, 1, ref) == AGN_OK);
            for (int lv = 1; lv <= agn_simd_supported(); lv++) {
                agn_set_simd_level(lv);
                memcpy(out, a + 1, (size_t)n * 2);
                CHECK(run(ops[k], 0.1, dt, n, out, 1, b, 1, out) == AGN_OK);
                CHECK(memcmp(out, ref, (size_t)n * 2) == 0);
            }
        }
    }
}

int main(void) {
    const int64_t mf = sizeof f16_specials / sizeof f16_specials[0], mb = sizeof bf16_specials / sizeof bf16_specials[0];
    special_pairs(AGN_DTYPE_FLOAT16, f16_specials, mf);
    special_pairs(AGN_DTYPE_BFLOAT16, bf16_specials, mb);
    every_pattern(AGN_DTYPE_FLOAT16);
    every_pattern(AGN_DTYPE_BFLOAT16);
    lengths(AGN_DTYPE_FLOAT16, f16_specials, mf);
    lengths(AGN_DTYPE_BFLOAT16, bf16_specials, mb);
    agn_set_simd_level(AGN_SIMD_AVX512);
    return check_summary("test_half_arith");
}
