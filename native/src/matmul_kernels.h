/* The contract between the GEMM driver (matmul.c) and its register-blocked micro-kernels
 * (matmul_scalar.c, matmul_avx2.c, matmul_avx512.c). Internal; nothing here is exported. */
#ifndef AGN_MATMUL_KERNELS_H
#define AGN_MATMUL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* Unaligned, may_alias views used when packing moves raw element bits out of user memory. */
typedef uint32_t agn_mm_u32 __attribute__((aligned(1), may_alias));
typedef uint64_t agn_mm_u64 __attribute__((aligned(1), may_alias));

/* C[mr x nr] = A[mr x kc] @ B[kc x nr]   (accumulate == 0)
 * C[mr x nr] += A[mr x kc] @ B[kc x nr]  (accumulate != 0)
 *
 * Strides are in elements. A element (r, k) is a[r * a_rs + k * a_ks]: any strides work, and
 * a_rs == 1 && a_ks == mr is the packed layout the kernels are fastest on. B row k is read as
 * nr_max (the kernel's full tile width) CONTIGUOUS elements at b + k * b_ks, so the driver must
 * pass either a packed, zero-padded panel or a unit-stride matrix with nr == nr_max. C element
 * (r, j) is c[r * c_rs + j * c_cs]; c_cs == 1 with a full tile takes the vector store path.
 * 1 <= mr <= kernel mr, 1 <= nr <= kernel nr, kc >= 0. Every output lane is computed by the same
 * chain of fused multiply-adds over k whatever mr/nr are, which is what makes results independent
 * of how the driver tiles the output (Note [Parallel determinism] in parallel.c). */
typedef void (*agn_mm_ukr_fn)(int64_t kc, const void *a, int64_t a_rs, int64_t a_ks,
                              const void *b, int64_t b_ks, void *c, int64_t c_rs, int64_t c_cs,
                              int32_t mr, int32_t nr, int32_t accumulate);

/* The convolutions' implicit GEMM (conv_implicit.c): C[mr x nr_max] = A[mr x kc] @ B with B row k
 * the nr_max contiguous elements at b + boff[k] elements; A read in place (a_rs, a_ks), C rows
 * contiguous, c_rs apart. Each output lane is the same FMA chain agn_mm_ukr_fn computes. */
typedef void (*agn_mm_ukr_rows_fn)(int64_t kc, const void *a, int64_t a_rs, int64_t a_ks, const void *b,
                                   const int64_t *boff, void *c, int64_t c_rs, int32_t mr);

/* The convolutions' weight gradient (conv_implicit.c): C[mr x nr] (+)= A[mr x kc] @ B with A element
 * (r, k) at arows[r][kpos[k]], B a packed zero-padded kc x nr_max panel, C rows contiguous, c_rs
 * apart. Each output lane is the same FMA chain agn_mm_ukr_fn computes. */
typedef void (*agn_mm_ukr_arows_fn)(int64_t kc, const void *const *arows, const int64_t *kpos, const void *b,
                                    void *c, int64_t c_rs, int32_t mr, int32_t nr, int32_t accumulate);

/* Packing (see matmul_pack.h): an mc x kc block of A (element (r, k) at src + (r*rs + k*ks)
 * elements) into k-major mr-row panels, the layout the kernel reads with a_rs = 1, a_ks = mr; and
 * a kc x nc block of B into zero-padded nr-wide panels. src is a byte pointer to element (0, 0). */
typedef void (*agn_mm_pack_a_fn)(void *dst, const char *src, int64_t rs, int64_t ks, int64_t mc,
                                 int64_t kc);
typedef void (*agn_mm_pack_b_fn)(void *dst, const char *src, int64_t ks, int64_t ns, int64_t kc,
                                 int64_t nc);

/* Matrix-vector products for M = 1 or N = 1 (see matmul_gemv.c and the template matmul_gemv.h),
 * read in place: y[i * ys] (+)= sum_k X(i, k) * v[k * vs] for i < n, k < kc, in k order.
 * dot:  X(i, k) = x[i * xs + k]  (each output a contiguous dot product; v must be contiguous, vs == 1)
 * axpy: X(i, k) = x[i + k * xs]  (contiguous across outputs: a sweep of axpys down the columns) */
