/* Dense decompositions on contiguous row-major float64 batches: LU with partial pivoting (and the
 * solve from its factors), Cholesky, Householder QR with LAPACK's reflector convention, cyclic Jacobi
 * for symmetric eigenproblems and one-sided (Hestenes) Jacobi for the SVD. Unblocked, one batch element
 * at a time: these serve autograd on small and medium matrices; the callers convert other dtypes. */
#include "autograd_native.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define A_(a, ld, i, j) ((a)[(i) * (ld) + (j)])

static int bad_sizes(int64_t batch, int64_t m, int64_t n) { return batch < 0 || m < 0 || n < 0; }

agn_status agn_linalg_lu(double *a, int64_t batch, int64_t n, int64_t *pivots, int64_t *info) {
    if (bad_sizes(batch, n, n)) return AGN_ERR_INVALID_ARGUMENT;
    if ((batch * n > 0 && (a == NULL || pivots == NULL)) || (batch > 0 && info == NULL)) return AGN_ERR_NULL_ARGUMENT;
    for (int64_t b = 0; b < batch; b++) {
        double *m = a + b * n * n;
        int64_t *piv = pivots + b * n;
        info[b] = 0;
        for (int64_t k = 0; k < n; k++) {
            /* the first largest magnitude wins, as LAPACK's idamax */
            int64_t p = k;
            for (int64_t i = k + 1; i < n; i++)
                if (fabs(A_(m, n, i, k)) > fabs(A_(m, n, p, k))) p = i;
            piv[k] = p + 1;
            if (p != k)
                for (int64_t j = 0; j < n; j++) {
                    double t = A_(m, n, k, j);
                    A_(m, n, k, j) = A_(m, n, p, j);
                    A_(m, n, p, j) = t;
                }
            double d = A_(m, n, k, k);
            if (d == 0.0) {
                if (info[b] == 0) info[b] = k + 1;
                continue; /* the factorization goes on, as getrf's: U has a zero on its diagonal */
            }
            for (int64_t i = k + 1; i < n; i++) {
                double l = A_(m, n, i, k) /= d;
                if (l != 0.0)
                    for (int64_t j = k + 1; j < n; j++) A_(m, n, i, j) -= l * A_(m, n, k, j);
            }
        }
    }
    return AGN_OK;
}

agn_status agn_linalg_lu_solve(const double *lu, const int64_t *pivots, double *rhs, int64_t batch, int64_t n,
                               int64_t k) {
    if (bad_sizes(batch, n, k)) return AGN_ERR_INVALID_ARGUMENT;
    if (batch * n > 0 && (lu == NULL || pivots == NULL || (k > 0 && rhs == NULL))) return AGN_ERR_NULL_ARGUMENT;
    for (int64_t b = 0; b < batch; b++) {
        const double *m = lu + b * n * n;
        const int64_t *piv = pivots + b * n;
        double *x = rhs + b * n * k;
        for (int64_t i = 0; i < n; i++) {
            int64_t p = piv[i] - 1;
            if (p < 0 || p >= n) return AGN_ERR_INDEX;
            if (p != i)
                for (int64_t j = 0; j < k; j++) {
                    double t = A_(x, k, i, j);
                    A_(x, k, i, j) = A_(x, k, p, j);
                    A_(x, k, p, j) = t;
                }
        }
        for (int64_t i = 0; i < n; i++) /* L y = P b, unit diagonal */
            for (int64_t r = 0; r < i; r++) {
                double l = A_(m, n, i, r);
                for (int64_t j = 0; j < k; j++) A_(x, k, i, j) -= l * A_(x, k, r, j);
            }
        for (int64_t i = n - 1; i >= 0; i--) { /* U x = y */
            for (int64_t r = i + 1; r < n; r++) {
                double u = A_(m, n, i, r);
                for (int64_t j = 0; j < k; j++) A_(x, k, i, j) -= u * A_(x, k, r, j);
            }
            double d = A_(m, n, i, i);
            for (int64_t j = 0; j < k; j++) A_(x, k, i, j) /= d;
        }
    }
    return AGN_OK;
}

agn_status agn_linalg_cholesky(double *a, int64_t batch, int64_t n, int64_t *info) {
    if (bad_sizes(batch, n, n)) return AGN_ERR_INVALID_ARGUMENT;
    if ((batch * n > 0 && a == NULL) || (batch > 0 && info == NULL)) return AGN_ERR_NULL_ARGUMENT;
    for (int64_t b = 0; b < batch; b++) {
        double *m = a + b * n * n;
        info[b] = 0;
        for (int64_t j = 0; j < n && info[b] == 0; j++) {
            double d = A_(m, n, j, j);
            for (int64_t r = 0; r < j; r++) d -= A_(m, n, j, r) * A_(m, n, j, r);
            if (!(d > 0.0)) { /* also NaN */
                info[b] = j + 1;
                break;
            }
            d = sqrt(d);
            A_(m, n, j, j) = d;
            for (int64_t i = j + 1; i < n; i++) {
                double s = A_(m, n, i, j);
                for (int64_t r = 0; r < j; r++) s -= A_(m, n, i, r) * A_(m, n, j, r);
                A_(m, n, i, j) = s / d;
            }
        }
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = i + 1; j < n; j++) A_(m, n, i, j) = 0.0;
    }
    return AGN_OK;
}

