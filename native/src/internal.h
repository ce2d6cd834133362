/* Internal helpers shared by the kernel families: validation, dtype sizes, the strided iterator and
 * the one parallel-for. Nothing here is exported. */
#ifndef AGN_INTERNAL_H
#define AGN_INTERNAL_H

#include "autograd_native.h"

#include <stddef.h>
#include <stdint.h>

#define AGN_MAX_OPERANDS 5

/* Note [Storage dtypes]: every dtype has a size, but only the compute dtypes (float32, float64,
 * int64, bool) reach the arithmetic kernels. The storage-only ones are converted by agn_copy and moved
 * bit for bit by agn_where and the index reads. */
static inline int64_t agn_dtype_size(int32_t dtype) {
    switch (dtype) {
    case AGN_DTYPE_FLOAT32: return 4;
    case AGN_DTYPE_FLOAT64: return 8;
    case AGN_DTYPE_INT64: return 8;
    case AGN_DTYPE_BOOL: return 1;
    case AGN_DTYPE_UINT8: return 1;
    case AGN_DTYPE_INT8: return 1;
    case AGN_DTYPE_INT16: return 2;
    case AGN_DTYPE_INT32: return 4;
    case AGN_DTYPE_FLOAT16: return 2;
    case AGN_DTYPE_BFLOAT16: return 2;
    default: return 0;
    }
}

static inline int agn_is_compute_dtype(int32_t dtype) {
    return dtype >= AGN_DTYPE_FLOAT32 && dtype <= AGN_DTYPE_BOOL;
}

static inline int agn_is_floating(int32_t dtype) {
    return dtype == AGN_DTYPE_FLOAT32 || dtype == AGN_DTYPE_FLOAT64;
}

/* The descriptor helpers every entry point runs are inline: as calls into another translation
 * unit they were a third of a tiny agn_binary's cost (bench_entry). */
/* The element count of a descriptor. Exact for one agn_check_tensor accepted; in unsigned arithmetic
 * so that even an unchecked descriptor is no undefined behaviour. */
static inline int64_t agn_numel(const agn_tensor *t) {
    uint64_t n = 1;
    for (int32_t d = 0; d < t->ndim; d++) n *= (uint64_t)t->shape[d];
    return (int64_t)n;
}

/* Note [Checked extents]: the element count, its size in bytes, and the bytes between the first and
 * the last element a non-empty descriptor reaches all fit in int64, so no index, offset or byte count
 * an iterator or kernel forms from them can overflow. AGN_ERR_OVERFLOW otherwise. */
static inline agn_status agn_check_extent(const agn_tensor *t, int64_t esize) {
    int64_t n = 1, reach = 0, span;
    for (int32_t d = 0; d < t->ndim; d++)
        if (t->shape[d] == 0) return AGN_OK; /* empty: any sizes and strides */
    for (int32_t d = 0; d < t->ndim; d++)
        if (__builtin_mul_overflow(n, t->shape[d], &n)) return AGN_ERR_OVERFLOW;
    if (__builtin_mul_overflow(n, esize, &span)) return AGN_ERR_OVERFLOW;
    for (int32_t d = 0; d < t->ndim; d++) {
        int64_t st = t->strides[d];
        if (st == INT64_MIN || __builtin_mul_overflow(t->shape[d] - 1, st < 0 ? -st : st, &span) ||
            __builtin_add_overflow(reach, span, &reach))
            return AGN_ERR_OVERFLOW;
    }
    if (__builtin_add_overflow(reach, 1, &reach) || __builtin_mul_overflow(reach, esize, &reach))
        return AGN_ERR_OVERFLOW;
    return AGN_OK;
}

/* Checks pointers, ndim, dtype (any stored one), non-negative sizes and the extent (Note [Checked
 * extents]) of one descriptor. A NULL data pointer is accepted only for tensors with no elements. */
static inline agn_status agn_check_stored(const agn_tensor *t) {
    if (!t) return AGN_ERR_NULL_ARGUMENT;
    if (t->ndim < 0 || t->ndim > AGN_MAX_DIMS) return AGN_ERR_INVALID_ARGUMENT;
    const int64_t esize = agn_dtype_size(t->dtype);
    if (esize == 0) return AGN_ERR_DTYPE;
    if (t->ndim > 0 && (!t->shape || !t->strides)) return AGN_ERR_NULL_ARGUMENT;
    for (int32_t d = 0; d < t->ndim; d++)
        if (t->shape[d] < 0) return AGN_ERR_SHAPE;
    agn_status s = agn_check_extent(t, esize);
    if (s != AGN_OK) return s;
    if (!t->data && agn_numel(t) != 0) return AGN_ERR_NULL_ARGUMENT;
    return AGN_OK;
}

