/* Portable GEMM micro-kernels for CPUs without AVX2, and the only kernel for INT64 (no SIMD
 * 64-bit multiply in AVX2).
 *
 * Floats reuse the SIMD template (matmul_ukr.h) on GCC/Clang generic 16-byte vectors, which
 * compile to SSE2 on any x86-64 (NEON elsewhere): a 4 x 8 float / 4 x 4 double tile in 11 of 16
 * registers. Left to the auto-vectoriser, a plain C tile came out as a tangle of shuffles at
 * ~4 GFLOP/s. Multiply and add stay separate (no FMA in the baseline ISA; fma() would be a libm
 * call). INT64 is a plain C 4 x 4 tile that wraps like PyTorch, computed in uint64_t so overflow
 * is defined. */
#include "internal.h"
#include "matmul_kernels.h"

#include <string.h>

typedef float mm_v4f __attribute__((vector_size(16)));
typedef double mm_v2d __attribute__((vector_size(16)));

static inline mm_v4f v4f_load(const void *p) {
    mm_v4f v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void v4f_store(void *p, mm_v4f v) { memcpy(p, &v, sizeof v); }
static inline mm_v2d v2d_load(const void *p) {
    mm_v2d v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void v2d_store(void *p, mm_v2d v) { memcpy(p, &v, sizeof v); }

#define UKR_MR 4
#define UKR_VW 4
#define UKR_T float
#define UKR_TU agn_f32
#define UKR_V mm_v4f
#define UKR_NAME ukr_f32
#define UKR_ZERO() ((mm_v4f){0, 0, 0, 0})
#define UKR_SET1(x) ((mm_v4f){0, 0, 0, 0} + (float)(x))
#define UKR_FMA(a, b, c) ((a) * (b) + (c))
#define UKR_ADD(a, b) ((a) + (b))
#define UKR_LOADU(p) v4f_load((const void *)(p))
#define UKR_STOREU(p, v) v4f_store((void *)(p), v)
#include "matmul_ukr.h"
#define GV_DOT gemv_dot_f32
#define GV_AXPY gemv_axpy_f32
#define GV_HSUM(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))
#define GV_FMA1(a, b, c) ((a) * (b) + (c)) /* not contracted: ISO C mode, -ffp-contract=off */
#include "matmul_gemv.h"
#undef GV_DOT
#undef GV_AXPY
#undef GV_HSUM
#undef UKR_VW
#undef UKR_T
#undef UKR_TU
#undef UKR_V
#undef UKR_NAME
#undef UKR_ZERO
#undef UKR_SET1
#undef UKR_LOADU
#undef UKR_STOREU

#define UKR_VW 2
#define UKR_T double
#define UKR_TU agn_f64
#define UKR_V mm_v2d
#define UKR_NAME ukr_f64
#define UKR_ZERO() ((mm_v2d){0, 0})
#define UKR_SET1(x) ((mm_v2d){0, 0} + (double)(x))
#define UKR_LOADU(p) v2d_load((const void *)(p))
#define UKR_STOREU(p, v) v2d_store((void *)(p), v)
#include "matmul_ukr.h"
#define GV_DOT gemv_dot_f64
#define GV_AXPY gemv_axpy_f64
#define GV_HSUM(v) ((v)[0] + (v)[1])
#include "matmul_gemv.h"
#undef GV_DOT
#undef GV_AXPY
#undef GV_HSUM
#undef UKR_VW
#undef UKR_T
#undef UKR_TU
#undef UKR_V
#undef UKR_ZERO
#undef UKR_SET1
#undef UKR_LOADU
#undef UKR_STOREU

/* INT64 GEMV: the same template on one-lane "vectors" of uint64_t, so products wrap like the
 * GEMM kernel below. */
#define UKR_VW 1
#define UKR_T uint64_t
#define UKR_TU agn_mm_u64
#define UKR_V uint64_t
#define UKR_ZERO() ((uint64_t)0)
#define UKR_SET1(x) ((uint64_t)(x))
#define UKR_LOADU(p) (*(p))
#define UKR_STOREU(p, v) (*(p) = (v))
#define GV_DOT gemv_dot_i64
#define GV_AXPY gemv_axpy_i64
#define GV_HSUM(v) (v)
#include "matmul_gemv.h"

/* INT64: C (+)= A @ B with wrapping arithmetic. mrv/nrv are constants for the full 4 x 4 tile (so
 * the accumulators stay in registers) and the actual mr/nr for edge tiles; only nrv columns of B
 * are read, so unpadded B is fine here. */
static inline __attribute__((always_inline)) void
ukr_i64_body(int mrv, int nrv, int64_t kc, const agn_i64 *a, int64_t a_rs, int64_t a_ks,
             const agn_i64 *b, int64_t b_ks, agn_i64 *c, int64_t c_rs, int64_t c_cs,
             int32_t accumulate) {
    uint64_t acc[4][4] = {{0}};
    for (int64_t k = 0; k < kc; k++) {
        for (int r = 0; r < mrv; r++) {
            uint64_t ar = (uint64_t)a[r * a_rs];
            for (int j = 0; j < nrv; j++) acc[r][j] += ar * (uint64_t)b[j];
        }
        a += a_ks;
        b += b_ks;
    }
    for (int r = 0; r < mrv; r++)
        for (int j = 0; j < nrv; j++) {
            agn_i64 *p = c + r * c_rs + j * c_cs;
            *p = (int64_t)(accumulate ? (uint64_t)*p + acc[r][j] : acc[r][j]);
        }
}

static void ukr_i64(int64_t kc, const void *a, int64_t a_rs, int64_t a_ks, const void *b,
                    int64_t b_ks, void *c, int64_t c_rs, int64_t c_cs, int32_t mr, int32_t nr,
                    int32_t accumulate) {
    const agn_i64 *ap = (const agn_i64 *)a, *bp = (const agn_i64 *)b;
    agn_i64 *cp = (agn_i64 *)c;
    if (mr == 4 && nr == 4)
        ukr_i64_body(4, 4, kc, ap, a_rs, a_ks, bp, b_ks, cp, c_rs, c_cs, accumulate);
    else
        ukr_i64_body(mr, nr, kc, ap, a_rs, a_ks, bp, b_ks, cp, c_rs, c_cs, accumulate);
}

#define PACK_SUFFIX 32
#define PACK_U uint32_t
#define PACK_UU agn_mm_u32
#define PACK_MR 4
#define PACK_NR 8
#include "matmul_pack.h"
#undef PACK_SUFFIX
#undef PACK_U
#undef PACK_UU
#undef PACK_NR

#define PACK_SUFFIX 64
#define PACK_U uint64_t
#define PACK_UU agn_mm_u64
#define PACK_NR 4 /* float64 and int64 tiles are both 4 x 4 */
#include "matmul_pack.h"

static const agn_mm_kernel k_f32 = {ukr_f32, pack_a_32, pack_b_32, 4, 8, 256, 256, 1024,
                                    gemv_dot_f32, gemv_axpy_f32, ukr_f32_rows, ukr_f32_arows};
static const agn_mm_kernel k_f64 = {ukr_f64, pack_a_64, pack_b_64, 4, 4, 256, 256, 1024,
                                    gemv_dot_f64, gemv_axpy_f64, ukr_f64_rows, ukr_f64_arows};
static const agn_mm_kernel k_i64 = {ukr_i64, pack_a_64, pack_b_64, 4, 4, 256, 256, 1024,
                                    gemv_dot_i64, gemv_axpy_i64, NULL, NULL};

const agn_mm_kernel *agn_mm_kernel_scalar(int32_t dtype) {
    switch (dtype) {
    case AGN_DTYPE_FLOAT32: return &k_f32;
    case AGN_DTYPE_FLOAT64: return &k_f64;
    case AGN_DTYPE_INT64: return &k_i64;
    default: return NULL;
    }
}
