/* float64 vector exp/log/tanh/sigmoid over the vd/vdi/vdm vocabulary (see unary_vmath_f32.h for
 * the scheme). AVX2 has no int64<->double conversions or 64-bit arithmetic shifts, so every
 * conversion goes through the 1.5 * 2^52 magic constant and logical shifts only.
 *
 * Error against long-double libm, in ulp of the double result (bound the tests enforce / max
 * measured by test_unary_simd over 2^20 bit patterns spread over all exponents plus 2^20 points
 * in each op's working range): exp 1 / 0.97, log 1 / 0.77, tanh 2 / 1.25, sigmoid 3 / 2.20
 * (glibc's own double exp-based sigmoid measures 2.20 too). */
#ifndef AGN_UNARY_VMATH_F64_H
#define AGN_UNARY_VMATH_F64_H

#include <math.h>

#define F64_MAGIC 6755399441055744.0 /* 1.5 * 2^52 */

static inline vd vd_abs(vd x) { return vdi_double(vdi_and(vd_bits(x), vdi_set(INT64_MAX))); }
static inline vd vd_neg(vd x) { return vdi_double(vdi_xor(vd_bits(x), vdi_set(INT64_MIN))); }
static inline vd vd_nabs(vd x) { return vdi_double(vdi_or(vd_bits(x), vdi_set(INT64_MIN))); }
static inline vd vd_copysign(vd mag, vd sgn) {
    return vdi_double(vdi_or(vdi_and(vd_bits(mag), vdi_set(INT64_MAX)),
                             vdi_and(vd_bits(sgn), vdi_set(INT64_MIN))));
}

/* 2^k from km = k + F64_MAGIC, k integral in [-1022, 1023]. */
static inline vd vd_pow2i(vd km) { return vdi_double(vdi_sll(vdi_add(vd_bits(km), vdi_set(1023)), 52)); }

/* exp: <= 1 ulp. Same reduction as vf_exp (ln2 split for FMA Cody-Waite, two-factor
 * scaling for subnormal results and IEEE overflow); exp(r) on |r| <= ln2/2 by its Taylor series to
 * degree 13, whose truncation error (< 5e-18 relative) is far below half an ulp. Clamp [-746, 710]. */
static inline vd vd_exp(vd x) {
    const vd magic = vd_set(F64_MAGIC);
    x = vd_max(vd_set(-746.0), vd_min(vd_set(710.0), x));
    vd k = vd_sub(vd_fma(x, vd_set(1.4426950408889634), magic), magic);
    vd r = vd_fnma(k, vd_set(0x1.62e42fefa39efp-1), x);
    r = vd_fnma(k, vd_set(0x1.abc9e3b39803fp-56), r);
    vd p = vd_fma(vd_set(1.0 / 6227020800.0), r, vd_set(1.0 / 479001600.0));
    p = vd_fma(p, r, vd_set(1.0 / 39916800.0));
    p = vd_fma(p, r, vd_set(1.0 / 3628800.0));
    p = vd_fma(p, r, vd_set(1.0 / 362880.0));
    p = vd_fma(p, r, vd_set(1.0 / 40320.0));
    p = vd_fma(p, r, vd_set(1.0 / 5040.0));
    p = vd_fma(p, r, vd_set(1.0 / 720.0));
    p = vd_fma(p, r, vd_set(1.0 / 120.0));
    p = vd_fma(p, r, vd_set(1.0 / 24.0));
    p = vd_fma(p, r, vd_set(1.0 / 6.0));
    p = vd_fma(p, r, vd_set(0.5));
    vd y = vd_add(vd_fma(p, vd_mul(r, r), r), vd_set(1.0));
    vd k1m = vd_fma(k, vd_set(0.5), magic);
    vd k2m = vd_add(vd_sub(k, vd_sub(k1m, magic)), magic);
    return vd_mul(vd_mul(y, vd_pow2i(k1m)), vd_pow2i(k2m));
}

/* log: <= 1 ulp. fdlibm's e_log.c scheme: x = m 2^e, m in [sqrt(1/2), sqrt(2)), f = m - 1,
 * s = f/(2+f), log1p(f) = f - hfsq + s (hfsq + R(s^2)) with its degree-7 minimax R; subnormals
 * pre-scaled by 2^54; specials patched from the original x as in vf_log. */
