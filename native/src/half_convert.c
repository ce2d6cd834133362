/* Row conversions between float32 and float16 / bfloat16, and the chunked driver that runs float32
 * row kernels over half operands (Note [Half compute], half_convert.h). */
#include "half_convert.h"
#include "half.h"

#include <string.h>

int agn_half_simd(void) {
#ifdef AGN_HAVE_AVX2
    return agn_simd_active() >= AGN_SIMD_AVX2;
#else
    return 0;
#endif
}

void agn_widen_row(int32_t dtype, float *dst, const char *src, int64_t sb, int64_t n, int simd) {
    const int dense = sb == (int64_t)sizeof(uint16_t);
    (void)dense, (void)simd;
    switch (dtype) {
    case AGN_DTYPE_FLOAT16:
#ifdef AGN_HAVE_AVX2
        if (simd && dense) { agn_f16_widen_avx2(dst, (const uint16_t *)src, n); return; }
#endif
        for (int64_t i = 0; i < n; i++) dst[i] = agn_f16_to_f32(*(const agn_u16 *)(src + i * sb));
        return;
    case AGN_DTYPE_BFLOAT16:
#ifdef AGN_HAVE_AVX2
        if (simd && dense) { agn_bf16_widen_avx2(dst, (const uint16_t *)src, n); return; }
#endif
        for (int64_t i = 0; i < n; i++) dst[i] = agn_bf16_to_f32(*(const agn_u16 *)(src + i * sb));
        return;
    default:
        if (sb == (int64_t)sizeof(float)) memcpy(dst, src, (size_t)n * sizeof(float));
        else for (int64_t i = 0; i < n; i++) dst[i] = *(const agn_f32 *)(src + i * sb);
        return;
    }
}

void agn_narrow_row(int32_t dtype, char *dst, int64_t db, const float *src, int64_t n, int simd) {
    const int dense = db == (int64_t)sizeof(uint16_t);
    (void)dense, (void)simd;
    switch (dtype) {
    case AGN_DTYPE_FLOAT16:
#ifdef AGN_HAVE_AVX2
        if (simd && dense) { agn_f16_narrow_avx2((uint16_t *)dst, src, n); return; }
#endif
        for (int64_t i = 0; i < n; i++) *(agn_u16 *)(dst + i * db) = agn_f32_to_f16(src[i]);
        return;
    case AGN_DTYPE_BFLOAT16:
#ifdef AGN_HAVE_AVX2
        if (simd && dense) { agn_bf16_narrow_avx2((uint16_t *)dst, src, n); return; }
#endif
        for (int64_t i = 0; i < n; i++) *(agn_u16 *)(dst + i * db) = agn_f32_to_bf16(src[i]);
        return;
    default:
        for (int64_t i = 0; i < n; i++) *(agn_f32 *)(dst + i * db) = src[i];
        return;
    }
}

/* Each chunk: inputs that are float32 (or broadcast) are handed to the kernel in place, half ones
 * widened into a buffer; a half output is computed into a buffer and rounded into place. Every input
 * chunk is read before its output chunk is written, so an output that is also an input works. */
void agn_half_row(void *job, int64_t n, char *const *ptrs, const int64_t *st) {
    const agn_half_job *j = (const agn_half_job *)job;
    float buf[AGN_MAX_OPERANDS][AGN_HALF_CHUNK];
    char *fp[AGN_MAX_OPERANDS];
    int64_t fs[AGN_MAX_OPERANDS];
    for (int64_t i = 0; i < n; i += AGN_HALF_CHUNK) {
        const int64_t m = n - i < AGN_HALF_CHUNK ? n - i : AGN_HALF_CHUNK;
        for (int32_t k = 1; k < j->nops; k++) {
            const char *p = ptrs[k] + i * st[k];
            if (j->dtype[k] == AGN_DTYPE_FLOAT32) {
                fp[k] = (char *)p, fs[k] = st[k];
            } else if (st[k] == 0) {
                agn_widen_row(j->dtype[k], buf[k], p, 0, 1, 0);
                fp[k] = (char *)buf[k], fs[k] = 0;
            } else {
                agn_widen_row(j->dtype[k], buf[k], p, st[k], m, j->simd);
                fp[k] = (char *)buf[k], fs[k] = sizeof(float);
            }
        }
        const int narrow = agn_is_half(j->dtype[0]);
        fp[0] = narrow ? (char *)buf[0] : ptrs[0] + i * st[0];
        fs[0] = narrow ? (int64_t)sizeof(float) : st[0];
        j->fn(j->ctx, m, fp, fs);
        if (narrow) agn_narrow_row(j->dtype[0], ptrs[0] + i * st[0], st[0], buf[0], m, j->simd);
    }
}

int agn_half_arith_applies(int32_t op, const int32_t *dtype, int simd) {
    if (!simd || !agn_is_half(dtype[0]) || dtype[1] != dtype[0] || dtype[2] != dtype[0]) return 0;
    return op == AGN_BINARY_ADD || op == AGN_BINARY_SUB || op == AGN_BINARY_MUL || op == AGN_BINARY_DIV ||
           op == AGN_HALF_ADD_SCALED;
}

void agn_half_arith_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const agn_half_arith *h = (const agn_half_arith *)ctx;
    const int64_t e = (int64_t)sizeof(uint16_t);
    int64_t done = 0;
#ifdef AGN_HAVE_AVX2
    const int ea = st[1] == e, eb = st[2] == e;
    if (st[0] == e && (ea || st[1] == 0) && (eb || st[2] == 0) && (ea || eb))
        done = agn_half_arith_avx2(h, n, (uint16_t *)ptrs[0], (const uint16_t *)ptrs[1], ea,
                                   (const uint16_t *)ptrs[2], eb);
#endif
    if (done == n) return;
    char *rest[3];
    for (int k = 0; k < 3; k++) rest[k] = ptrs[k] + done * st[k];
    agn_half_row((void *)&h->job, n - done, rest, st);
}
