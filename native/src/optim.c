/* Fused optimizer updates. PyTorch's single-tensor Adam makes about eight passes over a parameter
 * (lerp, mul, addcmul, sqrt, div, add, addcdiv, and the weight-decay one), each a read of up to three
 * parameter-sized tensors and a write of one; here one pass reads grad and the state once and writes
 * param and the state once, with the same operations per element in the same order. */
#include "internal.h"

#include <math.h>

typedef struct adam_ctx {
    double decay;     /* AdamW's factor 1 - lr * weight_decay (1: none) */
    double l2;        /* Adam's weight_decay, added to the gradient (0: none) */
    double w;         /* lerp weight 1 - beta1 */
    double beta2, cb2; /* exp_avg_sq * beta2 + cb2 * g * g */
    double bc2_sqrt;  /* sqrt(1 - beta2^step) */
    double eps;
    double neg_step;  /* -lr / (1 - beta1^step) */
    double sign;      /* -1 to maximize */
    int32_t amsgrad;
} adam_ctx;

/* One element: p, g, m, v (and mx with amsgrad) are lvalues of type T. lerp as ATen writes it: a
 * weight below 0.5 from the start, else from the end. The coefficients are rounded to T first,
 * as PyTorch passes Python floats to kernels of the tensor's dtype. */
#define ADAM_ELEMENT(T, SQRT, p, g, m, v, mx)                                                      \
    do {                                                                                           \
        T g_ = (g) * sign, p_ = (p) * decay;                                                       \
        if (has_l2) g_ = g_ + l2 * p_;                                                             \
        T d_ = g_ - (m);                                                                           \
        T m_ = small ? (m) + w * d_ : g_ - d_ * omw;                                               \
        T v_ = (v) * beta2 + cb2 * g_ * g_;                                                        \
        T s_ = v_;                                                                                 \
        if (ams) { /* torch.maximum: NaN wins */                                                   \
            T x_ = (mx);                                                                           \
            s_ = (x_ != x_ || x_ >= v_) ? x_ : v_;                                                 \
            (mx) = s_;                                                                             \
        }                                                                                          \
        (m) = m_;                                                                                  \
        (v) = v_;                                                                                  \
        (p) = p_ + neg_step * m_ / (SQRT(s_) / bc2_sqrt + eps);                                    \
    } while (0)

/* Operands: param, grad, exp_avg, exp_avg_sq[, max_exp_avg_sq]. The contiguous loop is the one
 * that matters (parameters and the state this library creates are dense) and vectorises; strided
 * views take the byte-stride loop. */
#define ADAM_ROW(NAME, T, SQRT)                                                                    \
    AGN_MULTIVERSION static void NAME(void *ctx, int64_t n, char *const *ptrs, const int64_t *st) { \
        const adam_ctx *c = (const adam_ctx *)ctx;                                                 \
        const T sign = (T)c->sign, decay = (T)c->decay, l2 = (T)c->l2, w = (T)c->w;                \
        const T omw = (T)1 - w, beta2 = (T)c->beta2, cb2 = (T)c->cb2, bc2_sqrt = (T)c->bc2_sqrt;   \
        const T eps = (T)c->eps, neg_step = (T)c->neg_step;                                        \
        const int has_l2 = c->l2 != 0, small = fabs(c->w) < 0.5, ams = c->amsgrad;                \
        const int nops = ams ? 5 : 4;                                                              \
        int dense = 1;                                                                             \
        for (int k = 0; k < nops; k++) dense &= st[k] == (int64_t)sizeof(T);                       \
        if (dense) {                                                                               \
            T *P = (T *)ptrs[0], *M = (T *)ptrs[2], *V = (T *)ptrs[3];                             \
            const T *G = (const T *)ptrs[1];                                                       \
            T *X = ams ? (T *)ptrs[4] : P; /* read only with amsgrad */                            \
            for (int64_t i = 0; i < n; i++) ADAM_ELEMENT(T, SQRT, P[i], G[i], M[i], V[i], X[i]);   \
            return;                                                                                \
        }                                                                                          \
        char *pp = ptrs[0], *pg = ptrs[1], *pm = ptrs[2], *pv = ptrs[3], *px = ams ? ptrs[4] : ptrs[0]; \
        const int64_t sx = ams ? st[4] : 0;                                                        \
        for (int64_t i = 0; i < n; i++, pp += st[0], pg += st[1], pm += st[2], pv += st[3], px += sx) \
            ADAM_ELEMENT(T, SQRT, *(T *)pp, *(const T *)pg, *(T *)pm, *(T *)pv, *(T *)px);         \
    }

ADAM_ROW(adam_f32, agn_f32, sqrtf)
ADAM_ROW(adam_f64, agn_f64, sqrt)

static int valid_hyper(const agn_adam_hyper *h) {
    /* written so that NaN fails every test */
    return h->lr >= 0 && h->eps >= 0 && h->weight_decay >= 0 && h->beta1 >= 0 && h->beta1 < 1 &&
           h->beta2 >= 0 && h->beta2 < 1 && h->step >= 1 && isfinite(h->step) && h->reserved == 0;
}

agn_status agn_adam(const agn_tensor *param, const agn_tensor *grad, const agn_tensor *exp_avg,
                    const agn_tensor *exp_avg_sq, const agn_tensor *max_exp_avg_sq,
                    const agn_adam_hyper *h) {
    agn_enter();
    if (!param || !grad || !exp_avg || !exp_avg_sq || !h) return AGN_ERR_NULL_ARGUMENT;
    if (!valid_hyper(h) || (h->amsgrad != 0) != (max_exp_avg_sq != NULL)) return AGN_ERR_INVALID_ARGUMENT;
    const agn_tensor *ops[5] = {param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq};
    const int32_t nops = h->amsgrad ? 5 : 4;
    agn_status s = agn_check_operands(nops, ops, 0);
    if (s != AGN_OK) return s;
    if (!agn_is_floating(param->dtype)) return AGN_ERR_DTYPE;
    for (int32_t k = 1; k < nops; k++)
        if (ops[k]->dtype != param->dtype) return AGN_ERR_DTYPE;

    const double bc1 = 1 - pow(h->beta1, h->step), bc2 = 1 - pow(h->beta2, h->step);
    adam_ctx c;
    c.decay = h->decoupled ? 1 - h->lr * h->weight_decay : 1;
    c.l2 = h->decoupled ? 0 : h->weight_decay;
    c.w = 1 - h->beta1;
    c.beta2 = h->beta2;
    c.cb2 = 1 - h->beta2;
    c.bc2_sqrt = sqrt(bc2);
    c.eps = h->eps;
    c.neg_step = -(h->lr / bc1);
    c.sign = h->maximize ? -1 : 1;
    c.amsgrad = h->amsgrad != 0;
    agn_row_fn fn = param->dtype == AGN_DTYPE_FLOAT32 ? adam_f32 : adam_f64;
    if (agn_run_flat(nops, ops, fn, &c, AGN_GRAIN_ELEMENTWISE)) return AGN_OK;
    agn_iter it;
    if ((s = agn_iter_init(&it, nops, ops)) != AGN_OK) return s;
    agn_iter_run(&it, fn, &c, AGN_GRAIN_ELEMENTWISE);
    return AGN_OK;
}
