/* agn_copy (strided copy with dtype conversion) and agn_where (elementwise select).
 *
 * Conversions: float -> int64 truncates toward zero and SATURATES: NaN -> 0, values beyond the
 * int64 range (and +-inf) -> INT64_MAX / INT64_MIN. A plain C cast is undefined there, and x86
 * hardware (hence PyTorch on x86) gives INT64_MIN for all of them; saturation is what .NET 9 does
 * for (long)double, so the .NET side sees one rule. Anything -> bool is "!= 0", so NaN -> true;
 * bool -> number reads any nonzero byte as 1. */
#include "internal.h"

#include <string.h>

/* Unaligned 4-byte integer for bitwise element moves (where, same-dtype copies). */
typedef uint32_t agn_u32 __attribute__((aligned(1), may_alias));

#define TWO63 9223372036854775808.0

static inline int64_t f2i(double v) {
    if (v != v) return 0;
    if (v >= TWO63) return INT64_MAX;
    if (v < -TWO63) return INT64_MIN;
    return (int64_t)v;
}

/* out is ptrs[0], src is ptrs[1]. */
#define COPY_LOOP(TO, TI, CONV)                                                                    \
    do {                                                                                           \
        const int64_t so = st[0], si = st[1];                                                      \
        if (so == (int64_t)sizeof(TO) && si == (int64_t)sizeof(TI)) {                              \
            TO *o = (TO *)ptrs[0];                                                                 \
            const TI *x = (const TI *)ptrs[1];                                                     \
            for (int64_t i = 0; i < n; i++) o[i] = CONV(x[i]);                                     \
        } else if (so == (int64_t)sizeof(TO) && si == 0) {                                         \
            TO *o = (TO *)ptrs[0];                                                                 \
            const TO v = CONV(*(const TI *)ptrs[1]);                                               \
            for (int64_t i = 0; i < n; i++) o[i] = v;                                              \
        } else {                                                                                   \
            char *po = ptrs[0];                                                                    \
            const char *px = ptrs[1];                                                              \
            for (int64_t i = 0; i < n; i++, po += so, px += si) *(TO *)po = CONV(*(const TI *)px); \
        }                                                                                          \
    } while (0)

#define C_SAME(v) (v)
#define C_F32(v) ((float)(v))
#define C_F64(v) ((double)(v))
#define C_B2N(v) ((v) != 0)
#define C_F2I(v) f2i((double)(v))
#define C_I2I(v) ((int64_t)(v))
#define C_TOB(v) ((agn_b8)((v) != 0))

/* Same-dtype copies move bits through integer types, so NaN payloads survive untouched. */
static void copy_same(int64_t es, int64_t n, char *const *ptrs, const int64_t *st) {
    if (st[0] == es && st[1] == es) {
        memmove(ptrs[0], ptrs[1], (size_t)(n * es)); /* memmove: exact in-place aliasing is allowed */
        return;
    }
    switch (es) {
    case 8: COPY_LOOP(agn_i64, agn_i64, C_SAME); break;
    case 4: COPY_LOOP(agn_u32, agn_u32, C_SAME); break;
    case 1: COPY_LOOP(agn_b8, agn_b8, C_SAME); break;
    }
}

typedef struct copy_ctx {
    int32_t odt, idt;
} copy_ctx;

