/*
 * autograd_native/core.h — what every entry point shares: the export macro, the ABI version, status
 * codes, dtypes, the tensor descriptor (see autograd_native.h for its contract), and the library-wide
 * settings (SIMD level, threads, denormals, huge pages).
 */
#ifndef AGN_CORE_H
#define AGN_CORE_H

#include <stdint.h>

#if defined(_WIN32)
#  if defined(AGN_BUILDING)
#    define AGN_API __declspec(dllexport)
#  else
#    define AGN_API __declspec(dllimport)
#  endif
#else
#  define AGN_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define AGN_ABI_VERSION 1
/* The most dimensions a descriptor may have (PyTorch allows 25; so do we). */
#define AGN_MAX_DIMS 25

typedef enum agn_status {
    AGN_OK = 0,
    AGN_ERR_NULL_ARGUMENT = 1,    /* a required pointer was NULL */
    AGN_ERR_INVALID_ARGUMENT = 2, /* an op code, dim or parameter out of range */
    AGN_ERR_DTYPE = 3,            /* a dtype the op does not support, or operands that disagree */
    AGN_ERR_SHAPE = 4,            /* operand shapes that do not fit the op */
    AGN_ERR_OUT_OF_MEMORY = 5,    /* scratch allocation failed */
    AGN_ERR_INDEX = 6,            /* an index tensor held a value out of range */
    AGN_ERR_OVERFLOW = 7          /* an element count or byte extent of a descriptor past int64 */
} agn_status;

typedef enum agn_dtype {
    AGN_DTYPE_FLOAT32 = 0,
    AGN_DTYPE_FLOAT64 = 1,
    AGN_DTYPE_INT64 = 2,
    AGN_DTYPE_BOOL = 3, /* one byte, 0 or 1 */
    /* Storage dtypes: agn_copy converts between every pair, agn_where and the index reads move
     * them; the elementwise kernels (agn_binary, agn_add_scaled, agn_unary) take float16/bfloat16
     * operands, mixed with float32 ones, and compute in float32, rounding each result once, and
     * agn_reduce takes a float16/bfloat16 input; every other entry point returns AGN_ERR_DTYPE
     * for them (callers compute in a wider dtype: float16/bfloat16 in float32, the small integers
     * in int64). */
    AGN_DTYPE_UINT8 = 4,
    AGN_DTYPE_INT8 = 5,
    AGN_DTYPE_INT16 = 6,
    AGN_DTYPE_INT32 = 7,
    AGN_DTYPE_FLOAT16 = 8,  /* IEEE binary16; stores round to nearest even */
    AGN_DTYPE_BFLOAT16 = 9  /* the upper half of a float32; stores round to nearest even */
} agn_dtype;

typedef struct agn_tensor {
    void *data;             /* first element (storage offset already applied) */
    const int64_t *shape;   /* ndim sizes, each >= 0 */
    const int64_t *strides; /* ndim strides in elements; 0 broadcasts; negative is allowed */
    int32_t ndim;           /* 0..AGN_MAX_DIMS; 0 is a scalar (shape/strides may be NULL) */
    int32_t dtype;          /* agn_dtype */
} agn_tensor;

/* ---- library ------------------------------------------------------------------------------ */

/* AGN_ABI_VERSION of the compiled library. */
AGN_API int32_t agn_abi_version(void);

/* SIMD levels: 0 scalar, 1 AVX2+FMA+F16C, 2 AVX-512. */
typedef enum agn_simd {
    AGN_SIMD_SCALAR = 0,
    AGN_SIMD_AVX2 = 1,
    AGN_SIMD_AVX512 = 2
} agn_simd;

/* Highest level this CPU supports. */
AGN_API int32_t agn_simd_supported(void);
/* Level in use (defaults to agn_simd_supported()). */
AGN_API int32_t agn_simd_level(void);
/* Caps the level in use (tests compare paths); a level above what the CPU supports is clamped. */
AGN_API agn_status agn_set_simd_level(int32_t level);

/* Threads used for work above the grain size; n >= 1. Default: the number of online CPUs. */
AGN_API agn_status agn_set_num_threads(int32_t n);
AGN_API int32_t agn_get_num_threads(void);

/* PyTorch's torch.set_flush_denormal: on != 0 sets flush-to-zero and denormals-are-zero in the
 * calling thread's floating-point control (MXCSR), 0 clears both. Returns 1 when the CPU supports it
 * (x86 with SSE3, PyTorch's condition), else 0 and changes nothing. Per thread, as in PyTorch; the
 * pool's workers run each region in the calling thread's control state, so results do not depend on
 * the thread count. */
AGN_API int32_t agn_set_flush_denormal(int32_t on);

/* Asks the kernel to back the 2 MB-aligned pages that lie wholly inside [data, data + bytes) with
 * transparent huge pages (Linux madvise(MADV_HUGEPAGE); PyTorch's THP_MEM_ALLOC_ENABLE does the same
 * for CPU buffers of 2 MB and more). Call it before the memory is first written: pages already
 * faulted in stay small until the kernel's background collapse. *advised gets the bytes advised (0:
 * no whole huge page inside, or a platform or kernel without transparent huge pages, which is not an
 * error). AGN_ERR_NULL_ARGUMENT for a null advised, or a null data with bytes > 0;
 * AGN_ERR_INVALID_ARGUMENT for bytes < 0. */
AGN_API agn_status agn_advise_huge_pages(void *data, int64_t bytes, int64_t *advised);

/* ---- status ------------------------------------------------------------------------------- */

/* A short English description of a status ("invalid argument"), never NULL: an unknown value gives
 * "unknown status". The string is static; do not free it. */
AGN_API const char *agn_status_string(int32_t status);

#ifdef __cplusplus
}
#endif

#endif /* AGN_CORE_H */
