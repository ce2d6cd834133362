/* float32 vector exp/log/tanh/sigmoid, written once against the small vector vocabulary (vf, vfi,
 * vfm; vf_add, vf_fma, vf_sel, ...) that unary_avx2.c / unary_avx512.c define before including this,
 * so both ISAs run the same arithmetic and give bit-identical results.
 *
 * Error against double-precision libm, in ulp of the float result (bound the tests enforce / max
 * measured over EVERY float32 input by `test_unary_simd full`; ctest samples every 1021st):
 *   exp 1.5 / 1.013, log 1 / 0.827, tanh 2 / 1.330, sigmoid 3 / 2.402.
 * Subnormal results are within 1 subnormal ulp (the scaling rounds once more there). */
#ifndef AGN_UNARY_VMATH_F32_H
#define AGN_UNARY_VMATH_F32_H

#include <math.h>

/* Adding 1.5 * 2^23 rounds a float of magnitude < 2^22 to an integer and leaves that integer in the
 * low mantissa bits: round-to-int and float->int in two adds, identical on every ISA. */
#define F32_MAGIC 12582912.0f

static inline vf vf_abs(vf x) { return vfi_float(vfi_and(vf_bits(x), vfi_set(0x7fffffff))); }
static inline vf vf_neg(vf x) { return vfi_float(vfi_xor(vf_bits(x), vfi_set(INT32_MIN))); }
static inline vf vf_nabs(vf x) { return vfi_float(vfi_or(vf_bits(x), vfi_set(INT32_MIN))); } /* -|x| */
static inline vf vf_copysign(vf mag, vf sgn) {
    return vfi_float(vfi_or(vfi_and(vf_bits(mag), vfi_set(0x7fffffff)),
                            vfi_and(vf_bits(sgn), vfi_set(INT32_MIN))));
}

/* 2^k from km = k + F32_MAGIC, k integral in [-126, 127]: k + 127 lands in the exponent field. */
static inline vf vf_pow2i(vf km) { return vfi_float(vfi_sll(vfi_add(vf_bits(km), vfi_set(127)), 23)); }

/* exp: <= 1.5 ulp (1.013 worst, near x = 59.3). x = k ln2 + r with |r| <= ln2/2 (Cody-Waite:
 * ln2 split in two, the first product exact under FMA), exp(r) = 1 + r + r^2 P(r) with Cephes' degree-5 minimax P, then
 * y * 2^k applied as two factors 2^k1 * 2^k2 so results that underflow to subnormals round once
 * and results past FLT_MAX overflow to inf by plain IEEE arithmetic (no special-case masks).
 * The clamp to [-104, 89] keeps k in range; min/max return their second operand for NaN, so a NaN
 * input flows through as NaN. exp(-inf) = 0, exp(+inf) = inf. */
static inline vf vf_exp(vf x) {
    const vf magic = vf_set(F32_MAGIC);
    x = vf_max(vf_set(-104.0f), vf_min(vf_set(89.0f), x));
    vf k = vf_sub(vf_fma(x, vf_set(1.44269504088896341f), magic), magic);
    vf r = vf_fnma(k, vf_set(0.693147182464599609375f), x); /* float(ln2) */
    r = vf_fnma(k, vf_set(-1.904654299957768e-09f), r);     /* ln2 - float(ln2) */
    vf p = vf_fma(vf_set(1.9875691500e-4f), r, vf_set(1.3981999507e-3f));
    p = vf_fma(p, r, vf_set(8.3334519073e-3f));
    p = vf_fma(p, r, vf_set(4.1665795894e-2f));
    p = vf_fma(p, r, vf_set(1.6666665459e-1f));
    p = vf_fma(p, r, vf_set(5.0000001201e-1f));
    vf y = vf_add(vf_fma(p, vf_mul(r, r), r), vf_set(1.0f));
    vf k1m = vf_fma(k, vf_set(0.5f), magic); /* round(k/2) + magic */
    vf k2m = vf_add(vf_sub(k, vf_sub(k1m, magic)), magic);
    return vf_mul(vf_mul(y, vf_pow2i(k1m)), vf_pow2i(k2m));
}

/* log: <= 1 ulp. x = m 2^e with m in [sqrt(1/2), sqrt(2)) (subnormals pre-scaled by 2^23
 * so their exponent is right), log(x) = e ln2 + log1p(m - 1) with Cephes' degree-8 polynomial
 * for log1p, ln2 split so e * ln2_hi is exact. Special values are patched at the end from the
 * original x: log(+inf) = inf, log(NaN) = NaN, log(+-0) = -inf, log(x < 0) = NaN. */
