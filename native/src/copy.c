/* agn_copy (strided copy with dtype conversion between every pair of stored dtypes) and agn_where
 * (elementwise select).
 *
 * Conversions follow LibTorch's static casts on x86. Each element is loaded into a carrier, int64
 * for integers and bool, double for floating types (exact for both), and stored from it:
 * - float -> int64 / int32 truncates toward zero; NaN and values outside the target's range (+-inf
 *   too) give its "integer indefinite" INT64_MIN / INT32_MIN, as x86's cvttsd2si does (a plain C cast
 *   is undefined there).
 * - float -> int16 / int8 truncates through the 32-bit conversion:
 *   NaN and values outside int32 give INT32_MIN, then the low 16 / 8 bits are kept (so 300.0 -> int8
 *   is 44 and NaN -> int8 is 0). float -> uint8 goes through int64 (LibTorch's rule for uint8).
 * - int -> narrower int keeps the low bits (two's complement wrap-around).
 * - anything -> float16 / bfloat16 goes through float32 (double -> float32 -> half rounds twice, as
 *   LibTorch's Half(float) constructor does), rounding to nearest even (half.h).
 * - anything -> bool is "!= 0", so NaN -> true; bool -> number reads any nonzero byte as 1. */
#include "internal.h"
#include "half.h"
#include "half_convert.h"

#include <string.h>

/* Unaligned 4-byte integer for bitwise element moves (where, same-dtype copies). */
typedef uint32_t agn_u32 __attribute__((aligned(1), may_alias));

#define TWO63 9223372036854775808.0
#define TWO31 2147483648.0

/* x86's cvttsd2si: the "integer indefinite" value for NaN and out-of-range input. */
static inline int32_t f2i32_x86(double v) { return (v >= -TWO31 && v < TWO31) ? (int32_t)v : INT32_MIN; }
static inline int64_t f2i64_x86(double v) { return (v >= -TWO63 && v < TWO63) ? (int64_t)v : INT64_MIN; }

/* Loads: the element as its carrier (double or int64_t). */
#define LD_F32(x) ((double)(x))
#define LD_F64(x) ((double)(x))
#define LD_F16(x) ((double)agn_f16_to_f32(x))
#define LD_BF16(x) ((double)agn_bf16_to_f32(x))
#define LD_I64(x) ((int64_t)(x))
#define LD_I32(x) ((int64_t)(x))
#define LD_I16(x) ((int64_t)(x))
#define LD_I8(x) ((int64_t)(x))
#define LD_U8(x) ((int64_t)(x))
#define LD_B(x) ((int64_t)((x) != 0))

/* Stores: from either carrier to the element type (C's _Generic picks by the carrier). */
#define STORES(NAME, T, FROM_D, FROM_L)                                                            \
    static inline T st_##NAME##_d(double v) { return FROM_D; }                                     \
    static inline T st_##NAME##_l(int64_t v) { return FROM_L; }
STORES(F32, float, (float)v, (float)v)
STORES(F64, double, v, (double)v)
STORES(F16, uint16_t, agn_f32_to_f16((float)v), agn_f32_to_f16((float)v))
STORES(BF16, uint16_t, agn_f32_to_bf16((float)v), agn_f32_to_bf16((float)v))
STORES(I64, int64_t, f2i64_x86(v), v)
STORES(I32, int32_t, f2i32_x86(v), (int32_t)(uint32_t)(uint64_t)v)
STORES(I16, int16_t, (int16_t)(uint16_t)(uint32_t)f2i32_x86(v), (int16_t)(uint16_t)(uint64_t)v)
STORES(I8, int8_t, (int8_t)(uint8_t)(uint32_t)f2i32_x86(v), (int8_t)(uint8_t)(uint64_t)v)
STORES(U8, uint8_t, (uint8_t)(uint64_t)f2i64_x86(v), (uint8_t)(uint64_t)v)
STORES(B, agn_b8, (agn_b8)(v != 0), (agn_b8)(v != 0))
#define ST(NAME, v) _Generic((v), double: st_##NAME##_d, int64_t: st_##NAME##_l)(v)

