/* Special functions libm lacks: erfinv, digamma, the polygamma functions and Hurwitz's zeta. All in
 * double; float32 kernels round the double result (at most one rounding from the double value).
 *
 * Note [Trigamma truncation]: trigamma uses the asymptotic series through x^-7 after six recurrence
 * steps, as LibTorch does, so the two agree to rounding; the truncation leaves ~1e-9 relative error
 * (the first omitted term is 1/(30 x^9) at x >= 6.5). */
#include "internal.h"

#include <math.h>

#define AGN_PI 3.14159265358979323846

/* Halley's iteration on erf(x) = y from Winitzki's closed-form guess (relative error ~2e-3): three
 * cubic-convergence steps reach double precision. For |y| > 0.5 the residual is taken through erfc,
 * so y near +-1 loses nothing to cancellation (1 - |y| is exact there). */
double agn_erfinv(double y) {
    if (y != y || y < -1 || y > 1) return NAN;
    if (y == 1) return INFINITY;
    if (y == -1) return -INFINITY;
    if (y == 0) return y; /* keeps the sign of zero */
    const double t = fabs(y), a = 0.147;
    const double l = log((1 - t) * (1 + t)), h = 2 / (AGN_PI * a) + l / 2;
    double x = sqrt(sqrt(h * h - l / a) - h);
    for (int i = 0; i < 3; i++) {
        const double f = t <= 0.5 ? erf(x) - t : (1 - t) - erfc(x); /* erf(x) - t */
        const double d = 2 / sqrt(AGN_PI) * exp(-x * x);            /* erf'(x); erf'' = -2x erf' */
        const double u = f / d;
        x -= u / (1 + x * u);
    }
    return y < 0 ? -x : x;
}

/* psi(x): reflection for x < 0, recurrence up to x >= 10, then the asymptotic series
 * psi(x) ~ ln x - 1/(2x) - sum B_2k / (2k x^2k). Poles (0 and negative integers): psi(+-0) = -+inf
 * as LibTorch gives, NaN at negative integers. */
double agn_digamma(double x) {
    if (x == 0) return copysign(INFINITY, -x);
    if (x < 0) {
        if (x == trunc(x)) return NAN;
        double ip;
        const double r = modf(x, &ip);
        return agn_digamma(1 - x) - AGN_PI / tan(AGN_PI * r);
    }
    double result = 0;
    while (x < 10) {
        result -= 1 / x;
        x += 1;
    }
    /* B_2k / 2k for k = 7 .. 1, highest power first (Horner in z = 1/x^2) */
    static const double c[] = {1.0 / 12, -691.0 / 32760, 1.0 / 132, -1.0 / 240, 1.0 / 252, -1.0 / 120, 1.0 / 12};
    double y = 0;
    if (x < 1e17) {
        const double z = 1 / (x * x);
        double p = 0;
        for (int i = 0; i < 7; i++) p = p * z + c[i];
        y = z * p;
    }
    return result + log(x) - 0.5 / x - y;
}

/* psi'(x) (Note [Trigamma truncation]): reflection psi'(1-x) + psi'(x) = pi^2 / sin^2(pi x) below 1/2. */
static double trigamma(double x) {
    double sign = 1, result = 0;
    if (x < 0.5) {
        sign = -1;
        const double s = sin(AGN_PI * x);
        result -= AGN_PI * AGN_PI / (s * s);
        x = 1 - x;
    }
    for (int i = 0; i < 6; i++) {
        result += 1 / (x * x);
        x += 1;
    }
    const double ixx = 1 / (x * x);
    result += (1 + 1 / (2 * x) + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx * (1.0 / 42)))) / x;
    return sign * result;
}

/* Hurwitz zeta(s, q) = sum_k (q + k)^-s for s > 1: direct terms until q + k > 9 (and at least 9 of
 * them), then Euler-Maclaurin with the Bernoulli corrections (2k)! / B_2k as divisors. */
static double hurwitz_zeta(double s, double q) {
    static const double divisors[] = {
        12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
        -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
        1.8152105401943546773e17, -7.1661652561756670113e18};
    const double eps = 1.11022302462515654042e-16;
    if (s == 1) return INFINITY;
    if (s < 1) return NAN;
    if (q <= 0) {
        if (q == floor(q)) return INFINITY;
        if (s != floor(s)) return NAN; /* q^-s is not real */
    }
    double sum = pow(q, -s), a = q, b = 0;
    int i = 0;
    while (i < 9 || a <= 9) {
        i++;
        a += 1;
        b = pow(a, -s);
        sum += b;
        if (fabs(b / sum) < eps) return sum;
    }
    const double w = a;
    sum += b * w / (s - 1) - 0.5 * b;
    double fac = 1, k = 0;
    for (int j = 0; j < 12; j++) {
        fac *= s + k;
        b /= w;
        const double t = fac * b / divisors[j];
        sum += t;
        if (fabs(t / sum) < eps) break;
        k += 1;
        fac *= s + k;
        b /= w;
        k += 1;
    }
    return sum;
}

/* psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x) for n >= 2; digamma and trigamma for n = 0, 1. */
double agn_polygamma(int64_t n, double x) {
    if (n == 0) return agn_digamma(x);
    if (n == 1) return trigamma(x);
    double factorial = 1;
    for (int64_t k = 2; k <= n && factorial < INFINITY; k++) factorial *= (double)k; /* inf from 171! on */
    return ((n % 2) ? 1.0 : -1.0) * factorial * hurwitz_zeta((double)(n + 1), x);
}
