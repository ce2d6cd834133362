/* Note [Half compute]: float16 and bfloat16 compute in float32 and round to nearest even on store,
 * LibTorch's CPU semantics. The elementwise entry points (agn_binary, agn_add_scaled, agn_unary)
 * accept them mixed with float32: agn_half_row converts each operand's run in chunks of
 * AGN_HALF_CHUNK elements into float32 buffers that stay in L1, runs the float32 row kernel on them
 * and rounds the output chunk back, so the results are exactly those of converting, computing in
 * float32 and rounding once (half.h's bits), with no full-size temporaries. The dense conversions
 * have AVX2+F16C variants (half_avx2.c) that give the same bits as half.h's scalar ones: F16C's
 * vcvtph2ps widens exactly (quieting a signalling NaN, as half.h does), vcvtps2ph rounds to nearest
 * even (its NaNs are made half.h's canonical one), and bfloat16 rounds by integer addition. */
#ifndef AGN_HALF_CONVERT_H
#define AGN_HALF_CONVERT_H

#include "internal.h"

#define AGN_HALF_CHUNK 256

static inline int agn_is_half(int32_t dtype) {
    return dtype == AGN_DTYPE_FLOAT16 || dtype == AGN_DTYPE_BFLOAT16;
}

/* The dtypes that compute in float32. */
static inline int agn_computes_f32(int32_t dtype) { return dtype == AGN_DTYPE_FLOAT32 || agn_is_half(dtype); }

/* 1 when the SIMD conversions run (the active level is AVX2 or above). Read once per call, so every
 * row of one call takes the same path. */
int agn_half_simd(void);

/* dst[i] = element i of a run of n elements of dtype (FLOAT32 / FLOAT16 / BFLOAT16) at src with
 * byte stride sb (0: one broadcast element). */
void agn_widen_row(int32_t dtype, float *dst, const char *src, int64_t sb, int64_t n, int simd);
/* Element i of a run at dst with byte stride db = src[i] rounded to dtype. */
void agn_narrow_row(int32_t dtype, char *dst, int64_t db, const float *src, int64_t n, int simd);

/* A float32 row kernel run over operands some of which are float16 / bfloat16 (agn_half_row's
 * context). Operand 0 is the output (FLOAT32, FLOAT16, BFLOAT16, or BOOL, which the kernel writes
 * itself); the others are inputs of the three floating dtypes. */
typedef struct agn_half_job {
    agn_row_fn fn;
    void *ctx;
    int32_t nops;
    int32_t dtype[AGN_MAX_OPERANDS];
    int simd;
} agn_half_job;

/* An agn_row_fn over the stored operands; ctx is an agn_half_job. */
void agn_half_row(void *job, int64_t n, char *const *ptrs, const int64_t *st);

/* Note [Half arithmetic]: add, sub, mul, div and add(alpha=) with every operand of one half dtype,
 * contiguous or (an input) one broadcast element, skip the staging: at the AVX2 level sixteen elements
 * at a time are widened, computed and rounded in registers (binary_half_avx2.c), the bits of agn_half_row's
 * (test_half.c compares them with the scalar level over special values and every tail length). What it
 * leaves (tails, other layouts) runs through agn_half_row. */
#define AGN_HALF_ADD_SCALED (-1) /* agn_add_scaled's op code beside agn_binary's */

typedef struct agn_half_arith {
    agn_half_job job; /* the staged fallback */
    int32_t dtype;    /* FLOAT16 or BFLOAT16, every operand's */
    int32_t op;       /* AGN_BINARY_ADD / SUB / MUL / DIV or AGN_HALF_ADD_SCALED */
    float alpha;      /* AGN_HALF_ADD_SCALED only */
} agn_half_arith;

/* 1 when op on these operand dtypes (out, a, b) takes agn_half_arith_row at this SIMD choice. */
int agn_half_arith_applies(int32_t op, const int32_t *dtype, int simd);

/* An agn_row_fn; ctx is an agn_half_arith. */
void agn_half_arith_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st);

/* The whole vectors of a row of o = a op b (element strides sa, sb: 1 dense, 0 broadcast, not both
 * 0); returns how many elements it wrote, a multiple of 16. */
int64_t agn_half_arith_avx2(const agn_half_arith *h, int64_t n, uint16_t *o, const uint16_t *a, int64_t sa,
                            const uint16_t *b, int64_t sb);

/* Dense conversions of the AVX2+F16C level (half_avx2.c); any n, pointers may be unaligned. */
void agn_f16_widen_avx2(float *dst, const uint16_t *src, int64_t n);
void agn_f16_narrow_avx2(uint16_t *dst, const float *src, int64_t n);
void agn_bf16_widen_avx2(float *dst, const uint16_t *src, int64_t n);
void agn_bf16_narrow_avx2(uint16_t *dst, const float *src, int64_t n);

#endif
