namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class init
        {
            /// <summary>
            /// Fills with a (semi-)orthogonal matrix as PyTorch does: standard normals of shape
            /// [rows, numel / rows] in the tensor's dtype (so the draws are PyTorch's bit for bit), the Q of
            /// their QR factorisation (of the transpose when rows &lt; columns) with columns flipped so R's
            /// diagonal is positive, times <paramref name="gain"/>. The QR is a Householder factorisation in
            /// float64; positive-diagonal QR is unique, so Q agrees with LAPACK's to rounding, not to the bit.
            /// </summary>
            /// <exception cref="ArgumentException">Fewer than 2 dimensions (PyTorch's message).</exception>
            public static Tensor orthogonal_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                if (tensor.dim() < 2) throw new ArgumentException("Only tensors with 2 or more dimensions are supported");
                if (tensor._numel == 0) return tensor;
                using var _ = no_grad();
                long rows = tensor._shape[0], cols = tensor._numel / rows;
                Tensor flat = torch.empty(new[] { rows, cols }, tensor.dtype).normal_(0, 1, generator);
                bool wide = rows < cols;
                double[] a = (wide ? flat.t() : flat).to(ScalarType.Float64).contiguous().ToArray<double>();
                int m = (int)Math.Max(rows, cols), n = (int)Math.Min(rows, cols);
                double[] q = PositiveDiagonalQ(a, m, n);
                Tensor qt = torch.tensor(q).reshape(m, n);
                if (wide) qt = qt.t();
                tensor.copy_(qt.reshape(tensor._shape));
                return tensor.mul_(gain);
            }

            /// <summary>
            /// Fills with a normal N(<paramref name="mean"/>, <paramref name="std"/>²) truncated to [<paramref name="a"/>,
            /// <paramref name="b"/>] by PyTorch's inverse-CDF method: uniforms in [2Φ(α) - 1, 2Φ(β) - 1] (libm's erf,
            /// PyTorch's draws), then erfinv, · std√2, + mean, clamped to [a, b]. This library's erfinv is not
            /// LibTorch's approximation, so values agree with PyTorch's to rounding, not to the bit.
            /// </summary>
            public static Tensor trunc_normal_(Tensor tensor, double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0,
                                               Generator? generator = null)
            {
                static double NormCdf(double x) => (1.0 + torch.tensor(x / Math.Sqrt(2.0), ScalarType.Float64).erf().item<double>()) / 2.0;
                double l = NormCdf((a - mean) / std), u = NormCdf((b - mean) / std);
                using var _ = no_grad();
                tensor.uniform_(2 * l - 1, 2 * u - 1, generator);
                tensor.erfinv_();
                tensor.mul_(std * Math.Sqrt(2.0));
                tensor.add_(mean);
                return tensor.clamp_(a, b);
            }

            /// <summary>The m×n Q (row-major) of A = QR for a row-major m×n <paramref name="a"/> (m ≥ n), with
            /// R's diagonal made non-negative, by Householder reflections.</summary>
            internal static double[] PositiveDiagonalQ(double[] a, int m, int n)
            {
                var vs = new double[n][];
                var rDiag = new double[n];
                for (int k = 0; k < n; k++)
                {
                    // reflect column k below the diagonal onto e_k: v = x - alpha e_k, alpha = -sign(x0)|x|
                    var v = new double[m - k];
                    double norm = 0;
                    for (int i = k; i < m; i++) { v[i - k] = a[i * n + k]; norm += v[i - k] * v[i - k]; }
                    norm = Math.Sqrt(norm);
                    double alpha = v[0] >= 0 ? -norm : norm;
                    v[0] -= alpha;
                    double vnorm = 0;
                    foreach (double x in v) vnorm += x * x;
                    vnorm = Math.Sqrt(vnorm);
                    if (vnorm > 0) for (int i = 0; i < v.Length; i++) v[i] /= vnorm;
                    vs[k] = v;
                    // A[k:, k:] -= 2 v (v^T A[k:, k:])
                    for (int j = k; j < n; j++)
                    {
                        double dot = 0;
                        for (int i = k; i < m; i++) dot += v[i - k] * a[i * n + j];
                        for (int i = k; i < m; i++) a[i * n + j] -= 2 * v[i - k] * dot;
                    }
                    rDiag[k] = a[k * n + k];
                }
                // Q = H_0 ... H_{n-1} applied to the first n columns of the identity
                var q = new double[m * n];
                for (int j = 0; j < n; j++) q[j * n + j] = 1;
                for (int k = n - 1; k >= 0; k--)
                {
                    double[] v = vs[k];
                    for (int j = 0; j < n; j++)
                    {
                        double dot = 0;
                        for (int i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
                        for (int i = k; i < m; i++) q[i * n + j] -= 2 * v[i - k] * dot;
                    }
                }
                // q *= sign(diag(r)): column j flips with R's diagonal (sign(0) = 0, as torch.sign)
                for (int j = 0; j < n; j++)
                {
                    double s = Math.Sign(rDiag[j]);
                    for (int i = 0; i < m; i++) q[i * n + j] *= s;
                }
                return q;
            }
        }
    }
}
