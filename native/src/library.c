/* Library-wide entry points: ABI version, the run-time SIMD level, flush-denormal mode, status text. */
#include "internal.h"

#include <stdatomic.h>

static atomic_int g_simd_cap = -1; /* -1: not capped */

int32_t agn_abi_version(void) { return AGN_ABI_VERSION; }

int32_t agn_simd_supported(void) {
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return AGN_SIMD_AVX512;
    /* F16C (half conversions) comes with every AVX2 CPU; checked all the same */
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        return AGN_SIMD_AVX2;
#endif
    return AGN_SIMD_SCALAR;
}

int32_t agn_simd_active(void) {
    static atomic_int supported = -1;
    int s = atomic_load_explicit(&supported, memory_order_relaxed);
    if (s < 0) {
        s = agn_simd_supported();
        atomic_store_explicit(&supported, s, memory_order_relaxed);
    }
    int cap = atomic_load_explicit(&g_simd_cap, memory_order_relaxed);
    return (cap >= 0 && cap < s) ? cap : s;
}

int32_t agn_simd_level(void) { return agn_simd_active(); }

agn_status agn_set_simd_level(int32_t level) {
    if (level < AGN_SIMD_SCALAR || level > AGN_SIMD_AVX512) return AGN_ERR_INVALID_ARGUMENT;
    atomic_store_explicit(&g_simd_cap, level, memory_order_relaxed);
    return AGN_OK;
}

int32_t agn_set_flush_denormal(int32_t on) {
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
    enum { DENORMALS_ARE_ZERO = 0x0040, FLUSH_TO_ZERO = 0x8000 };
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("sse3")) return 0; /* PyTorch's guard: early SSE2 CPUs lack DAZ */
    uint32_t csr = __builtin_ia32_stmxcsr() & ~(uint32_t)(DENORMALS_ARE_ZERO | FLUSH_TO_ZERO);
    if (on) csr |= DENORMALS_ARE_ZERO | FLUSH_TO_ZERO;
    __builtin_ia32_ldmxcsr(csr);
    return 1;
#else
    (void)on;
    return 0;
#endif
}

const char *agn_status_string(int32_t status) {
    switch (status) {
    case AGN_OK: return "ok";
    case AGN_ERR_NULL_ARGUMENT: return "a required pointer was null";
    case AGN_ERR_INVALID_ARGUMENT: return "invalid argument";
    case AGN_ERR_DTYPE: return "unsupported or mismatched dtype";
    case AGN_ERR_SHAPE: return "operand shapes do not fit the operation";
    case AGN_ERR_OUT_OF_MEMORY: return "native scratch allocation failed";
    case AGN_ERR_INDEX: return "index out of range";
    case AGN_ERR_OVERFLOW: return "element count or byte extent overflows int64";
    default: return "unknown status";
    }
}