static inline vf vf_log(vf x) {
    const vf zero = vf_set(0.0f), one = vf_set(1.0f);
    vfm den = vf_lt(x, vf_set(0x1p-126f)); /* also true for <= 0: those lanes are patched below */
    vf xs = vf_sel(den, vf_mul(x, vf_set(0x1p23f)), x);
    vfi b = vf_bits(xs);
    /* exponent as a float without a conversion instruction: (bits >> 23) in the magic's mantissa */
    vf e = vf_sub(vfi_float(vfi_or(vfi_srl(b, 23), vfi_set(0x4B000000))), vf_set(8388608.0f + 126.0f));
    e = vf_sub(e, vf_sel(den, vf_set(23.0f), zero));
    vf m = vfi_float(vfi_or(vfi_and(b, vfi_set(0x007fffff)), vfi_set(0x3f000000))); /* [0.5, 1) */
    vfm lo = vf_lt(m, vf_set(0.707106781186547524f));
    e = vf_sub(e, vf_sel(lo, one, zero));
    m = vf_sub(vf_add(m, vf_sel(lo, m, zero)), one); /* exact: 2m-1 or m-1 */
    vf z = vf_mul(m, m);
    vf y = vf_fma(vf_set(7.0376836292e-2f), m, vf_set(-1.1514610310e-1f));
    y = vf_fma(y, m, vf_set(1.1676998740e-1f));
    y = vf_fma(y, m, vf_set(-1.2420140846e-1f));
    y = vf_fma(y, m, vf_set(1.4249322787e-1f));
    y = vf_fma(y, m, vf_set(-1.6668057665e-1f));
    y = vf_fma(y, m, vf_set(2.0000714765e-1f));
    y = vf_fma(y, m, vf_set(-2.4999993993e-1f));
    y = vf_fma(y, m, vf_set(3.3333331174e-1f));
    y = vf_mul(vf_mul(y, m), z);
    y = vf_fma(e, vf_set(-2.12194440e-4f), y); /* e * (ln2 - 0.693359375) */
    y = vf_fnma(vf_set(0.5f), z, y);
    vf r = vf_fma(e, vf_set(0.693359375f), vf_add(m, y));
    r = vf_sel(vf_nlt(x, vf_set(INFINITY)), x, r); /* +inf, NaN */
    r = vf_sel(vf_eq(x, zero), vf_set(-INFINITY), r);
    return vf_sel(vf_lt(x, zero), vf_set(NAN), r);
}

/* tanh: <= 2 ulp. |x| < 0.625: x + x^3 P(x^2) (Cephes' minimax, no cancellation);
 * otherwise sign(x) (1 - 2 / (exp(2|x|) + 1)), which reaches exactly +-1 for large |x| (exp
 * overflows to inf, 2/inf = 0) and never produces NaN from a finite or infinite input. */
static inline vf vf_tanh(vf x) {
    const vf one = vf_set(1.0f);
    vf z = vf_abs(x); /* odd function: work on |x|, put the sign back last (also makes -0 -> -0) */
    vf e = vf_exp(vf_add(z, z));
    vf big = vf_sub(one, vf_div(vf_set(2.0f), vf_add(e, one)));
    vf s = vf_mul(z, z);
    vf p = vf_fma(vf_set(-5.70498872745e-3f), s, vf_set(2.06390887954e-2f));
    p = vf_fma(p, s, vf_set(-5.37397155531e-2f));
    p = vf_fma(p, s, vf_set(1.33314422036e-1f));
    p = vf_fma(p, s, vf_set(-3.33332819422e-1f));
    vf small = vf_fma(vf_mul(p, s), z, z);
    return vf_copysign(vf_sel(vf_lt(z, vf_set(0.625f)), small, big), x);
}

/* sigmoid: <= 3 ulp (2.40 worst: for x < 0 the error of e carries through e/(1+e)). Like the
 * scalar path, exp is only taken of -|x| (never overflows): 1/(1+e) for x >= 0, e/(1+e) for
 * x < 0, one division. Saturates to exactly 1 and to 0 (through subnormals) without NaN. */
static inline vf vf_sigmoid(vf x) {
    const vf one = vf_set(1.0f);
    vf e = vf_exp(vf_nabs(x));
    return vf_div(vf_sel(vf_lt(x, vf_set(0.0f)), e, one), vf_add(one, e));
}

#endif