static inline vd vd_log(vd x) {
    const vd zero = vd_set(0.0), one = vd_set(1.0);
    vdm den = vd_lt(x, vd_set(0x1p-1022));
    vd xs = vd_sel(den, vd_mul(x, vd_set(0x1p54)), x);
    vdi b = vd_bits(xs);
    vd e = vd_sub(vdi_double(vdi_or(vdi_srl(b, 52), vdi_set(0x4330000000000000))),
                  vd_set(4503599627370496.0 + 1023.0));
    e = vd_sub(e, vd_sel(den, vd_set(54.0), zero));
    vd m = vdi_double(vdi_or(vdi_and(b, vdi_set(0x000fffffffffffff)), vdi_set(0x3ff0000000000000)));
    vdm hi = vd_lt(vd_set(1.4142135623730951), m);
    e = vd_add(e, vd_sel(hi, one, zero));
    vd f = vd_sub(vd_mul(m, vd_sel(hi, vd_set(0.5), one)), one); /* exact */
    vd s = vd_div(f, vd_add(vd_set(2.0), f));
    vd z = vd_mul(s, s), w = vd_mul(z, z);
    vd t1 = vd_fma(w, vd_set(1.531383769920937332e-01), vd_set(2.222219843214978396e-01));
    t1 = vd_mul(w, vd_fma(w, t1, vd_set(3.999999999940941908e-01)));
    vd t2 = vd_fma(w, vd_set(1.479819860511658591e-01), vd_set(1.818357216161805012e-01));
    t2 = vd_fma(w, t2, vd_set(2.857142874366239149e-01));
    t2 = vd_mul(z, vd_fma(w, t2, vd_set(6.666666666666735130e-01)));
    vd R = vd_add(t2, t1);
    vd hfsq = vd_mul(vd_mul(vd_set(0.5), f), f);
    vd lo = vd_fma(e, vd_set(1.90821492927058770002e-10), vd_mul(s, vd_add(hfsq, R)));
    vd r = vd_fma(e, vd_set(6.93147180369123816490e-01), vd_neg(vd_sub(vd_sub(hfsq, lo), f)));
    r = vd_sel(vd_nlt(x, vd_set(INFINITY)), x, r);
    r = vd_sel(vd_eq(x, zero), vd_set(-INFINITY), r);
    return vd_sel(vd_lt(x, zero), vd_set(NAN), r);
}

/* tanh: <= 2 ulp. Cephes tanh.c: |x| < 0.625: x + x^3 P(x^2)/Q(x^2); otherwise
 * sign(x) (1 - 2/(exp(2|x|) + 1)), exactly +-1 once exp overflows. */
static inline vd vd_tanh(vd x) {
    const vd one = vd_set(1.0);
    vd z = vd_abs(x); /* odd: |x| in, sign back last */
    vd e = vd_exp(vd_add(z, z));
    vd big = vd_sub(one, vd_div(vd_set(2.0), vd_add(e, one)));
    vd s = vd_mul(z, z);
    vd p = vd_fma(vd_set(-9.64399179425052238628e-1), s, vd_set(-9.92877231001918586564e1));
    p = vd_fma(p, s, vd_set(-1.61468768441708447952e3));
    vd q = vd_add(s, vd_set(1.12811678491632931402e2));
    q = vd_fma(q, s, vd_set(2.23548839060100448583e3));
    q = vd_fma(q, s, vd_set(4.84406305325125486048e3));
    vd small = vd_fma(vd_mul(z, s), vd_div(p, q), z);
    return vd_copysign(vd_sel(vd_lt(z, vd_set(0.625)), small, big), x);
}

/* sigmoid: <= 3 ulp; same formulation and saturation as vf_sigmoid. */
static inline vd vd_sigmoid(vd x) {
    const vd one = vd_set(1.0);
    vd e = vd_exp(vd_nabs(x));
    return vd_div(vd_sel(vd_lt(x, vd_set(0.0)), e, one), vd_add(one, e));
}

#endif
