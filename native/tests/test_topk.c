/* agn_topk against agn_sort: for lines full of ties, NaNs, signed zeros and infinities (float32,
 * float64, int64; both selection algorithms: k * 64 <= n and above), the positions are distinct, in
 * range, and their elements are the k first of the stably sorted line, value for value, in sorted
 * order (sorted = 1, or the partial-sort algorithm); 1 and 2 threads give the same positions; bad
 * arguments give their statuses. Which of equal elements is chosen is LibTorch's (Note [Topk order]),
 * checked against LibTorch by the managed TopkTests. */
#include "autograd_native.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double value_at(const void *x, int dt, int64_t i) {
    switch (dt) {
    case AGN_DTYPE_FLOAT32: return ((const float *)x)[i];
    case AGN_DTYPE_FLOAT64: return ((const double *)x)[i];
    default: return (double)((const int64_t *)x)[i];
    }
}

/* NaN equal to NaN, -0.0 equal to 0.0 (the comparator's equivalence) */
static int same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

static void check_line(int dt, int64_t n, int64_t k, int largest, int sorted) {
    const int64_t es = dt == AGN_DTYPE_FLOAT32 ? 4 : 8;
    char *x = malloc((size_t)(n * es + 1));
    int64_t *order = malloc((size_t)n * 8), *ix = malloc((size_t)(k + 1) * 8), *ix1 = malloc((size_t)(k + 1) * 8);
    for (int64_t i = 0; i < n; i++) {
        double r = (double)(rand() % 9 - 4) / 2;
        if (dt != AGN_DTYPE_INT64 && rand() % 7 == 0) r = NAN;
        if (dt != AGN_DTYPE_INT64 && rand() % 7 == 0) r = rand() % 2 ? -0.0 : 0.0;
        if (dt != AGN_DTYPE_INT64 && rand() % 9 == 0) r = rand() % 2 ? INFINITY : -INFINITY;
        if (rand() % 3 == 0) r = (double)(rand() % 100000) / 7;
        if (dt == AGN_DTYPE_FLOAT32) ((float *)x)[i] = (float)r;
        else if (dt == AGN_DTYPE_FLOAT64) ((double *)x)[i] = r;
        else ((int64_t *)x)[i] = (int64_t)r;
    }
    const int64_t sx[1] = {n}, sk[1] = {k}, one[1] = {1};
    agn_tensor tx = {x, sx, one, 1, dt}, to = {order, sx, one, 1, AGN_DTYPE_INT64}, ti = {ix, sk, one, 1, AGN_DTYPE_INT64};
    CHECK(agn_sort(&tx, 0, largest, NULL, &to) == AGN_OK);
    agn_set_num_threads(2);
    CHECK(agn_topk(&tx, 0, largest, sorted, &ti) == AGN_OK);
    memcpy(ix1, ix, (size_t)k * 8);
    agn_set_num_threads(1);
    CHECK(agn_topk(&tx, 0, largest, sorted, &ti) == AGN_OK);
    CHECK(memcmp(ix, ix1, (size_t)k * 8) == 0);
    const int in_order = sorted || k * 64 <= n;
    char *seen = calloc((size_t)n, 1);
    double *got = malloc((size_t)(k + 1) * 8);
    for (int64_t j = 0; j < k; j++) {
        CHECK(ix[j] >= 0 && ix[j] < n);
        if (ix[j] < 0 || ix[j] >= n) break;
        CHECK(!seen[ix[j]]);
        seen[ix[j]] = 1;
        got[j] = value_at(x, dt, ix[j]);
        if (in_order) CHECK(same(got[j], value_at(x, dt, order[j])));
    }
    if (!in_order) { /* the same multiset: count each sorted value among the chosen */
        for (int64_t j = 0; j < k; j++) {
            int64_t want = 0, have = 0;
            double v = value_at(x, dt, order[j]);
            for (int64_t q = 0; q < k; q++) want += same(value_at(x, dt, order[q]), v), have += same(got[q], v);
            CHECK(want == have);
        }
    }
    free(x), free(order), free(ix), free(ix1), free(seen), free(got);
}

static void errors(void) {
    float x[6] = {1, 2, 3, 4, 5, 6};
    int64_t ix[6];
    int32_t bad[6];
    const int64_t s6[1] = {6}, s7[1] = {7}, s3[1] = {3}, one[1] = {1}, s23[2] = {2, 3}, s33[2] = {3, 2}, st[2] = {3, 1};
    agn_tensor tx = {x, s6, one, 1, AGN_DTYPE_FLOAT32}, t7 = {ix, s7, one, 1, AGN_DTYPE_INT64};
    agn_tensor t3 = {ix, s3, one, 1, AGN_DTYPE_INT64}, tb = {bad, s3, one, 1, AGN_DTYPE_INT32};
    agn_tensor m = {x, s23, st, 2, AGN_DTYPE_FLOAT32}, mi = {ix, s33, st, 2, AGN_DTYPE_INT64};
    CHECK(agn_topk(&tx, 0, 1, 1, &t7) == AGN_ERR_SHAPE);   /* k past the size */
    CHECK(agn_topk(&tx, 0, 1, 1, &tb) == AGN_ERR_DTYPE);   /* int64 positions */
    CHECK(agn_topk(&tb, 0, 1, 1, &t3) == AGN_ERR_DTYPE);   /* float32 / float64 / int64 input */
    CHECK(agn_topk(&tx, 1, 1, 1, &t3) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_topk(&m, 1, 1, 1, &mi) == AGN_ERR_SHAPE);    /* other dims must agree */
    CHECK(agn_topk(&tx, 0, 1, 1, NULL) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_topk(&tx, 0, 1, 1, &t3) == AGN_OK && ix[0] == 5 && ix[1] == 4 && ix[2] == 3);
    CHECK(agn_topk(&tx, 0, 0, 1, &t3) == AGN_OK && ix[0] == 0 && ix[1] == 1 && ix[2] == 2);
    CHECK(agn_sort_unstable(&tx, 0, &t3) == AGN_ERR_SHAPE); /* positions for all of the line */
    CHECK(agn_sort_unstable(&tx, 0, NULL) == AGN_ERR_NULL_ARGUMENT);
    float y[6] = {3, 1, 2, 6, 5, 4};
    agn_tensor ty = {y, s6, one, 1, AGN_DTYPE_FLOAT32}, t6 = {ix, s6, one, 1, AGN_DTYPE_INT64};
    CHECK(agn_sort_unstable(&ty, 0, &t6) == AGN_OK && ix[0] == 1 && ix[1] == 2 && ix[2] == 0 && ix[5] == 3);
}

int main(void) {
    srand(7);
    const int dts[3] = {AGN_DTYPE_FLOAT32, AGN_DTYPE_FLOAT64, AGN_DTYPE_INT64};
    const int64_t ns[] = {1, 2, 5, 17, 64, 65, 300, 1000, 20000};
    for (int d = 0; d < 3; d++)
        for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
            for (int64_t k = 1; k <= ns[a]; k = k < 8 ? k + 1 : k * 3)
                for (int largest = 0; largest < 2; largest++)
                    for (int sorted = 0; sorted < 2; sorted++) check_line(dts[d], ns[a], k, largest, sorted);
    errors();
    return check_summary("test_topk");
}
