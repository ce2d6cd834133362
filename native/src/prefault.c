/* The pages under large buffers: prefaulting a large output's fresh pages with one system call per
 * chunk instead of one page fault per 4 KB page, and transparent huge pages for large storage.
 *
 * .NET hands every out-of-place result a new array, and large ones (the large object heap) often
 * sit on pages the GC has just (re)committed: the kernel's first store to each page then takes a
 * page fault, about three times the cost per page of madvise(MADV_POPULATE_WRITE) over the range
 * (Linux >= 5.14; older kernels refuse it and the stores fault as before). mincore first checks
 * which pages are resident, so an output whose pages are already there costs little. */
#include "internal.h"

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

/* Outputs smaller than this (16 pages) fault normally: the system calls would cost as much. */
#define PREFAULT_MIN_BYTES ((size_t)64 << 10)

void agn_prefault_extent(const agn_tensor *out, char **lo, size_t *len) {
    *lo = NULL, *len = 0;
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    int64_t es = agn_dtype_size(out->dtype), numel = agn_numel(out), span = 1;
    if (numel == 0 || (size_t)(numel * es) < PREFAULT_MIN_BYTES) return;
    for (int32_t d = 0; d < out->ndim; d++) {
        if (out->strides[d] < 0) return;
        span += (out->shape[d] - 1) * out->strides[d];
    }
    if (span > 2 * numel) return; /* a sparse view: it would populate memory it never writes */
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t first = (uintptr_t)out->data & ~(page - 1);
    uintptr_t end = ((uintptr_t)out->data + (uintptr_t)(span * es) + page - 1) & ~(page - 1);
    *lo = (char *)first, *len = end - first;
#else
    (void)out;
#endif
}

void agn_prefault_bytes(char *p, size_t len) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    if (len < PREFAULT_MIN_BYTES) return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), first = (uintptr_t)p & ~(page - 1);
    agn_prefault_range((char *)first, (((uintptr_t)p + len + page - 1) & ~(page - 1)) - first);
#else
    (void)p, (void)len;
#endif
}

void agn_prefault_range(char *p, size_t len) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char vec[256];
    /* Chunks of up to 256 pages: populate one when a quarter or more of its pages are missing. */
    for (size_t off = 0; off < len; off += 256 * page) {
        size_t n = len - off < 256 * page ? len - off : 256 * page, pages = n / page, missing = 0;
        if (mincore(p + off, n, vec) != 0) return;
        for (size_t i = 0; i < pages; i++) missing += !(vec[i] & 1);
        if (4 * missing >= pages) (void)madvise(p + off, n, MADV_POPULATE_WRITE); /* a hint */
    }
#else
    (void)p, (void)len;
#endif
}

/* Note [Huge pages]: a stream over a large buffer takes a TLB miss and a page walk every 4 KB;
 * backed by 2 MB pages it takes one per 2 MB (a long float32 sum streams ~10% faster). Only whole
 * 2 MB pages inside the buffer are advised, so
 * no huge page holds memory the buffer's owner does not write (no bloat), and only large storage
 * (the managed side's threshold) pays the system call. */
#define HUGE_PAGE ((uintptr_t)2 << 20)

agn_status agn_advise_huge_pages(void *data, int64_t bytes, int64_t *advised) {
    if (!advised) return AGN_ERR_NULL_ARGUMENT;
    *advised = 0;
    if (bytes < 0) return AGN_ERR_INVALID_ARGUMENT;
    if (!data && bytes > 0) return AGN_ERR_NULL_ARGUMENT;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    uintptr_t lo = ((uintptr_t)data + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t hi = ((uintptr_t)data + (uintptr_t)bytes) & ~(HUGE_PAGE - 1);
    if (hi > lo && madvise((void *)lo, hi - lo, MADV_HUGEPAGE) == 0) *advised = (int64_t)(hi - lo);
#endif
    return AGN_OK;
}