typedef void (*agn_mm_gemv_fn)(int64_t n, int64_t kc, const void *x, int64_t xs, const void *v,
                               int64_t vs, void *y, int64_t ys, int32_t accumulate);

typedef struct agn_mm_kernel {
    agn_mm_ukr_fn ukr;
    agn_mm_pack_a_fn pack_a;
    agn_mm_pack_b_fn pack_b;
    int32_t mr, nr; /* register tile */
    int32_t kc;     /* K per packed block: an mr x kc A panel stays in L1 */
    int32_t nc;     /* N per packed B block (multiple of nr): a kc x nc block stays in L2 */
    int32_t mc;     /* M per packed A block (multiple of mr): packed once per K block, from L3 */
    agn_mm_gemv_fn gemv_dot, gemv_axpy;
    agn_mm_ukr_rows_fn ukr_rows; /* NULL for integers, as is ukr_arows */
    agn_mm_ukr_arows_fn ukr_arows;
} agn_mm_kernel;

/* Matrix-vector products read in place, set up by agn_mm_gemv_plan (matmul_gemv.c) from
 * agn_matmul's operands: rows of them sharing one matrix X. Output i of row r of batch bi is
 * y[bi * y_bs + r * y_rs + i * ys] = sum_k X(i, k) v[bi * v_bs + r * v_rs + k * vs], with X(i, k)
 * at x[bi * x_bs + i * xi + k * xk]; fn is the dot kernel (xk == 1) or the axpy one (xi == 1).
 * rows == 1 is a GEMV (M or N is 1); rows > 1 a small-K product, one axpy sweep per row of C. */
typedef struct agn_mm_gemv {
    agn_mm_gemv_fn fn;
    const char *x, *v;
    char *y;
    int64_t es, rows, n, k;
    int64_t x_bs, xi, xk, v_bs, v_rs, vs, y_bs, y_rs, ys; /* in elements */
    int64_t xs; /* the kernel's x stride: xi for dot, xk for axpy */
    int32_t accumulate;
} agn_mm_gemv;

/* Returns 1 and fills *g when the product (strides in elements: batch, row, column) suits these
 * kernels: M == 1 or N == 1 with the matrix contiguous along the outputs or along K, or K small
 * with B contiguous along N. 0 leaves it to the GEMM. */
int agn_mm_gemv_plan(agn_mm_gemv *g, const agn_mm_kernel *kd, int64_t es, int64_t M, int64_t N,
                     int64_t K, const char *a, const int64_t as[3], const char *b,
                     const int64_t bs[3], char *c, const int64_t cs[3], int32_t accumulate);
/* Rows [r0, r1) x outputs [i0, i1) of batch bi. */
void agn_mm_gemv_run(const agn_mm_gemv *g, int64_t bi, int64_t r0, int64_t r1, int64_t i0,
                     int64_t i1);

/* Per-thread packing buffers of agn_matmul (matmul_scratch.c), and the column matrix of the
 * convolutions that feed it (conv.c; never touched by agn_matmul, so a conv may call it while its
 * columns sit in the same thread's scratch). */
typedef struct agn_mm_scratch {
    void *a, *b, *shared; /* shared: the whole packed B a caller hands to every thread */
    void *cols;
    size_t a_cap, b_cap, shared_cap, cols_cap;
} agn_mm_scratch;

/* This thread's scratch (created on first use, freed at thread exit), or NULL when out of memory. */
agn_mm_scratch *agn_mm_scratch_get(void);
/* Grows *buf to at least need bytes, 64-byte aligned so packed panels start on cache lines; 0 when
 * out of memory (the old buffer is kept). */
int agn_mm_scratch_grow(void **buf, size_t *cap, size_t need);

/* The kernel agn_matmul uses for a dtype (the best level agn_simd_active() allows), or NULL. */
const agn_mm_kernel *agn_mm_pick_kernel(int32_t dtype);
/* The kernel for a dtype at each ISA level, or NULL when that level has none for the dtype. */
const agn_mm_kernel *agn_mm_kernel_scalar(int32_t dtype);
const agn_mm_kernel *agn_mm_kernel_avx2(int32_t dtype);
const agn_mm_kernel *agn_mm_kernel_avx512(int32_t dtype);

#endif
