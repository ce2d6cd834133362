/* Portable GEMM micro-kernels: a 4 x 4 register tile in plain C, for every dtype. They are the
 * fallback on CPUs without AVX2 and the only kernel for INT64 (no SIMD 64-bit multiply in AVX2).
 * Floats use separate multiply and add (no fma() call: that would be a slow libm call without
 * hardware FMA); INT64 wraps like PyTorch, computed in uint64_t so overflow is defined. */
#include "internal.h"
#include "matmul_kernels.h"

#define S_MR 4
#define S_NR 4

#define F_MADD(T, a, b, c) ((c) + (a) * (b))
#define F_ADD(T, a, b) ((a) + (b))
#define I_MADD(T, a, b, c) ((T)((uint64_t)(c) + (uint64_t)(a) * (uint64_t)(b)))
#define I_ADD(T, a, b) ((T)((uint64_t)(a) + (uint64_t)(b)))

/* mrv/nrv are constants for the full tile (so the accumulators stay in registers) and the actual
 * mr/nr for edge tiles; only nrv columns of B are read, so unpadded B is fine here. */
#define SCALAR_UKR(NAME, T, TU, MADD, ADD)                                                         \
    static inline __attribute__((always_inline)) void NAME##_body(                                 \
        int mrv, int nrv, int64_t kc, const TU *a, int64_t a_rs, int64_t a_ks, const TU *b,        \
        int64_t b_ks, TU *c, int64_t c_rs, int64_t c_cs, int32_t accumulate) {                     \
        T acc[S_MR][S_NR] = {{0}};                                                                 \
        for (int64_t k = 0; k < kc; k++) {                                                         \
            for (int r = 0; r < mrv; r++) {                                                        \
                T ar = a[r * a_rs];                                                                \
                for (int j = 0; j < nrv; j++) acc[r][j] = MADD(T, ar, b[j], acc[r][j]);            \
            }                                                                                      \
            a += a_ks;                                                                             \
            b += b_ks;                                                                             \
        }                                                                                          \
        for (int r = 0; r < mrv; r++)                                                              \
            for (int j = 0; j < nrv; j++) {                                                        \
                TU *p = c + r * c_rs + j * c_cs;                                                   \
                *p = accumulate ? ADD(T, *p, acc[r][j]) : acc[r][j];                               \
            }                                                                                      \
    }                                                                                              \
    static void NAME(int64_t kc, const void *a, int64_t a_rs, int64_t a_ks, const void *b,         \
                     int64_t b_ks, void *c, int64_t c_rs, int64_t c_cs, int32_t mr, int32_t nr,    \
                     int32_t accumulate) {                                                         \
        const TU *ap = (const TU *)a, *bp = (const TU *)b;                                         \
        TU *cp = (TU *)c;                                                                          \
        if (mr == S_MR && nr == S_NR)                                                              \
            NAME##_body(S_MR, S_NR, kc, ap, a_rs, a_ks, bp, b_ks, cp, c_rs, c_cs, accumulate);     \
        else                                                                                       \
            NAME##_body(mr, nr, kc, ap, a_rs, a_ks, bp, b_ks, cp, c_rs, c_cs, accumulate);         \
    }

SCALAR_UKR(ukr_f32, float, agn_f32, F_MADD, F_ADD)
SCALAR_UKR(ukr_f64, double, agn_f64, F_MADD, F_ADD)
SCALAR_UKR(ukr_i64, int64_t, agn_i64, I_MADD, I_ADD)

#define PACK_SUFFIX 32
#define PACK_U uint32_t
#define PACK_UU agn_mm_u32
#define PACK_MR S_MR
#define PACK_NR S_NR
#include "matmul_pack.h"
#undef PACK_SUFFIX
#undef PACK_U
#undef PACK_UU

#define PACK_SUFFIX 64
#define PACK_U uint64_t
#define PACK_UU agn_mm_u64
#include "matmul_pack.h"

static const agn_mm_kernel k_f32 = {ukr_f32, pack_a_32, pack_b_32, S_MR, S_NR, 256, 256, 1024};
static const agn_mm_kernel k_f64 = {ukr_f64, pack_a_64, pack_b_64, S_MR, S_NR, 256, 256, 1024};
static const agn_mm_kernel k_i64 = {ukr_i64, pack_a_64, pack_b_64, S_MR, S_NR, 256, 256, 1024};

const agn_mm_kernel *agn_mm_kernel_scalar(int32_t dtype) {
    switch (dtype) {
    case AGN_DTYPE_FLOAT32: return &k_f32;
    case AGN_DTYPE_FLOAT64: return &k_f64;
    case AGN_DTYPE_INT64: return &k_i64;
    default: return NULL;
    }
}
