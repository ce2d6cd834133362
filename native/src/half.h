/* float16 and bfloat16 <-> float32, bit exact and independent of the floating-point environment
 * (flush-to-zero, see agn_set_flush_denormal, must not change a stored half): integer arithmetic
 * only. Narrowing rounds to nearest even, as LibTorch's c10::Half / c10::BFloat16 do; a NaN becomes
 * the quiet NaN of its sign (float16) or 0x7FC0 (bfloat16, c10::BFloat16's choice). Widening a
 * float16 NaN keeps its payload and sets the quiet bit, as F16C's vcvtph2ps and c10's conversion (a
 * float multiply) do. half_convert.h runs these over rows, with SIMD variants of the same bits. */
#ifndef AGN_HALF_H
#define AGN_HALF_H

#include <stdint.h>
#include <string.h>

static inline uint32_t agn_f32_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline float agn_bits_f32(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static inline float agn_f16_to_f32(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1Fu;
    uint32_t m = h & 0x3FFu;
    if (e == 0x1F) return agn_bits_f32(sign | 0x7F800000u | (m << 13) | (m ? 0x400000u : 0u));
    if (e != 0) return agn_bits_f32(sign | ((e + 112) << 23) | (m << 13));
    if (m == 0) return agn_bits_f32(sign);
    /* subnormal: m * 2^-24, normalised by hand (the result is a normal float) */
    uint32_t shift = 0;
    while (!(m & 0x400u)) {
        m <<= 1;
        shift++;
    }
    return agn_bits_f32(sign | ((113 - shift) << 23) | ((m & 0x3FFu) << 13));
}

static inline uint16_t agn_f32_to_f16(float f) {
    const uint32_t u = agn_f32_bits(f), x = u & 0x7FFFFFFFu;
    const uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
    if (x > 0x7F800000u) return sign | 0x7E00u;          /* NaN */
    if (x >= 0x477FF000u) return sign | 0x7C00u;         /* rounds to (or is) infinity: >= 65520 */
    if (x >= 0x38800000u) {                              /* normal in half: >= 2^-14 */
        const uint32_t r = x - 0x38000000u + 0xFFFu + ((x >> 13) & 1u);
        return sign | (uint16_t)(r >> 13);
    }
    if (x < 0x33000000u) return sign;                   /* <= 2^-25: rounds to zero (the tie too) */
    /* subnormal: (1.m) * 2^(e-150) in units of 2^-24 is the significand >> (126 - e) */
    const uint32_t e = x >> 23, sig = (x & 0x7FFFFFu) | 0x800000u, shift = 126 - e;
    const uint32_t r = (sig + (1u << (shift - 1)) - 1u + ((sig >> shift) & 1u)) >> shift;
    return sign | (uint16_t)r;
}

static inline float agn_bf16_to_f32(uint16_t b) { return agn_bits_f32((uint32_t)b << 16); }

static inline uint16_t agn_f32_to_bf16(float f) {
    const uint32_t u = agn_f32_bits(f);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return 0x7FC0u;
    return (uint16_t)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

#endif
