/* agn_linalg_*: each factorization reconstructs its input, its factors have their structure
 * (orthonormal, triangular, sorted), for square, tall, wide, batched, empty and rank-deficient
 * inputs; singular and non-positive-definite inputs report their info; bad sizes give statuses. */
#include "autograd_native.h"
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double rnd(void) { return (double)rand() / RAND_MAX * 4.0 - 2.0; }

/* c [m, n] = a [m, k] · b [k, n] (b transposed when tb: b is [n, k]). */
static void mul(const double *a, const double *b, double *c, int64_t m, int64_t k, int64_t n, int tb) {
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0;
            for (int64_t r = 0; r < k; r++) s += a[i * k + r] * (tb ? b[j * k + r] : b[r * n + j]);
            c[i * n + j] = s;
        }
}

static int all_close(const double *a, const double *b, int64_t len, double tol) {
    for (int64_t i = 0; i < len; i++)
        if (!close_to(a[i], b[i], tol, tol)) return 0;
    return 1;
}

/* x [rows, cols] has orthonormal columns. */
static int orthonormal_columns(const double *x, int64_t rows, int64_t cols) {
    for (int64_t p = 0; p < cols; p++)
        for (int64_t q = 0; q < cols; q++) {
            double d = 0;
            for (int64_t i = 0; i < rows; i++) d += x[i * cols + p] * x[i * cols + q];
            if (!close_to(d, p == q ? 1.0 : 0.0, 1e-12, 1e-12)) return 0;
        }
    return 1;
}

static void test_lu(int64_t n) {
    double *a = malloc(sizeof(double) * (size_t)(n * n + 1)), *lu = malloc(sizeof(double) * (size_t)(n * n + 1));
    double *x = malloc(sizeof(double) * (size_t)(n * 2 + 1)), *b = malloc(sizeof(double) * (size_t)(n * 2 + 1));
    int64_t *piv = malloc(sizeof(int64_t) * (size_t)(n + 1)), info = -1;
    for (int64_t i = 0; i < n * n; i++) a[i] = rnd();
    for (int64_t i = 0; i < n * 2; i++) b[i] = rnd();
    memcpy(lu, a, sizeof(double) * (size_t)(n * n));
    CHECK(agn_linalg_lu(lu, 1, n, piv, &info) == AGN_OK);
    CHECK(info == 0);
    memcpy(x, b, sizeof(double) * (size_t)(n * 2));
    CHECK(agn_linalg_lu_solve(lu, piv, x, 1, n, 2) == AGN_OK);
    double *ax = malloc(sizeof(double) * (size_t)(n * 2 + 1));
    mul(a, x, ax, n, n, 2, 0);
    CHECK(all_close(ax, b, n * 2, 1e-9));
    free(a); free(lu); free(x); free(b); free(piv); free(ax);
}

static void test_lu_singular(void) {
    /* the second column is twice the first: the elimination meets a zero pivot at step 2 */
    double a[9] = {1, 2, 3, 2, 4, 5, 3, 6, 7};
    int64_t piv[3], info = 0;
    CHECK(agn_linalg_lu(a, 1, 3, piv, &info) == AGN_OK);
    CHECK(info == 2);
}

static void test_cholesky(int64_t n, int64_t batch) {
    int64_t len = batch * n * n;
    double *g = malloc(sizeof(double) * (size_t)(len + 1)), *a = malloc(sizeof(double) * (size_t)(len + 1));
    double *l = malloc(sizeof(double) * (size_t)(len + 1)), *llt = malloc(sizeof(double) * (size_t)(n * n + 1));
    int64_t info[4] = {-1, -1, -1, -1};
    for (int64_t i = 0; i < len; i++) g[i] = rnd();
    for (int64_t b = 0; b < batch; b++) { /* a = g g^T + n I */
        mul(g + b * n * n, g + b * n * n, a + b * n * n, n, n, n, 1);
        for (int64_t i = 0; i < n; i++) a[b * n * n + i * n + i] += (double)n;
    }
    memcpy(l, a, sizeof(double) * (size_t)len);
    CHECK(agn_linalg_cholesky(l, batch, n, info) == AGN_OK);
    for (int64_t b = 0; b < batch; b++) {
        CHECK(info[b] == 0);
        mul(l + b * n * n, l + b * n * n, llt, n, n, n, 1);
        CHECK(all_close(llt, a + b * n * n, n * n, 1e-12));
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = i + 1; j < n; j++) CHECK(l[b * n * n + i * n + j] == 0.0);
    }
    double npd[4] = {1, 2, 2, 1};
    CHECK(agn_linalg_cholesky(npd, 1, 2, info) == AGN_OK);
    CHECK(info[0] == 2);
    free(g); free(a); free(l); free(llt);
}

