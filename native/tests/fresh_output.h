/* An output buffer on pages no one has touched yet (Linux), for kernels that prefault their fresh outputs
 * (prefault.c): sentinel bytes sit on the same pages just before and after it, so a test can check that the
 * kernel wrote its bytes and nothing around them. */
#ifndef AGN_TESTS_FRESH_OUTPUT_H
#define AGN_TESTS_FRESH_OUTPUT_H
#if defined(__linux__)
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

enum { FRESH_SENTINEL = 0x5a, FRESH_BEFORE = 12, FRESH_AFTER = 64 };

typedef struct fresh_output {
    char *map, *data; /* data: the output, FRESH_BEFORE bytes before the end of the first page */
    size_t len, bytes;
} fresh_output;

/* 0 when the mapping fails. Only the sentinels' own bytes are written: the output's pages stay untouched. */
static int fresh_output_map(fresh_output *f, size_t bytes) {
    f->bytes = bytes;
    f->data = NULL;
    f->len = bytes + 2 * 4096;
    f->map = mmap(NULL, f->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (f->map == MAP_FAILED) return 0;
    memset(f->map, FRESH_SENTINEL, 4096);
    f->data = f->map + 4096 - FRESH_BEFORE;
    memset(f->data + bytes, FRESH_SENTINEL, FRESH_AFTER);
    return 1;
}

/* Whether the sentinels before and after the output are as fresh_output_map left them. */
static int fresh_output_intact(const fresh_output *f) {
    int intact = 1;
    for (size_t i = 0; i < 4096 - FRESH_BEFORE; i++) intact &= f->map[i] == FRESH_SENTINEL;
    for (size_t i = 0; i < FRESH_AFTER; i++) intact &= f->data[f->bytes + i] == FRESH_SENTINEL;
    return intact;
}

static void fresh_output_unmap(fresh_output *f) { munmap(f->map, f->len); }
#endif
#endif