/* agn_check_stored for a kernel that computes: a storage-only dtype is AGN_ERR_DTYPE. */
static inline agn_status agn_check_tensor(const agn_tensor *t) {
    if (t && agn_dtype_size(t->dtype) != 0 && !agn_is_compute_dtype(t->dtype)) return AGN_ERR_DTYPE;
    return agn_check_stored(t);
}

/* 1 when both descriptors have the same ndim and sizes. */
static inline int agn_same_shape(const agn_tensor *a, const agn_tensor *b) {
    if (a->ndim != b->ndim) return 0;
    for (int32_t d = 0; d < a->ndim; d++)
        if (a->shape[d] != b->shape[d]) return 0;
    return 1;
}

/* A coalesced view of up to AGN_MAX_OPERANDS same-shaped operands: dims that are contiguous for
 * every operand are merged and size-1 dims dropped, so the innermost loop is as long as possible.
 * Strides are in BYTES so operands may differ in dtype. */
typedef struct agn_iter {
    int32_t ndim;  /* >= 1 after init (a scalar becomes [1]) */
    int32_t nops;
    int64_t numel;
    int64_t shape[AGN_MAX_DIMS];
    int64_t strides[AGN_MAX_OPERANDS][AGN_MAX_DIMS];
    char *data[AGN_MAX_OPERANDS];
} agn_iter;

/* Validates 1..AGN_MAX_OPERANDS descriptors that must all have ops[0]'s shape (compute dtypes only
 * unless stored). */
static inline agn_status agn_check_operands(int32_t nops, const agn_tensor *const *ops, int stored) {
    if (nops < 1 || nops > AGN_MAX_OPERANDS) return AGN_ERR_INVALID_ARGUMENT;
    for (int32_t k = 0; k < nops; k++) {
        agn_status s = stored ? agn_check_stored(ops[k]) : agn_check_tensor(ops[k]);
        if (s != AGN_OK) return s;
        if (!agn_same_shape(ops[0], ops[k])) return AGN_ERR_SHAPE;
    }
    return AGN_OK;
}

/* ops[0] provides the shape; all operands must have it (validated as agn_check_operands does).
 * agn_iter_init_stored also accepts the storage-only dtypes (Note [Storage dtypes]). */
agn_status agn_iter_init(agn_iter *it, int32_t nops, const agn_tensor *const *ops);
agn_status agn_iter_init_stored(agn_iter *it, int32_t nops, const agn_tensor *const *ops);

/* 1 when t is row-major contiguous for its shape (size-1 and empty dims need no particular stride). */
static inline int agn_is_contiguous(const agn_tensor *t) {
    int64_t expected = 1;
    for (int32_t d = t->ndim - 1; d >= 0; d--) {
        if (t->shape[d] == 1) continue;
        if (t->strides[d] != expected) return t->shape[d] == 0;
        /* wrapping: the product can pass INT64_MAX only for an empty tensor, whose answer it does not change */
        expected = (int64_t)((uint64_t)expected * (uint64_t)t->shape[d]);
    }
    return 1;
}

/* Called for one run of n elements along the innermost dim; ptrs/strides are per operand. */
typedef void (*agn_row_fn)(void *ctx, int64_t n, char *const *ptrs, const int64_t *strides);

/* Runs fn over every element, splitting across threads when numel >= grain. */
void agn_iter_run(const agn_iter *it, agn_row_fn fn, void *ctx, int64_t grain);

/* The contiguous fast path: when every (validated, same-shaped) operand is contiguous (inputs may
 * instead be one broadcast value), runs fn over one flat range per task without building an iterator
 * (its set-up dominates tiny calls) and returns 1; otherwise returns 0 and does nothing. Strides
 * passed to fn are the element sizes (0 for a broadcast value). */
int agn_run_flat(int32_t nops, const agn_tensor *const *ops, agn_row_fn fn, void *ctx, int64_t grain);

/* The one parallel-for: fn(ctx, begin, end) over [0, n) in chunks; serial when n < grain, when
 * one thread is configured, or when called from inside a parallel region. */
typedef void (*agn_range_fn)(void *ctx, int64_t begin, int64_t end);
void agn_parallel_for(int64_t n, int64_t grain, agn_range_fn fn, void *ctx);

