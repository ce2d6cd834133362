/* float32 row kernels of the fused layer norm (layer_norm.c), a scalar and an AVX2 variant of the same
 * algorithm (layer_norm_avx2.c); layer_norm.c picks one per call from agn_simd_active().
 *
 * Float arithmetic on centred values, sums in double: a row's sums run in float lanes over blocks of
 * AGN_LN_BLOCK elements (so a lane adds at most a few dozen terms) and each block's lanes are added in
 * double, an error bound that does not grow with the row length. The mean is kept as two floats,
 * mh = (float)mean and ml = (float)(mean - mh): (x - mh) - ml is the centred value to about one float
 * rounding even when the mean is large against the spread, where x - (float)mean would lose low bits. */
#ifndef AGN_LAYER_NORM_H
#define AGN_LAYER_NORM_H

#include "internal.h"

#define AGN_LN_BLOCK 512 /* elements per float-lane block of a row sum */
#define AGN_LN_ROWS 16   /* rows per float-lane block of a column sum (dweight, dbias) */

/* One row's saved statistics as the float kernels use them. */
typedef struct agn_ln_row {
    float mh, ml, rstd;
} agn_ln_row;

typedef struct agn_ln_f32_kernels {
    /* y over one row of n; mean (two-pass: the shifted mean, then the centred sums, corrected) and
     * rstd = 1 / sqrt(var + eps) in double. w, b NULL when absent. rms: RMS normalisation, the mean
     * taken as 0 and var = mean(x^2). */
    void (*forward)(const float *x, const float *w, const float *b, float *y, int64_t n, double eps, int rms,
                    double *mean, double *rstd);
    /* dx of one row: rstd * (g - mean(g) - xhat * mean(g * xhat)), g = dy * w (dy when w is NULL);
     * rms drops the mean(g) term (the mean is not subtracted, so it has no gradient). */
    void (*backward)(const float *x, const float *dy, const float *w, float *dx, int64_t n, int rms, agn_ln_row p);
    /* Columns [c0, c1) of dw = sum over rows of dy * xhat and db = sum of dy (rows in order, blocks of
     * AGN_LN_ROWS in float lanes added in double); row r of x at x + r * N, of dy at dy + r * dy_rs. */
    void (*columns)(const float *x, const float *dy, int64_t dy_rs, const agn_ln_row *rows, int64_t M,
                    int64_t N, int64_t c0, int64_t c1, float *dw, float *db);
} agn_ln_f32_kernels;

/* The scalar columns kernel, which the SIMD one also runs on its last columns. */
void agn_ln_columns_f32(const float *x, const float *dy, int64_t dy_rs, const agn_ln_row *rows, int64_t M, int64_t N,
                        int64_t c0, int64_t c1, float *dw, float *db);

#ifdef AGN_HAVE_AVX2
extern const agn_ln_f32_kernels agn_ln_f32_avx2;
#endif

#endif
