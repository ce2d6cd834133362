/*
 * autograd_native/index.h — index_select / index_add, gather and the scatters.
 */
#ifndef AGN_INDEX_H
#define AGN_INDEX_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- indexing ----------------------------------------------------------------------------- */

/* out = x.index_select(dim, index): index is a 1-d INT64 tensor, out is x with shape[dim] = len. */
AGN_API agn_status agn_index_select(const agn_tensor *x, int32_t dim, const agn_tensor *index,
                                    const agn_tensor *out);
/* out.index_add_(dim, index, src): out[..., index[i], ...] += src[..., i, ...]. */
AGN_API agn_status agn_index_add(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                                 const agn_tensor *src);
/* out = x.gather(dim, index): index INT64 with out's shape. */
AGN_API agn_status agn_gather(const agn_tensor *x, int32_t dim, const agn_tensor *index,
                              const agn_tensor *out);
/* out.scatter_add_(dim, index, src): index and src share a shape. */
AGN_API agn_status agn_scatter_add(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                                   const agn_tensor *src);

/* ---- scatter ------------------------------------------------------------------------------ */

typedef enum agn_scatter_op {
    AGN_SCATTER_ASSIGN = 0, /* the later duplicate wins */
    AGN_SCATTER_SUM = 1,
    AGN_SCATTER_PROD = 2,
    AGN_SCATTER_AMAX = 3,   /* NaN propagates */
    AGN_SCATTER_AMIN = 4
} agn_scatter_op;

/* out[..., index[p], ...] (op)= src[p] along dim for every position p of index; index INT64 with
 * src's shape, no larger than out off dim. FLOAT32 / FLOAT64 / INT64 (BOOL: assign, or sum as
 * logical or). Every index is checked first (AGN_ERR_INDEX writes nothing); duplicates apply in
 * index order along dim, identical for every thread count. */
AGN_API agn_status agn_scatter_reduce(const agn_tensor *out, int32_t dim, const agn_tensor *index,
                                      const agn_tensor *src, int32_t reduce);

#ifdef __cplusplus
}
#endif

#endif /* AGN_INDEX_H */