/* out is ptrs[0], src is ptrs[1]; ON / IN name the output and input dtypes. */
#define COPY_LOOP(TO, TI, ON, IN)                                                                  \
    do {                                                                                           \
        const int64_t so = st[0], si = st[1];                                                      \
        if (so == (int64_t)sizeof(TO) && si == (int64_t)sizeof(TI)) {                              \
            TO *o = (TO *)ptrs[0];                                                                 \
            const TI *x = (const TI *)ptrs[1];                                                     \
            for (int64_t i = 0; i < n; i++) o[i] = ST(ON, LD_##IN(x[i]));                          \
        } else if (so == (int64_t)sizeof(TO) && si == 0) {                                         \
            TO *o = (TO *)ptrs[0];                                                                 \
            const TO v = ST(ON, LD_##IN(*(const TI *)ptrs[1]));                                    \
            for (int64_t i = 0; i < n; i++) o[i] = v;                                              \
        } else {                                                                                   \
            char *po = ptrs[0];                                                                    \
            const char *px = ptrs[1];                                                              \
            for (int64_t i = 0; i < n; i++, po += so, px += si)                                    \
                *(TO *)po = ST(ON, LD_##IN(*(const TI *)px));                                      \
        }                                                                                          \
    } while (0)

/* Every stored dtype: (enum, element type, name). Two copies, as a macro cannot expand inside itself. */
#define OUT_DTYPES(X)                                                                              \
    X(AGN_DTYPE_FLOAT32, agn_f32, F32) X(AGN_DTYPE_FLOAT64, agn_f64, F64)                          \
    X(AGN_DTYPE_INT64, agn_i64, I64) X(AGN_DTYPE_BOOL, agn_b8, B) X(AGN_DTYPE_UINT8, uint8_t, U8)  \
    X(AGN_DTYPE_INT8, int8_t, I8) X(AGN_DTYPE_INT16, agn_i16, I16) X(AGN_DTYPE_INT32, agn_i32, I32) \
    X(AGN_DTYPE_FLOAT16, agn_u16, F16) X(AGN_DTYPE_BFLOAT16, agn_u16, BF16)
#define IN_DTYPES(X, OE, OT, ON)                                                                   \
    X(OE, OT, ON, AGN_DTYPE_FLOAT32, agn_f32, F32) X(OE, OT, ON, AGN_DTYPE_FLOAT64, agn_f64, F64)  \
    X(OE, OT, ON, AGN_DTYPE_INT64, agn_i64, I64) X(OE, OT, ON, AGN_DTYPE_BOOL, agn_b8, B)          \
    X(OE, OT, ON, AGN_DTYPE_UINT8, uint8_t, U8) X(OE, OT, ON, AGN_DTYPE_INT8, int8_t, I8)          \
    X(OE, OT, ON, AGN_DTYPE_INT16, agn_i16, I16) X(OE, OT, ON, AGN_DTYPE_INT32, agn_i32, I32)      \
    X(OE, OT, ON, AGN_DTYPE_FLOAT16, agn_u16, F16) X(OE, OT, ON, AGN_DTYPE_BFLOAT16, agn_u16, BF16)
#define PAIR(OE, OT, ON, IE, IT, IN)                                                               \
    case (OE) * 16 + (IE): COPY_LOOP(OT, IT, ON, IN); break;
#define OUT_CASES(OE, OT, ON) IN_DTYPES(PAIR, OE, OT, ON)

/* Same-dtype copies move bits through integer types, so NaN payloads survive untouched. */
static void copy_same(int64_t es, int64_t n, char *const *ptrs, const int64_t *st) {
    if (st[0] == es && st[1] == es) {
        memmove(ptrs[0], ptrs[1], (size_t)(n * es)); /* memmove: exact in-place aliasing is allowed */
        return;
    }
    switch (es) {
    case 8: COPY_LOOP(agn_i64, agn_i64, I64, I64); break;
    case 4: COPY_LOOP(agn_u32, agn_u32, I64, I64); break;
    case 2: COPY_LOOP(agn_u16, agn_u16, I64, I64); break;
    case 1: COPY_LOOP(agn_b8, agn_b8, I64, I64); break;
    }
}

typedef struct copy_ctx {
    int32_t odt, idt;
    int simd; /* agn_half_simd, read once per call */
} copy_ctx;

static void copy_row(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) {
    const copy_ctx *c = (const copy_ctx *)ctx;
    /* float16 / bfloat16 <-> float32 with the float32 side dense: half_convert.h's rows (same bits) */
    if (c->odt == AGN_DTYPE_FLOAT32 && agn_is_half(c->idt) && st[0] == (int64_t)sizeof(float)) {
        agn_widen_row(c->idt, (float *)ptrs[0], ptrs[1], st[1], n, c->simd);
        return;
    }
    if (agn_is_half(c->odt) && c->idt == AGN_DTYPE_FLOAT32 && st[1] == (int64_t)sizeof(float)) {
        agn_narrow_row(c->odt, ptrs[0], st[0], (const float *)ptrs[1], n, c->simd);
        return;
    }
    if (c->odt == c->idt) {
        if (c->odt == AGN_DTYPE_BOOL) COPY_LOOP(agn_b8, agn_b8, B, B); /* normalise to 0/1 */
        else copy_same(agn_dtype_size(c->odt), n, ptrs, st);
        return;
    }
    switch (c->odt * 16 + c->idt) { OUT_DTYPES(OUT_CASES) }
}

agn_status agn_copy(const agn_tensor *src, const agn_tensor *out) {
    agn_enter();
    const agn_tensor *ops[2] = {out, src};
    agn_iter it;
    agn_status s = agn_iter_init_stored(&it, 2, ops);
    if (s != AGN_OK) return s;
    copy_ctx c = {out->dtype, src->dtype, agn_half_simd()};
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
    case 2: WHERE_LOOP(agn_u16); break;
    case 1: WHERE_LOOP(agn_b8); break;
    }
}

agn_status agn_where(const agn_tensor *cond, const agn_tensor *a, const agn_tensor *b,
                     const agn_tensor *out) {
    agn_enter();
    const agn_tensor *ops[4] = {out, cond, a, b};
    agn_iter it;
    agn_status s = agn_iter_init_stored(&it, 4, ops);
    if (s != AGN_OK) return s;
    if (cond->dtype != AGN_DTYPE_BOOL) return AGN_ERR_DTYPE;
    if (a->dtype != out->dtype || b->dtype != out->dtype) return AGN_ERR_DTYPE;
    int64_t es = agn_dtype_size(out->dtype);
    agn_iter_run(&it, where_row, &es, AGN_GRAIN_ELEMENTWISE);
    return AGN_OK;
}