/* Applies H = I - tau v v^T (v[0] = 1 implied, v[1..len) given) to rows [k, k + len) of x [rows, cols],
 * columns [c0, cols). */
static void reflect(double *x, int64_t cols, int64_t k, int64_t len, const double *v, double tau, int64_t c0) {
    if (tau == 0.0) return;
    for (int64_t j = c0; j < cols; j++) {
        double s = A_(x, cols, k, j);
        for (int64_t i = 1; i < len; i++) s += v[i] * A_(x, cols, k + i, j);
        s *= tau;
        A_(x, cols, k, j) -= s;
        for (int64_t i = 1; i < len; i++) A_(x, cols, k + i, j) -= s * v[i];
    }
}

agn_status agn_linalg_qr(const double *a, double *q, double *r, int64_t batch, int64_t m, int64_t n,
                         int32_t complete) {
    if (bad_sizes(batch, m, n)) return AGN_ERR_INVALID_ARGUMENT;
    int64_t kmax = m < n ? m : n, mc = complete ? m : kmax;
    if (batch * m * n > 0 && (a == NULL || q == NULL || r == NULL)) return AGN_ERR_NULL_ARGUMENT;
    double *w = malloc((size_t)(m * n + m + kmax + 1) * sizeof(double));
    if (w == NULL) return AGN_ERR_OUT_OF_MEMORY;
    double *v = w + m * n, *taus = v + m;
    for (int64_t b = 0; b < batch; b++) {
        memcpy(w, a + b * m * n, (size_t)(m * n) * sizeof(double));
        for (int64_t k = 0; k < kmax; k++) {
            /* LAPACK's larfg: beta = -sign(alpha)·||x||, no reflection when the column below is zero */
            double alpha = A_(w, n, k, k), xnorm = 0.0;
            for (int64_t i = k + 1; i < m; i++) xnorm = hypot(xnorm, A_(w, n, i, k));
            double tau = 0.0;
            if (xnorm != 0.0) {
                double beta = -copysign(hypot(alpha, xnorm), alpha);
                tau = (beta - alpha) / beta;
                for (int64_t i = k + 1; i < m; i++) A_(w, n, i, k) /= alpha - beta;
                A_(w, n, k, k) = beta;
            }
            taus[k] = tau;
            v[0] = 1.0;
            for (int64_t i = k + 1; i < m; i++) v[i - k] = A_(w, n, i, k);
            reflect(w, n, k, m - k, v, tau, k + 1);
        }
        double *rb = r + b * mc * n, *qb = q + b * m * mc;
        for (int64_t i = 0; i < mc; i++)
            for (int64_t j = 0; j < n; j++) A_(rb, n, i, j) = j >= i && i < m ? A_(w, n, i, j) : 0.0;
        /* Q = H_0 ... H_{k-1} applied to the first mc columns of the identity, last reflector first */
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < mc; j++) A_(qb, mc, i, j) = i == j ? 1.0 : 0.0;
        for (int64_t k = kmax - 1; k >= 0; k--) {
            v[0] = 1.0;
            for (int64_t i = k + 1; i < m; i++) v[i - k] = A_(w, n, i, k);
            reflect(qb, mc, k, m - k, v, taus[k], 0);
        }
    }
    free(w);
    return AGN_OK;
}

/* Sorts values (and the matching columns of x [rows, n]) ascending or descending. */
static void sort_columns(double *values, double *x, int64_t rows, int64_t n, int descending) {
    for (int64_t i = 1; i < n; i++)
        for (int64_t j = i; j > 0; j--) {
            int swap = descending ? values[j] > values[j - 1] : values[j] < values[j - 1];
            if (!swap) break;
            double t = values[j];
            values[j] = values[j - 1];
            values[j - 1] = t;
            for (int64_t r = 0; r < rows; r++) {
                double u = A_(x, n, r, j);
                A_(x, n, r, j) = A_(x, n, r, j - 1);
                A_(x, n, r, j - 1) = u;
            }
        }
}

