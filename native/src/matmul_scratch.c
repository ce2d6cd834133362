/* Thread-local packing scratch for agn_matmul: kept (and grown) across calls, freed when the thread
 * exits. */
#include "internal.h"
#include "matmul_kernels.h"

#include <pthread.h>
#include <stdlib.h>

static pthread_once_t g_scratch_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_scratch_key;
static int g_scratch_key_ok = 0;

/* Runs at thread exit, so a caller thread that goes away does not leak its packing buffers. */
static void scratch_free(void *p) {
    agn_mm_scratch *s = (agn_mm_scratch *)p;
    free(s->a);
    free(s->b);
    free(s->shared);
    free(s->cols);
    free(s);
}

static void scratch_key_init(void) {
    g_scratch_key_ok = pthread_key_create(&g_scratch_key, scratch_free) == 0;
}

agn_mm_scratch *agn_mm_scratch_get(void) {
    pthread_once(&g_scratch_once, scratch_key_init);
    if (!g_scratch_key_ok) return NULL;
    agn_mm_scratch *s = (agn_mm_scratch *)pthread_getspecific(g_scratch_key);
    if (s) return s;
    s = (agn_mm_scratch *)calloc(1, sizeof *s);
    if (s && pthread_setspecific(g_scratch_key, s) != 0) {
        free(s);
        s = NULL;
    }
    return s;
}

int agn_mm_scratch_grow(void **buf, size_t *cap, size_t need) {
    if (need <= *cap) return 1;
    size_t size = (need + 63) & ~(size_t)63;
    void *p = aligned_alloc(64, size);
    if (!p) return 0;
    free(*buf);
    *buf = p;
    *cap = size;
    return 1;
}
