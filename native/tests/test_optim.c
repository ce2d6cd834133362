/* agn_adam against a double reference of PyTorch's single-tensor Adam / AdamW (torch/optim/adam.py),
 * written out from its formulas: several steps, every option, float32 and float64; strided operands
 * give the bits of dense ones; 1 and 2 threads give the same bits; NaN through amsgrad's maximum;
 * bad arguments return a status and write nothing. */
#include "autograd_native.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { P, G, M, V, X, NBUF };

typedef struct state {
    int dt;
    int64_t n, stride; /* element i of buffer b at buf[b] + i * stride elements */
    char *buf[NBUF];
} state;

static int64_t es_of(int dt) { return dt == AGN_DTYPE_FLOAT32 ? 4 : 8; }

static double rd(const state *s, int b, int64_t i) {
    const char *p = s->buf[b] + i * s->stride * es_of(s->dt);
    return s->dt == AGN_DTYPE_FLOAT32 ? (double)*(const float *)p : *(const double *)p;
}

static void wr(state *s, int b, int64_t i, double x) {
    char *p = s->buf[b] + i * s->stride * es_of(s->dt);
    if (s->dt == AGN_DTYPE_FLOAT32) *(float *)p = (float)x;
    else *(double *)p = x;
}

static void make(state *s, int dt, int64_t n, int64_t stride, unsigned seed) {
    s->dt = dt, s->n = n, s->stride = stride;
    srand(seed);
    for (int b = 0; b < NBUF; b++) {
        s->buf[b] = calloc((size_t)(n * stride + 1), (size_t)es_of(dt));
        for (int64_t i = 0; i < n; i++)
            wr(s, b, i, b == P || b == G ? (double)rand() / RAND_MAX * 2 - 1 : 0);
    }
}

static void release(state *s) {
    for (int b = 0; b < NBUF; b++) free(s->buf[b]);
}

static agn_tensor view(const state *s, int b, int64_t *shape, int64_t *stride) {
    *shape = s->n;
    *stride = s->stride;
    agn_tensor t = {s->buf[b], shape, stride, 1, s->dt};
    return t;
}

static agn_status step(state *s, const agn_adam_hyper *h) {
    int64_t sh[NBUF], st[NBUF];
    agn_tensor t[NBUF];
    for (int b = 0; b < NBUF; b++) t[b] = view(s, b, &sh[b], &st[b]);
    return agn_adam(&t[P], &t[G], &t[M], &t[V], h->amsgrad ? &t[X] : NULL, h);
}

/* The reference, in double: PyTorch's _single_tensor_adam for one element. */
static void reference(double *p, double g, double *m, double *v, double *mx, const agn_adam_hyper *h) {
    if (h->maximize) g = -g;
    if (h->decoupled) *p *= 1 - h->lr * h->weight_decay;
    else if (h->weight_decay != 0) g += h->weight_decay * *p;
    *m += (1 - h->beta1) * (g - *m);
    *v = *v * h->beta2 + (1 - h->beta2) * g * g;
    double s = *v;
    if (h->amsgrad) s = *mx = fmax(*mx, *v);
    double bc1 = 1 - pow(h->beta1, h->step), bc2 = 1 - pow(h->beta2, h->step);
    *p -= h->lr / bc1 * *m / (sqrt(s) / sqrt(bc2) + h->eps);
}

/* Five steps, a fresh gradient each. Every step is compared with the reference run from the state
 * the kernel left (so rounding does not compound), each value within a few units in the last place
 * of the terms that make it: exp_avg and param sum terms of either sign, whose magnitudes bound the
 * rounding where the result itself may cancel to near zero. */
static void check_steps(int dt, agn_adam_hyper h) {
    const int64_t n = 1000;
    state s;
    make(&s, dt, n, 1, 7);
    const double tol = dt == AGN_DTYPE_FLOAT32 ? 1e-6 : 1e-14;
    int ok = 1;
    for (int k = 1; k <= 5; k++) {
        h.step = k;
        for (int64_t i = 0; i < n; i++) wr(&s, G, i, sin((double)(i * k) + 1) * (i % 7 == 0 ? 1e-3 : 1));
        double *prev = malloc(sizeof(double) * (size_t)(n * NBUF));
        for (int b = 0; b < NBUF; b++)
            for (int64_t i = 0; i < n; i++) prev[b * n + i] = rd(&s, b, i);
        CHECK(step(&s, &h) == AGN_OK);
        for (int64_t i = 0; i < n; i++) {
            double p = prev[P * n + i], g = prev[G * n + i], m = prev[M * n + i], v = prev[V * n + i],
                   mx = prev[X * n + i];
            reference(&p, g, &m, &v, &mx, &h);
            double gm = fabs(g) + (h.decoupled ? 0 : h.weight_decay * fabs(prev[P * n + i])); /* |grad + wd p| <= gm */
            double m_scale = fabs(prev[M * n + i]) + gm, v_scale = fabs(prev[V * n + i]) + 2 * gm * gm;
            double denom = sqrt(h.amsgrad ? mx : v) / sqrt(1 - pow(h.beta2, h.step)) + h.eps;
            double p_scale = fabs(prev[P * n + i]) + h.lr / (1 - pow(h.beta1, h.step)) * m_scale / denom;
            ok &= close_to(rd(&s, M, i), m, 0, tol * m_scale) && close_to(rd(&s, V, i), v, 0, tol * v_scale) &&
                  close_to(rd(&s, P, i), p, 0, tol * p_scale) && (!h.amsgrad || close_to(rd(&s, X, i), mx, tol, 0));
        }
        free(prev);
    }
    CHECK(ok);
    release(&s);
}

