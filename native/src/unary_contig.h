/* The contiguous-run driver behind agn_unary_contig_avx2/_avx512 (unary_simd.h): included once by
 * each ISA's translation unit after its vector vocabulary and unary_vmath_*.h, with
 * AGN_UNARY_CONTIG_NAME naming the entry point.
 *
 * The cheap ops (neg, abs, relu, clamp, affine) are already SSE-vectorised in unary.c by the
 * compiler and are memory-bound at large n; they are here so cache-resident runs use the full
 * vector width. sqrt is here because the scalar loop cannot vectorise (sqrtf keeps errno
 * semantics). Every cheap op is bit-identical to the scalar path: affine is a multiply then an add
 * (no FMA) exactly like unary.c's x * a + b; relu keeps NaN and -0 (only x < 0 becomes 0) like the scalar
 * expression. FILL stays scalar: it is a plain store loop either way. */
/* Full vectors, then the tail through masked loads and stores (vf_load_n / vf_store_n: lanes past
 * n read as zero, compute harmless values and are never stored). Pointers may be unaligned; out == x
 * works because each vector is loaded before its store. The tail once went through a zero-padded
 * stack buffer with memcpy, which was a third of a 4-element call (perf). */
#define CONTIG_RUN(T, V, W, LOAD, STORE, LOAD_N, STORE_N, EXPR)                                    \
    do {                                                                                           \
        const T *x_ = (const T *)x;                                                                \
        T *o_ = (T *)out;                                                                          \
        int64_t i_ = 0;                                                                            \
        for (; i_ + (W) <= n; i_ += (W)) {                                                         \
            const V v = LOAD(x_ + i_);                                                             \
            STORE(o_ + i_, (EXPR));                                                                \
        }                                                                                          \
        if (i_ < n) {                                                                              \
            const V v = LOAD_N(x_ + i_, n - i_);                                                   \
            STORE_N(o_ + i_, (EXPR), n - i_);                                                      \
        }                                                                                          \
    } while (0)

#define RUN_F32(EXPR) CONTIG_RUN(agn_f32, vf, VF_W, vf_load, vf_store, vf_load_n, vf_store_n, EXPR)
#define RUN_F64(EXPR) CONTIG_RUN(agn_f64, vd, VD_W, vd_load, vd_store, vd_load_n, vd_store_n, EXPR)

static int contig_f32(int32_t op, void *out, const void *x, int64_t n, double p0, double p1) {
    const vf zero = vf_set(0.0f);
    switch (op) {
    case AGN_UNARY_EXP: RUN_F32(vf_exp(v)); return 1;
    case AGN_UNARY_LOG: RUN_F32(vf_log(v)); return 1;
    case AGN_UNARY_TANH: RUN_F32(vf_tanh(v)); return 1;
    case AGN_UNARY_SIGMOID: RUN_F32(vf_sigmoid(v)); return 1;
    case AGN_UNARY_SQRT: RUN_F32(vf_sqrt(v)); return 1;
    case AGN_UNARY_NEG: RUN_F32(vf_neg(v)); return 1;
    case AGN_UNARY_ABS: RUN_F32(vf_abs(v)); return 1;
    case AGN_UNARY_RELU: RUN_F32(vf_sel(vf_lt(v, zero), zero, v)); return 1;
    case AGN_UNARY_CLAMP: { /* scalar: (x < lo ? lo : x) > hi ? hi : ...; max/min keep NaN x */
        const vf lo = vf_set((float)p0), hi = vf_set((float)p1);
        RUN_F32(vf_min(hi, vf_max(lo, v)));
        return 1;
    }
    case AGN_UNARY_AFFINE: {
        const vf a = vf_set((float)p0), b = vf_set((float)p1);
        RUN_F32(vf_add(vf_mul(v, a), b));
        return 1;
    }
    }
    return 0;
}

static int contig_f64(int32_t op, void *out, const void *x, int64_t n, double p0, double p1) {
    const vd zero = vd_set(0.0);
    switch (op) {
    case AGN_UNARY_EXP: RUN_F64(vd_exp(v)); return 1;
    case AGN_UNARY_LOG: RUN_F64(vd_log(v)); return 1;
    case AGN_UNARY_TANH: RUN_F64(vd_tanh(v)); return 1;
    case AGN_UNARY_SIGMOID: RUN_F64(vd_sigmoid(v)); return 1;
    case AGN_UNARY_SQRT: RUN_F64(vd_sqrt(v)); return 1;
    case AGN_UNARY_NEG: RUN_F64(vd_neg(v)); return 1;
    case AGN_UNARY_ABS: RUN_F64(vd_abs(v)); return 1;
    case AGN_UNARY_RELU: RUN_F64(vd_sel(vd_lt(v, zero), zero, v)); return 1;
    case AGN_UNARY_CLAMP: {
        const vd lo = vd_set(p0), hi = vd_set(p1);
        RUN_F64(vd_min(hi, vd_max(lo, v)));
        return 1;
    }
    case AGN_UNARY_AFFINE: {
        const vd a = vd_set(p0), b = vd_set(p1);
        RUN_F64(vd_add(vd_mul(v, a), b));
        return 1;
    }
    }
    return 0;
}

int AGN_UNARY_CONTIG_NAME(int32_t op, int32_t dtype, void *out, const void *x, int64_t n, double p0,
                          double p1) {
    if (dtype == AGN_DTYPE_FLOAT32) return contig_f32(op, out, x, n, p0, p1);
    if (dtype == AGN_DTYPE_FLOAT64) return contig_f64(op, out, x, n, p0, p1);
    return 0;
}
