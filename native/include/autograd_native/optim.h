/*
 * autograd_native/optim.h — fused optimizer steps.
 */
#ifndef AGN_OPTIM_H
#define AGN_OPTIM_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- optimizers --------------------------------------------------------------------------- */

/* The hyper-parameters of one Adam / AdamW step (agn_adam). */
typedef struct agn_adam_hyper {
    double lr, beta1, beta2, eps, weight_decay;
    double step;       /* the parameter's step count including this one: 1 on its first update */
    int32_t decoupled; /* AdamW: param *= 1 - lr * weight_decay, instead of grad += weight_decay * param */
    int32_t amsgrad;   /* max_exp_avg_sq is given, and the running maximum of exp_avg_sq is used */
    int32_t maximize;  /* ascend: the gradient's sign is flipped */
    int32_t reserved;  /* 0 */
} agn_adam_hyper;

/* One step of PyTorch's single-tensor Adam on one parameter, in one pass: param, exp_avg, exp_avg_sq
 * (and max_exp_avg_sq with amsgrad, else NULL) are updated in place from grad, with PyTorch's order of
 * operations in the tensors' dtype (lerp for exp_avg, mul + addcmul for exp_avg_sq, addcdiv for param).
 * FLOAT32 / FLOAT64, all of one dtype and shape, any strides. AGN_ERR_INVALID_ARGUMENT for lr, eps or
 * weight_decay < 0, betas outside [0, 1), step < 1, reserved != 0, or max_exp_avg_sq given without
 * amsgrad (or missing with it); nothing is written then. */
AGN_API agn_status agn_adam(const agn_tensor *param, const agn_tensor *grad, const agn_tensor *exp_avg,
                            const agn_tensor *exp_avg_sq, const agn_tensor *max_exp_avg_sq,
                            const agn_adam_hyper *h);

#ifdef __cplusplus
}
#endif

#endif /* AGN_OPTIM_H */
