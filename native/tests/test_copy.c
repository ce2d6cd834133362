/* agn_copy's conversions among the stored dtypes: float16 and bfloat16 round to nearest even (checked
 * against a reference that picks the nearer neighbour in double arithmetic), round-trip every half bit
 * pattern, integers narrow by wrapping and floats reach them through x86's truncating conversion; the
 * arithmetic kernels refuse the storage-only integers (Note [Storage dtypes]). */
#include "autograd_native.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static agn_status convert(const void *src, int32_t sdt, void *out, int32_t odt, int64_t n) {
    const int64_t shape[1] = {n}, one[1] = {1};
    agn_tensor s = {(void *)src, shape, one, 1, sdt}, o = {out, shape, one, 1, odt};
    return agn_copy(&s, &o);
}

static double half_value(uint16_t h) {
    int e = (h >> 10) & 0x1F, m = h & 0x3FF;
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, e - 25);
    return (h & 0x8000) ? -v : v;
}

static double bf16_value(uint16_t b) {
    uint32_t u = (uint32_t)b << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* The representable neighbour nearest to x (ties to the even bit pattern), by search over the
 * positive patterns below max_bits. */
static uint16_t nearest(double x, double (*value)(uint16_t), uint16_t max_bits, uint16_t inf_bits) {
    uint16_t sign = signbit(x) ? 0x8000 : 0;
    double a = fabs(x);
    uint16_t lo = 0, hi = max_bits; /* largest finite */
    if (a >= value(hi)) {
        double next = 2 * value(hi) - value((uint16_t)(hi - 1)); /* where the next step would be */
        return sign | (a >= (value(hi) + next) / 2 ? inf_bits : hi);
    }
    while (hi - lo > 1) {
        uint16_t mid = (uint16_t)((lo + hi) / 2);
        if (value(mid) <= a) lo = mid; else hi = mid;
    }
    double dl = a - value(lo), dh = value(hi) - a;
    return sign | (dl < dh ? lo : dh < dl ? hi : (lo & 1) ? hi : lo);
}

static void half_round_trip(void) {
    static uint16_t h[65536], back[65536];
    static float f[65536];
    for (int i = 0; i < 65536; i++) h[i] = (uint16_t)i;
    CHECK(convert(h, AGN_DTYPE_FLOAT16, f, AGN_DTYPE_FLOAT32, 65536) == AGN_OK);
    CHECK(convert(f, AGN_DTYPE_FLOAT32, back, AGN_DTYPE_FLOAT16, 65536) == AGN_OK);
    int bad_value = 0, bad_trip = 0;
    for (int i = 0; i < 65536; i++) {
        double v = half_value(h[i]);
        if (isnan(v)) { bad_trip += !isnan(half_value(back[i])); continue; }
        bad_value += (double)f[i] != v || !signbit(f[i]) != !signbit(v);
        bad_trip += back[i] != h[i];
    }
    CHECK(bad_value == 0);
    CHECK(bad_trip == 0);
}

/* float32 patterns spread over the whole range, each rounded to float16 and bfloat16. */
static void float_rounding(void) {
    enum { N = 1 << 16 };
    static float f[N];
    static uint16_t h[N], b[N];
    uint32_t u = 0x12345;
    for (int i = 0; i < N; i++) {
        u = u * 1664525u + 1013904223u;
        uint32_t bits = i < N / 2 ? u : (u & 0x80001FFFu) | ((uint32_t)(100 + i % 60) << 23) | (i & 1 ? 0x1000u : 0);
        memcpy(&f[i], &bits, 4); /* the second half: exponents near half's range, many exact ties */
    }
    CHECK(convert(f, AGN_DTYPE_FLOAT32, h, AGN_DTYPE_FLOAT16, N) == AGN_OK);
    CHECK(convert(f, AGN_DTYPE_FLOAT32, b, AGN_DTYPE_BFLOAT16, N) == AGN_OK);
    int bad_h = 0, bad_b = 0;
    for (int i = 0; i < N; i++) {
        if (isnan(f[i])) {
            bad_h += !isnan(half_value(h[i]));
            bad_b += b[i] != 0x7FC0;
            continue;
        }
        bad_h += h[i] != nearest(f[i], half_value, 0x7BFF, 0x7C00);
        bad_b += b[i] != nearest(f[i], bf16_value, 0x7F7F, 0x7F80);
    }
    CHECK(bad_h == 0);
    CHECK(bad_b == 0);
}

static void integer_conversions(void) {
    const float f[6] = {300.0f, -1.5f, NAN, 3e9f, -2.7f, 40000.0f};
    int8_t i8[6];
    uint8_t u8[6];
    int16_t i16[6];
    int32_t i32[6];
    CHECK(convert(f, AGN_DTYPE_FLOAT32, i8, AGN_DTYPE_INT8, 6) == AGN_OK);
    CHECK(convert(f, AGN_DTYPE_FLOAT32, u8, AGN_DTYPE_UINT8, 6) == AGN_OK);
    CHECK(convert(f, AGN_DTYPE_FLOAT32, i16, AGN_DTYPE_INT16, 6) == AGN_OK);
    CHECK(convert(f, AGN_DTYPE_FLOAT32, i32, AGN_DTYPE_INT32, 6) == AGN_OK);
    CHECK(i8[0] == 44 && i8[1] == -1 && i8[2] == 0 && i8[3] == 0 && i8[4] == -2);
    CHECK(u8[0] == 44 && u8[1] == 255 && u8[2] == 0 && u8[4] == 254);
    CHECK(i16[0] == 300 && i16[5] == -25536 && i16[2] == 0);
    CHECK(i32[2] == INT32_MIN && i32[3] == INT32_MIN && i32[4] == -2);
    const int64_t big[3] = {INT64_C(0x123456789), -1, 255};
    int32_t w32[3];
    uint8_t w8[3];
    CHECK(convert(big, AGN_DTYPE_INT64, w32, AGN_DTYPE_INT32, 3) == AGN_OK);
    CHECK(convert(big, AGN_DTYPE_INT64, w8, AGN_DTYPE_UINT8, 3) == AGN_OK);
    CHECK(w32[0] == 0x23456789 && w32[1] == -1 && w8[1] == 255 && w8[2] == 255 && w8[0] == 0x89);
    int64_t back[3];
    CHECK(convert(w8, AGN_DTYPE_UINT8, back, AGN_DTYPE_INT64, 3) == AGN_OK);
    CHECK(back[1] == 255); /* uint8 widens without sign */
}

static void storage_dtypes_refused_by_arithmetic(void) {
    uint16_t a[2] = {0x3C00, 0x4000}, out[2];
    const int64_t shape[1] = {2}, one[1] = {1};
    agn_tensor ta = {a, shape, one, 1, AGN_DTYPE_FLOAT16}, to = {out, shape, one, 1, AGN_DTYPE_FLOAT16};
    agn_tensor ti = {a, shape, one, 1, AGN_DTYPE_INT16}, toi = {out, shape, one, 1, AGN_DTYPE_INT16};
    CHECK(agn_binary(AGN_BINARY_ADD, &ti, &ti, &toi) == AGN_ERR_DTYPE); /* the small integers compute in int64 */
    CHECK(agn_binary(AGN_BINARY_ADD, &ta, &ti, &to) == AGN_ERR_DTYPE);  /* float16 computes with float32 only */
    agn_tensor bad = {a, shape, one, 1, 42};
    CHECK(agn_copy(&bad, &to) == AGN_ERR_DTYPE);
    uint8_t cond[2] = {1, 0};
    uint16_t b[2] = {7, 8};
    agn_tensor tc = {cond, shape, one, 1, AGN_DTYPE_BOOL}, tb = {b, shape, one, 1, AGN_DTYPE_FLOAT16};
    CHECK(agn_where(&tc, &ta, &tb, &to) == AGN_OK);
    CHECK(out[0] == 0x3C00 && out[1] == 8);
}

int main(void) {
    half_round_trip();
    float_rounding();
    integer_conversions();
    storage_dtypes_refused_by_arithmetic();
    return check_summary("test_copy");
}