static void copy_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const copy_ctx *c = (const copy_ctx *)ctx;
    if (c->odt == c->idt) {
        if (c->odt == AGN_DTYPE_BOOL) COPY_LOOP(agn_b8, agn_b8, C_TOB); /* normalise to 0/1 */
        else copy_same(agn_dtype_size(c->odt), n, ptrs, st);
        return;
    }
    switch (c->odt * 4 + c->idt) {
    case AGN_DTYPE_FLOAT32 * 4 + AGN_DTYPE_FLOAT64: COPY_LOOP(agn_f32, agn_f64, C_F32); break;
    case AGN_DTYPE_FLOAT32 * 4 + AGN_DTYPE_INT64: COPY_LOOP(agn_f32, agn_i64, C_F32); break;
    case AGN_DTYPE_FLOAT32 * 4 + AGN_DTYPE_BOOL: COPY_LOOP(agn_f32, agn_b8, C_B2N); break;
    case AGN_DTYPE_FLOAT64 * 4 + AGN_DTYPE_FLOAT32: COPY_LOOP(agn_f64, agn_f32, C_F64); break;
    case AGN_DTYPE_FLOAT64 * 4 + AGN_DTYPE_INT64: COPY_LOOP(agn_f64, agn_i64, C_F64); break;
    case AGN_DTYPE_FLOAT64 * 4 + AGN_DTYPE_BOOL: COPY_LOOP(agn_f64, agn_b8, C_B2N); break;
    case AGN_DTYPE_INT64 * 4 + AGN_DTYPE_FLOAT32: COPY_LOOP(agn_i64, agn_f32, C_F2I); break;
    case AGN_DTYPE_INT64 * 4 + AGN_DTYPE_FLOAT64: COPY_LOOP(agn_i64, agn_f64, C_F2I); break;
    case AGN_DTYPE_INT64 * 4 + AGN_DTYPE_BOOL: COPY_LOOP(agn_i64, agn_b8, C_B2N); break;
    case AGN_DTYPE_BOOL * 4 + AGN_DTYPE_FLOAT32: COPY_LOOP(agn_b8, agn_f32, C_TOB); break;
    case AGN_DTYPE_BOOL * 4 + AGN_DTYPE_FLOAT64: COPY_LOOP(agn_b8, agn_f64, C_TOB); break;
    case AGN_DTYPE_BOOL * 4 + AGN_DTYPE_INT64: COPY_LOOP(agn_b8, agn_i64, C_TOB); break;
    }
}

agn_status agn_copy(const agn_tensor *src, const agn_tensor *out) {
    agn_enter();
    const agn_tensor *ops[2] = {out, src};
    agn_iter it;
    agn_status s = agn_iter_init(&it, 2, ops);
    if (s != AGN_OK) return s;
    copy_ctx c = {out->dtype, src->dtype};
    agn_iter_run(&it, copy_row, &c, AGN_GRAIN_ELEMENTWISE);
    return AGN_OK;
}

/* out = cond ? a : b, moving raw bits of es-byte elements. Pointers: out, cond, a, b. */
#define WHERE_LOOP(T)                                                                              \
    do {                                                                                           \
        const int64_t so = st[0], sc = st[1], sa = st[2], sb = st[3];                              \
        if (so == (int64_t)sizeof(T) && sc == 1 && sa == (int64_t)sizeof(T) &&                    \
            sb == (int64_t)sizeof(T)) {                                                            \
            T *o = (T *)ptrs[0];                                                                   \
            const agn_b8 *cd = (const agn_b8 *)ptrs[1];                                            \
            const T *a = (const T *)ptrs[2], *b = (const T *)ptrs[3];                              \
            for (int64_t i = 0; i < n; i++) o[i] = cd[i] ? a[i] : b[i];                            \
        } else {                                                                                   \
            char *po = ptrs[0];                                                                    \
            const char *pc = ptrs[1], *pa = ptrs[2], *pb = ptrs[3];                                \
            for (int64_t i = 0; i < n; i++, po += so, pc += sc, pa += sa, pb += sb)                \
                *(T *)po = *(const agn_b8 *)pc ? *(const T *)pa : *(const T *)pb;                  \
        }                                                                                          \
    } while (0)

static void where_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    switch (*(const int64_t *)ctx) {
    case 8: WHERE_LOOP(agn_i64); break;
    case 4: WHERE_LOOP(agn_u32); break;
    case 1: WHERE_LOOP(agn_b8); break;
    }
}

agn_status agn_where(const agn_tensor *cond, const agn_tensor *a, const agn_tensor *b,
                     const agn_tensor *out) {
    agn_enter();
    const agn_tensor *ops[4] = {out, cond, a, b};
    agn_iter it;
    agn_status s = agn_iter_init(&it, 4, ops);
    if (s != AGN_OK) return s;
    if (cond->dtype != AGN_DTYPE_BOOL) return AGN_ERR_DTYPE;
    if (a->dtype != out->dtype || b->dtype != out->dtype) return AGN_ERR_DTYPE;
    int64_t es = agn_dtype_size(out->dtype);
    agn_iter_run(&it, where_row, &es, AGN_GRAIN_ELEMENTWISE);
    return AGN_OK;
}
