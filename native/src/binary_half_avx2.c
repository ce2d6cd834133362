/* AVX2+F16C add / sub / mul / div / add(alpha=) on float16 / bfloat16 operands of one dtype (Note
 * [Half arithmetic], half_convert.h): sixteen elements at a time are widened, computed on in float32
 * and rounded back in registers. The conversions are half_simd.h's (half.h's bits), the arithmetic the
 * float32 kernel's (a + alpha * b a product then a sum, never fused), so the bits are the staged path's. */
#include "half_convert.h"
#include "half.h"
#include "half_simd.h"

/* Sixteen elements as two vectors of eight floats, in an order of lanes the load and the store agree
 * on (any order does: the op is elementwise). */
typedef struct v16 {
    __m256 lo, hi;
} v16;

static inline v16 f16_load16(const uint16_t *p) {
    return (v16){agn_f16_widen8(p), agn_f16_widen8(p + 8)};
}

static inline void f16_store16(uint16_t *p, v16 v) {
    const int rnd = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    const __m256i h = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm256_cvtps_ph(v.lo, rnd)), _mm256_cvtps_ph(v.hi, rnd), 1);
    _mm256_storeu_si256((__m256i *)p, agn_f16_canonical_nan16(h));
}

/* bfloat16 x in the high half of a 32-bit lane is the float x << 16: interleaving with zeros widens,
 * giving elements 0-3 and 8-11 in lo, 4-7 and 12-15 in hi, an order packus_epi32 undoes. */
static inline v16 bf16_load16(const uint16_t *p) {
    const __m256i x = _mm256_loadu_si256((const __m256i *)p), z = _mm256_setzero_si256();
    return (v16){_mm256_castsi256_ps(_mm256_unpacklo_epi16(z, x)), _mm256_castsi256_ps(_mm256_unpackhi_epi16(z, x))};
}

static inline void bf16_store16(uint16_t *p, v16 v) {
    /* every lane <= 0xFFFF, which the unsigned saturation keeps */
    _mm256_storeu_si256((__m256i *)p, _mm256_packus_epi32(agn_bf16_round(v.lo), agn_bf16_round(v.hi)));
}

static inline v16 f16_splat(const uint16_t *p) {
    const __m256 v = _mm256_set1_ps(agn_f16_to_f32(*p));
    return (v16){v, v};
}

static inline v16 bf16_splat(const uint16_t *p) {
    const __m256 v = _mm256_set1_ps(agn_bf16_to_f32(*p));
    return (v16){v, v};
}

static inline __m256 arith(int32_t op, __m256 a, __m256 b, __m256 alpha) {
    switch (op) {
    case AGN_BINARY_SUB: return _mm256_sub_ps(a, b);
    case AGN_BINARY_MUL: return _mm256_mul_ps(a, b);
    case AGN_BINARY_DIV: return _mm256_div_ps(a, b);
    case AGN_HALF_ADD_SCALED: return _mm256_add_ps(a, _mm256_mul_ps(alpha, b));
    default: return _mm256_add_ps(a, b);
    }
}

static inline v16 arith16(int32_t op, v16 a, v16 b, __m256 alpha) {
    return (v16){arith(op, a.lo, b.lo, alpha), arith(op, a.hi, b.hi, alpha)};
}

/* The three layouts (both dense, b broadcast, a broadcast), each a loop of its own. */
#define HALF_ROWS(LOAD, STORE, OP)                                                                  \
    if (sa && sb)                                                                                 \
        for (; i + 16 <= n; i += 16) STORE(o + i, arith16(OP, LOAD(a + i), LOAD(b + i), alpha));  \
    else if (sa)                                                                                  \
        for (; i + 16 <= n; i += 16) STORE(o + i, arith16(OP, LOAD(a + i), vb, alpha));           \
    else                                                                                          \
        for (; i + 16 <= n; i += 16) STORE(o + i, arith16(OP, va, LOAD(b + i), alpha));

#define HALF_OPS(LOAD, SPLAT, STORE)                                                                \
    do {                                                                                          \
        const v16 va = SPLAT(a), vb = SPLAT(b); /* a broadcast operand is one element */          \
        switch (op) {                                                                             \
        case AGN_BINARY_ADD: HALF_ROWS(LOAD, STORE, AGN_BINARY_ADD) break;                         \
        case AGN_BINARY_SUB: HALF_ROWS(LOAD, STORE, AGN_BINARY_SUB) break;                         \
        case AGN_BINARY_MUL: HALF_ROWS(LOAD, STORE, AGN_BINARY_MUL) break;                         \
        case AGN_BINARY_DIV: HALF_ROWS(LOAD, STORE, AGN_BINARY_DIV) break;                         \
        default: HALF_ROWS(LOAD, STORE, AGN_HALF_ADD_SCALED) break;                                \
        }                                                                                         \
    } while (0)

int64_t agn_half_arith_avx2(const agn_half_arith *h, int64_t n, uint16_t *o, const uint16_t *a, int64_t sa,
                            const uint16_t *b, int64_t sb) {
    const __m256 alpha = _mm256_set1_ps(h->alpha);
    const int32_t op = h->op;
    int64_t i = 0;
    if (n < 16) return 0;
    if (h->dtype == AGN_DTYPE_FLOAT16) HALF_OPS(f16_load16, f16_splat, f16_store16);
    else HALF_OPS(bf16_load16, bf16_splat, bf16_store16);
    return i;
}