agn_status agn_linalg_eigh(const double *a, double *w, double *v, int64_t batch, int64_t n) {
    if (bad_sizes(batch, n, n)) return AGN_ERR_INVALID_ARGUMENT;
    if (batch * n > 0 && (a == NULL || w == NULL || v == NULL)) return AGN_ERR_NULL_ARGUMENT;
    double *s = malloc((size_t)(n * n + 1) * sizeof(double));
    if (s == NULL) return AGN_ERR_OUT_OF_MEMORY;
    for (int64_t b = 0; b < batch; b++) {
        const double *ab = a + b * n * n;
        double *vb = v + b * n * n, *wb = w + b * n;
        /* the lower triangle defines the matrix (UPLO = 'L') */
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j <= i; j++) A_(s, n, i, j) = A_(s, n, j, i) = A_(ab, n, i, j);
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j < n; j++) A_(vb, n, i, j) = i == j ? 1.0 : 0.0;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0.0, total = 0.0;
            for (int64_t i = 0; i < n; i++)
                for (int64_t j = 0; j < n; j++) {
                    double e = A_(s, n, i, j) * A_(s, n, i, j);
                    total += e;
                    if (i != j) off += e;
                }
            if (!(off > DBL_EPSILON * DBL_EPSILON * total * 1e-4) || !isfinite(total)) break;
            for (int64_t p = 0; p < n; p++)
                for (int64_t q = p + 1; q < n; q++) {
                    double apq = A_(s, n, p, q);
                    if (apq == 0.0) continue;
                    /* the rotation [c s; -s c] on (p, q) that zeroes s_pq: t = tan θ, the smaller root */
                    double theta = (A_(s, n, q, q) - A_(s, n, p, p)) / (2.0 * apq);
                    double t = copysign(1.0, theta) / (fabs(theta) + sqrt(theta * theta + 1.0));
                    if (!isfinite(theta)) t = 0.5 / theta;
                    double c = 1.0 / sqrt(t * t + 1.0), sn = t * c;
                    for (int64_t k = 0; k < n; k++) {
                        double xp = A_(s, n, k, p), xq = A_(s, n, k, q);
                        A_(s, n, k, p) = c * xp - sn * xq;
                        A_(s, n, k, q) = sn * xp + c * xq;
                    }
                    for (int64_t k = 0; k < n; k++) {
                        double xp = A_(s, n, p, k), xq = A_(s, n, q, k);
                        A_(s, n, p, k) = c * xp - sn * xq;
                        A_(s, n, q, k) = sn * xp + c * xq;
                        double vp = A_(vb, n, k, p), vq = A_(vb, n, k, q);
                        A_(vb, n, k, p) = c * vp - sn * vq;
                        A_(vb, n, k, q) = sn * vp + c * vq;
                    }
                    A_(s, n, p, q) = A_(s, n, q, p) = 0.0;
                }
        }
        for (int64_t i = 0; i < n; i++) wb[i] = A_(s, n, i, i);
        sort_columns(wb, vb, n, n, 0);
    }
    free(s);
    return AGN_OK;
}

/* Fills columns [from, cols) of x [rows, cols] (rows >= cols) with unit vectors orthogonal to every
 * column before them, drawn from the standard basis by Gram-Schmidt (twice, for stability). */
static void complete_basis(double *x, int64_t rows, int64_t cols, int64_t from) {
    int64_t next = 0;
    for (int64_t j = from; j < cols; j++) {
        for (; next < rows; next++) {
            for (int64_t i = 0; i < rows; i++) A_(x, cols, i, j) = i == next ? 1.0 : 0.0;
            for (int pass = 0; pass < 2; pass++)
                for (int64_t c = 0; c < j; c++) {
                    double d = 0.0;
                    for (int64_t i = 0; i < rows; i++) d += A_(x, cols, i, c) * A_(x, cols, i, j);
                    for (int64_t i = 0; i < rows; i++) A_(x, cols, i, j) -= d * A_(x, cols, i, c);
                }
            double norm = 0.0;
            for (int64_t i = 0; i < rows; i++) norm = hypot(norm, A_(x, cols, i, j));
            if (norm > 0.5) {
                for (int64_t i = 0; i < rows; i++) A_(x, cols, i, j) /= norm;
                next++;
                break;
            }
        }
    }
}

/* One-sided Jacobi on g [m, n] with m >= n: orthogonalizes its columns by rotations accumulated into
 * vt [n, n] (V stored by columns, row-major [n, n]); then s = column norms, g's columns normalized into
 * u [m, ucols]. Sorted descending; columns of u for zero singular values, and the extra ones when
 * ucols > n, complete an orthonormal basis. */