/* A stride-3 view and 1 vs 2 threads (n past two parallel grains) give the bits of the dense run. */
static void check_layouts(int dt) {
    const int64_t n = 100003;
    agn_adam_hyper h = {1e-2, 0.8, 0.99, 1e-8, 0.1, 3, 0, 1, 0, 0};
    state dense, strided, two;
    make(&dense, dt, n, 1, 11), make(&strided, dt, n, 3, 11), make(&two, dt, n, 1, 11);
    int32_t saved = agn_get_num_threads();
    CHECK(agn_set_num_threads(1) == AGN_OK);
    CHECK(step(&dense, &h) == AGN_OK);
    CHECK(step(&strided, &h) == AGN_OK);
    CHECK(agn_set_num_threads(2) == AGN_OK);
    CHECK(step(&two, &h) == AGN_OK);
    CHECK(agn_set_num_threads(saved) == AGN_OK);
    int same = 1;
    for (int b = 0; b < NBUF; b++)
        for (int64_t i = 0; i < n; i++) {
            double d = rd(&dense, b, i);
            same &= memcmp(&d, &(double){rd(&strided, b, i)}, sizeof d) == 0;
            same &= memcmp(&d, &(double){rd(&two, b, i)}, sizeof d) == 0;
        }
    CHECK(same);
    release(&dense), release(&strided), release(&two);
}

/* Every rejected call returns its status and leaves all buffers as they were. */
static void check_errors(void) {
    state s;
    make(&s, AGN_DTYPE_FLOAT32, 8, 1, 3);
    float before[NBUF][8];
    for (int b = 0; b < NBUF; b++) memcpy(before[b], s.buf[b], sizeof before[b]);
    const agn_adam_hyper good = {1e-3, 0.9, 0.999, 1e-8, 0, 1, 0, 0, 0, 0};
    agn_adam_hyper bad[] = {good, good, good, good, good, good, good, good, good};
    bad[0].lr = -1, bad[1].beta1 = 1, bad[2].beta2 = -0.1, bad[3].eps = -1, bad[4].weight_decay = NAN;
    bad[5].step = 0, bad[6].reserved = 1, bad[7].lr = NAN;
    bad[8].amsgrad = 1; /* without max_exp_avg_sq */
    int64_t sh[NBUF], st[NBUF], sh2 = 4;
    agn_tensor t[NBUF];
    for (int b = 0; b < NBUF; b++) t[b] = view(&s, b, &sh[b], &st[b]);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        CHECK(agn_adam(&t[P], &t[G], &t[M], &t[V], NULL, &bad[k]) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_adam(&t[P], &t[G], &t[M], &t[V], &t[X], &good) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_adam(&t[P], NULL, &t[M], &t[V], NULL, &good) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_adam(&t[P], &t[G], &t[M], &t[V], NULL, NULL) == AGN_ERR_NULL_ARGUMENT);
    agn_tensor wrong = t[M];
    wrong.dtype = AGN_DTYPE_FLOAT64;
    CHECK(agn_adam(&t[P], &t[G], &wrong, &t[V], NULL, &good) == AGN_ERR_DTYPE);
    wrong = t[V];
    wrong.shape = &sh2;
    CHECK(agn_adam(&t[P], &t[G], &t[M], &wrong, NULL, &good) == AGN_ERR_SHAPE);
    agn_tensor ints[NBUF];
    for (int b = 0; b < NBUF; b++) ints[b] = t[b], ints[b].dtype = AGN_DTYPE_INT64;
    CHECK(agn_adam(&ints[P], &ints[G], &ints[M], &ints[V], NULL, &good) == AGN_ERR_DTYPE);
    for (int b = 0; b < NBUF; b++) CHECK(memcmp(before[b], s.buf[b], sizeof before[b]) == 0);
    release(&s);
}

/* torch.maximum propagates NaN: a NaN exp_avg_sq poisons max_exp_avg_sq, and a NaN already there stays. */
static void check_nan(void) {
    state s;
    make(&s, AGN_DTYPE_FLOAT64, 2, 1, 5);
    wr(&s, G, 0, NAN);
    wr(&s, X, 1, NAN);
    agn_adam_hyper h = {1e-3, 0.9, 0.999, 1e-8, 0, 1, 0, 1, 0, 0};
    CHECK(step(&s, &h) == AGN_OK);
    CHECK(isnan(rd(&s, X, 0)) && isnan(rd(&s, P, 0)));
    CHECK(isnan(rd(&s, X, 1)) && isnan(rd(&s, P, 1)) && !isnan(rd(&s, V, 1)));
    release(&s);
}

int main(void) {
    for (int dt = AGN_DTYPE_FLOAT32; dt <= AGN_DTYPE_FLOAT64; dt++) {
        /* lr, beta1, beta2, eps, weight_decay, step, decoupled, amsgrad, maximize */
        check_steps(dt, (agn_adam_hyper){1e-3, 0.9, 0.999, 1e-8, 0, 1, 0, 0, 0, 0});
        check_steps(dt, (agn_adam_hyper){1e-2, 0.9, 0.999, 1e-8, 0.1, 1, 0, 0, 0, 0});
        check_steps(dt, (agn_adam_hyper){1e-2, 0.9, 0.999, 1e-8, 0.1, 1, 1, 0, 0, 0});
        check_steps(dt, (agn_adam_hyper){5e-2, 0.3, 0.9, 1e-6, 0, 1, 0, 1, 1, 0}); /* lerp from the end */
        check_steps(dt, (agn_adam_hyper){1e-3, 0, 0, 0, 0.5, 1, 1, 1, 0, 0});
        check_layouts(dt);
    }
    check_errors();
    check_nan();
    return check_summary("test_optim");
}