static void test_qr(int64_t m, int64_t n, int complete) {
    int64_t k = m < n ? m : n, mc = complete ? m : k;
    double *a = malloc(sizeof(double) * (size_t)(m * n + 1)), *q = malloc(sizeof(double) * (size_t)(m * mc + 1));
    double *r = malloc(sizeof(double) * (size_t)(mc * n + 1)), *qr = malloc(sizeof(double) * (size_t)(m * n + 1));
    for (int64_t i = 0; i < m * n; i++) a[i] = rnd();
    CHECK(agn_linalg_qr(a, q, r, 1, m, n, complete) == AGN_OK);
    mul(q, r, qr, m, mc, n, 0);
    CHECK(all_close(qr, a, m * n, 1e-12));
    CHECK(orthonormal_columns(q, m, mc));
    for (int64_t i = 0; i < mc; i++)
        for (int64_t j = 0; j < i && j < n; j++) CHECK(r[i * n + j] == 0.0);
    /* LAPACK's convention: the first diagonal element of R has the opposite sign of a[0][0] */
    if (m > 1 && n > 0) CHECK((r[0] < 0) == (a[0] > 0));
    free(a); free(q); free(r); free(qr);
}

static void test_eigh(int64_t n) {
    double *a = malloc(sizeof(double) * (size_t)(n * n + 1)), *v = malloc(sizeof(double) * (size_t)(n * n + 1));
    double *w = malloc(sizeof(double) * (size_t)(n + 1)), *vw = malloc(sizeof(double) * (size_t)(n * n + 1));
    double *rec = malloc(sizeof(double) * (size_t)(n * n + 1));
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rnd();
    for (int64_t i = 0; i < n; i++) /* the upper triangle is never read */
        for (int64_t j = i + 1; j < n; j++) a[i * n + j] = 1e300;
    CHECK(agn_linalg_eigh(a, w, v, 1, n) == AGN_OK);
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i];
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) vw[i * n + j] = v[i * n + j] * w[j];
    mul(vw, v, rec, n, n, n, 1);
    CHECK(all_close(rec, a, n * n, 1e-12));
    CHECK(orthonormal_columns(v, n, n));
    for (int64_t i = 1; i < n; i++) CHECK(w[i] >= w[i - 1]);
    free(a); free(v); free(w); free(vw); free(rec);
}

static void test_svd(int64_t m, int64_t n, int full, int rank_one) {
    int64_t k = m < n ? m : n, uc = full ? m : k, vr = full ? n : k;
    double *a = malloc(sizeof(double) * (size_t)(m * n + 1)), *u = malloc(sizeof(double) * (size_t)(m * uc + 1));
    double *s = malloc(sizeof(double) * (size_t)(k + 1)), *vh = malloc(sizeof(double) * (size_t)(vr * n + 1));
    double *us = malloc(sizeof(double) * (size_t)(m * k + 1)), *rec = malloc(sizeof(double) * (size_t)(m * n + 1));
    double x[16], y[16];
    for (int64_t i = 0; i < 16; i++) { x[i] = rnd(); y[i] = rnd(); }
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) a[i * n + j] = rank_one ? x[i] * y[j] : rnd();
    CHECK(agn_linalg_svd(a, u, s, vh, 1, m, n, full) == AGN_OK);
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < k; j++) us[i * k + j] = u[i * uc + j] * s[j];
    mul(us, vh, rec, m, k, n, 0); /* the first k rows of vh */
    CHECK(all_close(rec, a, m * n, 1e-12));
    CHECK(orthonormal_columns(u, m, uc));
    /* rows of vh orthonormal: columns of its transpose */
    double *v = malloc(sizeof(double) * (size_t)(n * vr + 1));
    for (int64_t i = 0; i < vr; i++)
        for (int64_t j = 0; j < n; j++) v[j * vr + i] = vh[i * n + j];
    CHECK(orthonormal_columns(v, n, vr));
    for (int64_t i = 1; i < k; i++) CHECK(s[i] <= s[i - 1]);
    for (int64_t i = 0; i < k; i++) CHECK(s[i] >= 0.0);
    free(a); free(u); free(s); free(vh); free(us); free(rec); free(v);
}

int main(void) {
    srand(7);
    for (int64_t n = 0; n <= 9; n++) test_lu(n);
    test_lu_singular();
    for (int64_t n = 0; n <= 8; n++) test_cholesky(n, 3);
    int64_t shapes[][2] = {{1, 1}, {3, 3}, {5, 3}, {3, 5}, {7, 7}, {1, 4}, {4, 1}, {0, 3}, {3, 0}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        for (int c = 0; c < 2; c++) {
            test_qr(shapes[i][0], shapes[i][1], c);
            test_svd(shapes[i][0], shapes[i][1], c, 0);
            test_svd(shapes[i][0], shapes[i][1], c, 1);
        }
    for (int64_t n = 0; n <= 9; n++) test_eigh(n);
    int64_t info, piv;
    double one = 1;
    CHECK(agn_linalg_lu(&one, 1, -1, &piv, &info) == AGN_ERR_INVALID_ARGUMENT);
    CHECK(agn_linalg_cholesky(NULL, 1, 2, &info) == AGN_ERR_NULL_ARGUMENT);
    CHECK(agn_linalg_svd(&one, &one, &one, &one, -1, 1, 1, 0) == AGN_ERR_INVALID_ARGUMENT);
    return check_summary("test_linalg");
}
