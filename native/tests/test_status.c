/* Descriptor validation (Note [Checked extents]) and agn_status_string: sizes, byte counts and extents
 * past int64 are a status, never an overflow inside a kernel; integer pow of a negative exponent is
 * PyTorch's powi, and its overflow wraps. */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <string.h>

static agn_tensor desc(void *data, const int64_t *shape, const int64_t *strides, int32_t ndim, int32_t dtype) {
    agn_tensor t = {data, shape, strides, ndim, dtype};
    return t;
}

static void status_strings(void) {
    CHECK(strcmp(agn_status_string(AGN_OK), "ok") == 0);
    CHECK(strcmp(agn_status_string(AGN_ERR_INVALID_ARGUMENT), "invalid argument") == 0);
    CHECK(strcmp(agn_status_string(AGN_ERR_OVERFLOW), "element count or byte extent overflows int64") == 0);
    CHECK(strcmp(agn_status_string(-1), "unknown status") == 0);
    CHECK(strcmp(agn_status_string(1000), "unknown status") == 0);
    for (int32_t s = AGN_OK; s <= AGN_ERR_OVERFLOW; s++) CHECK(strcmp(agn_status_string(s), "unknown status") != 0);
}

/* A broadcast scalar viewed with sizes whose product or extent passes int64: rejected before any
 * element is touched (the data is one float, so a kernel that ran would fault). */
static void overflowing_descriptors(void) {
    float one = 1, out = 0;
    const int64_t zero_strides[3] = {0, 0, 0}, unit[1] = {1};
    const int64_t wrap[2] = {3, 6148914691236517206}; /* 3 * that = 2 mod 2^64 */
    const int64_t huge[3] = {INT64_C(1) << 32, INT64_C(1) << 32, 1};
    const int64_t one_shape[1] = {1};
    agn_tensor o = desc(&out, one_shape, unit, 1, AGN_DTYPE_FLOAT32);
    agn_tensor a = desc(&one, wrap, zero_strides, 2, AGN_DTYPE_FLOAT32);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &a, &o, NULL) == AGN_ERR_OVERFLOW);
    agn_tensor b = desc(&one, huge, zero_strides, 3, AGN_DTYPE_FLOAT32);
    CHECK(agn_reduce(AGN_REDUCE_SUM, &b, &o, NULL) == AGN_ERR_OVERFLOW);
    /* count fits, bytes do not: 2^62 float32 elements */
    const int64_t big[1] = {INT64_C(1) << 62};
    agn_tensor c = desc(&one, big, zero_strides, 1, AGN_DTYPE_FLOAT32);
    agn_tensor co = desc(&out, big, unit, 1, AGN_DTYPE_FLOAT32);
    CHECK(agn_copy(&c, &co) == AGN_ERR_OVERFLOW);
    /* a stride whose reach passes int64 */
    const int64_t two[1] = {2}, far[1] = {INT64_MAX / 2};
    agn_tensor d = desc(&one, two, far, 1, AGN_DTYPE_FLOAT32);
    agn_tensor d_out = desc(&out, two, unit, 1, AGN_DTYPE_FLOAT32);
    CHECK(agn_copy(&d, &d_out) == AGN_ERR_OVERFLOW);
    const int64_t min_stride[1] = {INT64_MIN};
    agn_tensor e = desc(&one, two, min_stride, 1, AGN_DTYPE_FLOAT32);
    CHECK(agn_copy(&e, &d_out) == AGN_ERR_OVERFLOW);
    CHECK(out == 0);
    /* an empty tensor may have any strides and sizes whose running product passed int64 before a 0 */
    const int64_t empty[3] = {INT64_C(1) << 62, 0, 4}, any[3] = {INT64_MAX, INT64_MIN, 7};
    agn_tensor f = desc(NULL, empty, any, 3, AGN_DTYPE_FLOAT32), f_out = desc(NULL, empty, any, 3, AGN_DTYPE_FLOAT32);
    CHECK(agn_copy(&f, &f_out) == AGN_OK);
}

/* PyTorch's powi: b < 0 gives 1 for a == 1, +-1 for a == -1, else 0; overflow wraps. */
static void integer_pow(void) {
    const int64_t n[1] = {8}, unit[1] = {1};
    int64_t a[8] = {2, 1, -1, -1, 0, 3, 3, -3}, b[8] = {-1, -5, -3, -2, -1, 2, 100, 41}, o[8];
    /* 3^100 and (-3)^41 mod 2^64, from LibTorch */
    const int64_t expected[8] = {0, 1, -1, 1, 0, 9, INT64_C(-2984622845537545263), INT64_C(420491770248316829)};
    agn_tensor ta = desc(a, n, unit, 1, AGN_DTYPE_INT64), tb = desc(b, n, unit, 1, AGN_DTYPE_INT64),
               to = desc(o, n, unit, 1, AGN_DTYPE_INT64);
    CHECK(agn_binary(AGN_BINARY_POW, &ta, &tb, &to) == AGN_OK);
    for (int i = 0; i < 8; i++) CHECK(o[i] == expected[i]);
}

int main(void) {
    status_strings();
    overflowing_descriptors();
    integer_pow();
    return check_summary("test_status");
}
