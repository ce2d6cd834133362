/* Note [Sort keys]: every element maps to an unsigned key whose unsigned order is PyTorch's order:
 * int64 flips its sign bit; a float flips all bits when negative, else sets the sign bit; -0.0 is
 * first made +0.0 (they compare equal) and every NaN becomes the largest key (NaN is larger than
 * every number, and NaNs are equal to each other). desc complements the key, reversing the order.
 * Shared by sort.c and topk.c. */
#ifndef AGN_SORT_KEYS_H
#define AGN_SORT_KEYS_H

#include <stdint.h>
#include <string.h>

static inline uint32_t key32(float v, int desc) {
    uint32_t u;
    memcpy(&u, &v, 4);
    if (v != v) u = 0xFFFFFFFFu;
    else {
        if (u == 0x80000000u) u = 0;
        u = (u & 0x80000000u) ? ~u : u | 0x80000000u;
    }
    return desc ? ~u : u;
}

static inline uint64_t key64f(double v, int desc) {
    uint64_t u;
    memcpy(&u, &v, 8);
    if (v != v) u = ~(uint64_t)0;
    else {
        if (u == 0x8000000000000000ull) u = 0;
        u = (u & 0x8000000000000000ull) ? ~u : u | 0x8000000000000000ull;
    }
    return desc ? ~u : u;
}

static inline uint64_t key64i(int64_t v, int desc) {
    uint64_t u = (uint64_t)v ^ 0x8000000000000000ull;
    return desc ? ~u : u;
}

#endif