static void jacobi_svd(double *g, int64_t m, int64_t n, double *u, int64_t ucols, double *s, double *vv) {
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) A_(vv, n, i, j) = i == j ? 1.0 : 0.0;
    for (int sweep = 0; sweep < 100; sweep++) {
        int rotated = 0;
        for (int64_t p = 0; p < n; p++)
            for (int64_t q = p + 1; q < n; q++) {
                double alpha = 0.0, beta = 0.0, gamma = 0.0;
                for (int64_t i = 0; i < m; i++) {
                    double xp = A_(g, n, i, p), xq = A_(g, n, i, q);
                    alpha += xp * xp;
                    beta += xq * xq;
                    gamma += xp * xq;
                }
                if (gamma == 0.0 || !(fabs(gamma) > DBL_EPSILON * sqrt(alpha * beta))) continue;
                rotated = 1;
                double zeta = (beta - alpha) / (2.0 * gamma);
                double t = copysign(1.0, zeta) / (fabs(zeta) + sqrt(1.0 + zeta * zeta));
                double c = 1.0 / sqrt(1.0 + t * t), sn = c * t;
                for (int64_t i = 0; i < m; i++) {
                    double xp = A_(g, n, i, p), xq = A_(g, n, i, q);
                    A_(g, n, i, p) = c * xp - sn * xq;
                    A_(g, n, i, q) = sn * xp + c * xq;
                }
                for (int64_t i = 0; i < n; i++) {
                    double xp = A_(vv, n, i, p), xq = A_(vv, n, i, q);
                    A_(vv, n, i, p) = c * xp - sn * xq;
                    A_(vv, n, i, q) = sn * xp + c * xq;
                }
            }
        if (!rotated) break;
    }
    for (int64_t j = 0; j < n; j++) {
        double norm = 0.0;
        for (int64_t i = 0; i < m; i++) norm = hypot(norm, A_(g, n, i, j));
        s[j] = norm;
    }
    /* sort s descending, moving g's and V's columns along */
    for (int64_t i = 1; i < n; i++)
        for (int64_t j = i; j > 0 && s[j] > s[j - 1]; j--) {
            double t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
            for (int64_t r = 0; r < m; r++) {
                double x = A_(g, n, r, j);
                A_(g, n, r, j) = A_(g, n, r, j - 1);
                A_(g, n, r, j - 1) = x;
            }
            for (int64_t r = 0; r < n; r++) {
                double x = A_(vv, n, r, j);
                A_(vv, n, r, j) = A_(vv, n, r, j - 1);
                A_(vv, n, r, j - 1) = x;
            }
        }
    double tiny = (n > 0 ? s[0] : 0.0) * DBL_EPSILON * (double)(m > n ? m : n);
    int64_t rank = 0;
    while (rank < n && s[rank] > tiny && s[rank] > 0.0) rank++;
    for (int64_t j = 0; j < rank; j++)
        for (int64_t i = 0; i < m; i++) A_(u, ucols, i, j) = A_(g, n, i, j) / s[j];
    complete_basis(u, m, ucols, rank);
}

agn_status agn_linalg_svd(const double *a, double *u, double *s, double *vh, int64_t batch, int64_t m, int64_t n,
                          int32_t full) {
    if (bad_sizes(batch, m, n)) return AGN_ERR_INVALID_ARGUMENT;
    int64_t k = m < n ? m : n, big = m > n ? m : n;
    int64_t ucols = full ? m : k, vrows = full ? n : k;
    if (batch > 0 && (a == NULL || u == NULL || s == NULL || vh == NULL)) return AGN_ERR_NULL_ARGUMENT;
    /* g: the matrix with more rows than columns (A or A^T); left: its left vectors [big, big or k]; vv: k x k */
    double *g = malloc((size_t)(big * k + big * big + k * k + 1) * sizeof(double));
    if (g == NULL) return AGN_ERR_OUT_OF_MEMORY;
    double *left = g + big * k, *vv = left + big * big;
    int64_t lcols = m >= n ? ucols : vrows;
    for (int64_t b = 0; b < batch; b++) {
        const double *ab = a + b * m * n;
        double *ub = u + b * m * ucols, *sb = s + b * k, *vb = vh + b * vrows * n;
        if (m >= n) memcpy(g, ab, (size_t)(m * n) * sizeof(double));
        else
            for (int64_t i = 0; i < m; i++)
                for (int64_t j = 0; j < n; j++) A_(g, m, j, i) = A_(ab, n, i, j);
        jacobi_svd(g, big, k, left, lcols, sb, vv);
        if (m >= n) { /* A = left S vv^T */
            memcpy(ub, left, (size_t)(m * ucols) * sizeof(double));
            for (int64_t i = 0; i < vrows; i++)
                for (int64_t j = 0; j < n; j++) A_(vb, n, i, j) = A_(vv, k, j, i);
        } else { /* A^T = left S vv^T, so A = vv S left^T */
            for (int64_t i = 0; i < m; i++)
                for (int64_t j = 0; j < ucols; j++) A_(ub, ucols, i, j) = A_(vv, k, i, j);
            for (int64_t i = 0; i < vrows; i++)
                for (int64_t j = 0; j < n; j++) A_(vb, n, i, j) = A_(left, lcols, j, i);
        }
    }
    free(g);
    return AGN_OK;
}
