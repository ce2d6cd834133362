/* AVX2+FMA variant of the float32 layer norm row kernels (layer_norm.h; compiled with -mavx2 -mfma,
 * chosen at run time by layer_norm.c). Same algorithm and blocking as the scalar kernels there; lanes
 * and FMA change only the rounding, within the bounds the tests check. */
#include "layer_norm.h"

#include <immintrin.h>
#include <math.h>

/* The eight lanes of v added in double. */
static inline double hsum(__m256 v) {
    __m256d a = _mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

static inline __m256 ld(const float *p) { return _mm256_loadu_ps(p); }

/* (x - mh) - ml for the 8 floats at p */
static inline __m256 centre(const float *p, __m256 mh, __m256 ml) { return _mm256_sub_ps(_mm256_sub_ps(ld(p), mh), ml); }

static void forward(const float *x, const float *w, const float *b, float *y, int64_t n, double eps, int rms,
                    double *mean_out, double *rstd_out) {
    const float x0 = rms ? 0 : x[0];
    const __m256 vx0 = _mm256_set1_ps(x0);
    double s = 0;
    int64_t j = 0;
    while (!rms && j + 8 <= n) {
        int64_t end = j + AGN_LN_BLOCK < n ? j + AGN_LN_BLOCK : n;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (; j + 32 <= end; j += 32) {
            a0 = _mm256_add_ps(a0, _mm256_sub_ps(ld(x + j), vx0));
            a1 = _mm256_add_ps(a1, _mm256_sub_ps(ld(x + j + 8), vx0));
            a2 = _mm256_add_ps(a2, _mm256_sub_ps(ld(x + j + 16), vx0));
            a3 = _mm256_add_ps(a3, _mm256_sub_ps(ld(x + j + 24), vx0));
        }
        for (; j + 8 <= end; j += 8) a0 = _mm256_add_ps(a0, _mm256_sub_ps(ld(x + j), vx0));
        s += hsum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    }
    for (; !rms && j < n; j++) s += (double)x[j] - x0;
    double mean = rms ? 0 : x0 + s / (double)n;
    const float mhs = (float)mean, mls = (float)(mean - mhs);
    const __m256 mh = _mm256_set1_ps(mhs), ml = _mm256_set1_ps(mls);
    double sd = 0, q = 0;
    for (j = 0; j + 8 <= n;) {
        int64_t end = j + AGN_LN_BLOCK < n ? j + AGN_LN_BLOCK : n;
        __m256 d0 = _mm256_setzero_ps(), d1 = d0, q0 = d0, q1 = d0;
        for (; j + 16 <= end; j += 16) {
            __m256 c0 = centre(x + j, mh, ml), c1 = centre(x + j + 8, mh, ml);
            d0 = _mm256_add_ps(d0, c0), d1 = _mm256_add_ps(d1, c1);
            q0 = _mm256_fmadd_ps(c0, c0, q0), q1 = _mm256_fmadd_ps(c1, c1, q1);
        }
        for (; j + 8 <= end; j += 8) {
            __m256 c0 = centre(x + j, mh, ml);
            d0 = _mm256_add_ps(d0, c0), q0 = _mm256_fmadd_ps(c0, c0, q0);
        }
        sd += hsum(_mm256_add_ps(d0, d1)), q += hsum(_mm256_add_ps(q0, q1));
    }
    for (; j < n; j++) {
        float c = (x[j] - mhs) - mls;
        sd += c, q += (double)c * c;
    }
    double var = (rms ? q : q - sd * sd / (double)n) / (double)n, rstd = 1.0 / sqrt((var > 0 ? var : 0) + eps);
    *mean_out = mean, *rstd_out = rstd;
    const float rs = (float)rstd;
    const __m256 vr = _mm256_set1_ps(rs);
    for (j = 0; j + 8 <= n; j += 8) {
        __m256 t = _mm256_mul_ps(centre(x + j, mh, ml), vr);
        if (w && b) t = _mm256_fmadd_ps(t, ld(w + j), ld(b + j));
        else if (w) t = _mm256_mul_ps(t, ld(w + j));
        else if (b) t = _mm256_add_ps(t, ld(b + j));
        _mm256_storeu_ps(y + j, t);
    }
    for (; j < n; j++) {
        float t = ((x[j] - mhs) - mls) * rs;
        y[j] = w && b ? fmaf(t, w[j], b[j]) : w ? t * w[j] : b ? t + b[j] : t;
    }
}

static void backward(const float *x, const float *dy, const float *w, float *dx, int64_t n, int rms, agn_ln_row p) {
    const __m256 mh = _mm256_set1_ps(p.mh), ml = _mm256_set1_ps(p.ml), vr = _mm256_set1_ps(p.rstd);
    double sg = 0, sgx = 0;
    int64_t j = 0;
    while (j + 8 <= n) {
        int64_t end = j + AGN_LN_BLOCK < n ? j + AGN_LN_BLOCK : n;
        __m256 g0 = _mm256_setzero_ps(), g1 = g0, h0 = g0, h1 = g0;
        for (; j + 16 <= end; j += 16) {
            __m256 x0 = _mm256_mul_ps(centre(x + j, mh, ml), vr), x1 = _mm256_mul_ps(centre(x + j + 8, mh, ml), vr);
            __m256 a0 = w ? _mm256_mul_ps(ld(dy + j), ld(w + j)) : ld(dy + j);
            __m256 a1 = w ? _mm256_mul_ps(ld(dy + j + 8), ld(w + j + 8)) : ld(dy + j + 8);
            g0 = _mm256_add_ps(g0, a0), g1 = _mm256_add_ps(g1, a1);
            h0 = _mm256_fmadd_ps(a0, x0, h0), h1 = _mm256_fmadd_ps(a1, x1, h1);
        }
        for (; j + 8 <= end; j += 8) {
            __m256 x0 = _mm256_mul_ps(centre(x + j, mh, ml), vr), a0 = w ? _mm256_mul_ps(ld(dy + j), ld(w + j)) : ld(dy + j);
            g0 = _mm256_add_ps(g0, a0), h0 = _mm256_fmadd_ps(a0, x0, h0);
        }
        sg += hsum(_mm256_add_ps(g0, g1)), sgx += hsum(_mm256_add_ps(h0, h1));
    }
    for (; j < n; j++) {
        float xh = ((x[j] - p.mh) - p.ml) * p.rstd, g = w ? dy[j] * w[j] : dy[j];
        sg += g, sgx += (double)g * xh;
    }
    const float ma = rms ? 0 : (float)(sg / (double)n), mc = (float)(sgx / (double)n);
    const __m256 va = _mm256_set1_ps(ma), vc = _mm256_set1_ps(mc);
    for (j = 0; j + 8 <= n; j += 8) {
        __m256 xh = _mm256_mul_ps(centre(x + j, mh, ml), vr), g = w ? _mm256_mul_ps(ld(dy + j), ld(w + j)) : ld(dy + j);
        _mm256_storeu_ps(dx + j, _mm256_mul_ps(vr, _mm256_fnmadd_ps(xh, vc, _mm256_sub_ps(g, va))));
    }
    for (; j < n; j++) {
        float xh = ((x[j] - p.mh) - p.ml) * p.rstd, g = w ? dy[j] * w[j] : dy[j];
        dx[j] = p.rstd * fmaf(-xh, mc, g - ma);
    }
}

/* Adds the 8 float lanes of v into the double accumulators lo (lanes 0..3) and hi (4..7). */
static inline void flush(__m256 v, __m256d *lo, __m256d *hi) {
    *lo = _mm256_add_pd(*lo, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
    *hi = _mm256_add_pd(*hi, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
}

static inline void store8(float *out, __m256d lo, __m256d hi) {
    if (out) _mm256_storeu_ps(out, _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo)));
}

static void columns(const float *x, const float *dy, int64_t dy_rs, const agn_ln_row *rows, int64_t M, int64_t N,
                    int64_t c0, int64_t c1, float *dw, float *db) {
    int64_t c = c0;
    for (; c + 8 <= c1; c += 8) {
        __m256d wl = _mm256_setzero_pd(), wh = wl, bl = wl, bh = wl;
        for (int64_t r0 = 0; r0 < M; r0 += AGN_LN_ROWS) {
            int64_t r1 = r0 + AGN_LN_ROWS < M ? r0 + AGN_LN_ROWS : M;
            __m256 fw = _mm256_setzero_ps(), fb = fw;
            for (int64_t r = r0; r < r1; r++) {
                __m256 xh = _mm256_mul_ps(centre(x + r * N + c, _mm256_set1_ps(rows[r].mh), _mm256_set1_ps(rows[r].ml)),
                                          _mm256_set1_ps(rows[r].rstd));
                __m256 g = ld(dy + r * dy_rs + c);
                fw = _mm256_fmadd_ps(g, xh, fw), fb = _mm256_add_ps(fb, g);
            }
            flush(fw, &wl, &wh), flush(fb, &bl, &bh);
        }
        store8(dw ? dw + c : NULL, wl, wh), store8(db ? db + c : NULL, bl, bh);
    }
    agn_ln_columns_f32(x, dy, dy_rs, rows, M, N, c, c1, dw, db); /* the last c1 - c < 8 columns */
}

const agn_ln_f32_kernels agn_ln_f32_avx2 = {forward, backward, columns};
