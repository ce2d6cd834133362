/* agn_advise_huge_pages (Note [Huge pages]): exactly the whole 2 MB pages inside the buffer are
 * advised, which /proc/self/smaps shows as the "hg" flag on a mapping with those bounds; nothing for
 * a buffer holding no whole huge page; bad arguments return a status and advise nothing. On a
 * platform or kernel without transparent huge pages the call advises nothing and still succeeds; a
 * Linux kernel with them (its sysfs directory exists) must take the advice. */
#define _GNU_SOURCE
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#define MB ((uintptr_t)1 << 20)

#if defined(__linux__)
/* 1 if a mapping of /proc/self/smaps spans exactly [lo, hi) with VM_HUGEPAGE ("hg" in VmFlags),
 * 0 if the mapping containing lo has no such flag or other bounds, -1 if smaps is unreadable. */
static int advised_exactly(uintptr_t lo, uintptr_t hi) {
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f) return -1;
    char line[512];
    int in = 0, found = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long a, b;
        char perms[5];
        if (sscanf(line, "%lx-%lx %4s", &a, &b, perms) == 3) { /* a mapping's first line */
            in = a == lo && b == hi;
            continue;
        }
        if (in && strncmp(line, "VmFlags:", 8) == 0) found = strstr(line, " hg") != NULL;
    }
    fclose(f);
    return found;
}
#endif

int main(void) {
    int64_t advised = -1;
    /* bad arguments */
    CHECK(agn_advise_huge_pages(NULL, 1, &advised) == AGN_ERR_NULL_ARGUMENT && advised == 0);
    char byte = 0;
    CHECK(agn_advise_huge_pages(&byte, 1, NULL) == AGN_ERR_NULL_ARGUMENT);
    advised = -1;
    CHECK(agn_advise_huge_pages(&byte, -1, &advised) == AGN_ERR_INVALID_ARGUMENT && advised == 0);
    /* nothing to advise: empty, or no whole huge page inside */
    advised = -1;
    CHECK(agn_advise_huge_pages(NULL, 0, &advised) == AGN_OK && advised == 0);
    advised = -1;
    CHECK(agn_advise_huge_pages(&byte, 1, &advised) == AGN_OK && advised == 0);
#if defined(__linux__)
    const size_t len = 12 * MB;
    char *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(map != MAP_FAILED);
    if (map == MAP_FAILED) return check_summary("test_memory");
    uintptr_t base = ((uintptr_t)map + 2 * MB - 1) & ~(2 * MB - 1); /* 2 MB-aligned, >= 10 MB left */
    /* almost two huge pages, straddling a boundary: neither is whole */
    advised = -1;
    CHECK(agn_advise_huge_pages((char *)base + 1, (int64_t)(4 * MB - 2), &advised) == AGN_OK && advised == 0);
    /* from inside huge page 0 to inside huge page 4: pages 1..3 are whole */
    char *data = (char *)base + 12345;
    int64_t bytes = (int64_t)(8 * MB + 54321 - 12345);
    advised = -1;
    CHECK(agn_advise_huge_pages(data, bytes, &advised) == AGN_OK);
    CHECK(advised == 0 || advised == (int64_t)(6 * MB));
    /* a kernel built with transparent huge pages takes the advice whatever its sysfs mode */
    CHECK(advised > 0 || access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) != 0);
    if (advised > 0) {
        int r = advised_exactly(base + 2 * MB, base + 8 * MB);
        CHECK(r == 1 || r == -1);
        /* a buffer that is exactly its pages */
        CHECK(agn_advise_huge_pages((char *)base + 8 * MB, (int64_t)(2 * MB), &advised) == AGN_OK &&
              advised == (int64_t)(2 * MB));
        r = advised_exactly(base + 2 * MB, base + 10 * MB); /* merged with its neighbour */
        CHECK(r == 1 || r == -1);
        memset(data, 1, (size_t)bytes); /* the memory stays ordinary memory */
        CHECK(data[0] == 1 && data[bytes - 1] == 1);
    }
    munmap(map, len);
#endif
    return check_summary("test_memory");
}