/* The floating-point control state (MXCSR without its sticky status flags on x86: flush-to-zero,
 * denormals-are-zero, rounding, exception masks) that pool workers adopt from the region's caller. */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define AGN_FP_STATUS_FLAGS 0x3Fu
static inline uint32_t agn_fp_control(void) { return __builtin_ia32_stmxcsr() & ~AGN_FP_STATUS_FLAGS; }
static inline void agn_fp_adopt(uint32_t control) {
    uint32_t csr = __builtin_ia32_stmxcsr();
    if ((csr & ~AGN_FP_STATUS_FLAGS) != control) __builtin_ia32_ldmxcsr(control | (csr & AGN_FP_STATUS_FLAGS));
}
#else
static inline uint32_t agn_fp_control(void) { return 0; }
static inline void agn_fp_adopt(uint32_t control) { (void)control; }
#endif

/* agn_parallel_for's first rule: work of fewer than two grains runs serially on the caller (written
 * n / 2 < grain so a huge grain cannot overflow). Callers that can skip building a job use it too. */
static inline int agn_parallel_tiny(int64_t n, int64_t grain) { return n / 2 < (grain < 1 ? 1 : grain); }

/* Every kernel entry point starts here. .NET's JIT uses AVX/AVX-512 freely and can leave the upper
 * halves of the vector registers dirty across calls into native code (notably calls that skip the GC
 * transition); legacy-SSE instructions in this baseline-compiled code then pay the SSE/AVX
 * transition penalty, which made a 4-element add three times slower.
 * vzeroupper (on CPUs that have AVX; the assembler takes it in any translation unit) clears them. */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define AGN_ENTER_TIED(...)                                                                        \
    do {                                                                                           \
        if (__builtin_cpu_supports("avx")) __asm__ volatile("vzeroupper" : __VA_ARGS__);           \
    } while (0)
#else
#define AGN_ENTER_TIED(...) ((void)0)
#endif
static inline void agn_enter(void) { AGN_ENTER_TIED(); }
/* An entry point taking doubles starts with AGN_ENTER_TIED("+x"(p0), ...) instead: they arrive in
 * xmm registers, and nothing orders an untied vzeroupper after the compiler's own SSE work on them.
 * Otherwise a legacy-SSE unpcklpd packing p0 and p1 may land ahead of it and pay the transition
 * penalty. The "+x" operands keep them in place until after it. */

/* GCC function multiversioning: plain loops the compiler vectorises, compiled per instruction set
 * (AVX-512, AVX2, baseline) and picked once at load time. Only for loops whose every version gives
 * the same bits (no reassociation; -std=c11 keeps FMA contraction off). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) &&       \
    !defined(__SANITIZE_THREAD__) /* TSan-instrumented ifunc resolvers crash at load time */
#define AGN_MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define AGN_MULTIVERSION
#endif

/* Elements per task below which elementwise work stays on the calling thread. */
#define AGN_GRAIN_ELEMENTWISE 32768

/* Before a kernel writes a large output, populate its not-yet-resident pages with a system call
 * instead of one page fault per 4 KB page (prefault.c; a no-op off Linux and for small outputs).
 * agn_prefault_extent gives the page-aligned range worth it (len 0: none), so threads can split it;
 * agn_prefault_range(lo, len) populates a page-aligned range. */
void agn_prefault_extent(const agn_tensor *out, char **lo, size_t *len);
void agn_prefault_range(char *lo, size_t len);
/* The pages under bytes [p, p + len) of a contiguous output, when len is worth it. */
void agn_prefault_bytes(char *p, size_t len);

/* Run-time SIMD level actually in use (see agn_set_simd_level). */
int32_t agn_simd_active(void);

/* Special functions (special.c), in double: erf's inverse, psi, and psi's n-th derivative. */
double agn_erfinv(double y);
double agn_digamma(double x);
double agn_polygamma(int64_t n, double x);



/* Element pointers that may be unaligned: every kernel reads and writes through these. */
typedef float agn_f32 __attribute__((aligned(1), may_alias));
typedef double agn_f64 __attribute__((aligned(1), may_alias));
typedef int64_t agn_i64 __attribute__((aligned(1), may_alias));
typedef uint8_t agn_b8;
typedef int32_t agn_i32 __attribute__((aligned(1), may_alias));
typedef int16_t agn_i16 __attribute__((aligned(1), may_alias));
typedef uint16_t agn_u16 __attribute__((aligned(1), may_alias));

/* Set from inside row kernels (e.g. integer division by zero); read once the loop finishes. */
typedef struct agn_error_flag {
    volatile int32_t status;
} agn_error_flag;
#endif
