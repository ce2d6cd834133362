namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>y[..., o] = Σ_ij input1[..., i] · weight[o, i, j] · input2[..., j] + bias[o]: input1 [*, in1],
                /// input2 [*, in2] with the same leading dims, weight [out, in1, in2], bias [out] (optional); the result
                /// is [*, out]. Differentiable to any order.</summary>
                /// <exception cref="ArgumentException">Ranks, batch dims or feature sizes that don't fit (PyTorch's messages).</exception>
                public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias = null) =>
                    Ops.BilinearOps.Bilinear(input1, input2, weight, bias);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>F.bilinear as two matrix products: t = input1 @ weight viewed [in1, out·in2], then each row of t
    /// (as [out, in2]) times input2; its derivatives are those of matmul, mul and sum.</summary>
    internal static class BilinearOps
    {
        internal static Tensor Bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias)
        {
            ArgumentNullException.ThrowIfNull(input1);
            ArgumentNullException.ThrowIfNull(input2);
            ArgumentNullException.ThrowIfNull(weight);
            int r1 = input1._shape.Length, r2 = input2._shape.Length, rw = weight._shape.Length;
            if (input1._dtype != input2._dtype || input1._dtype != weight._dtype)
                throw new ArgumentException(
                    $"All tensors must have the same dtype, got input1: {CName(input1._dtype)}, input2: {CName(input2._dtype)}, " +
                    $"weight: {CName(weight._dtype)}");
            if (r1 != r2) throw new ArgumentException($"bilinear(): input dimensions do not match: got {r1} and {r2}");
            if (r1 == 0) throw new ArgumentException("bilinear(): input dimensions do not match: got 0 and 0");
            for (int i = 0; i < r1 - 1; i++)
                if (input1._shape[i] != input2._shape[i])
                    throw new ArgumentException(
                        $"bilinear(): input batch dimensions do not match at dim {i}: got {input1._shape[i]} and {input2._shape[i]}");
            long in1 = input1._shape[r1 - 1], in2 = input2._shape[r2 - 1];
            if (rw < 2) throw new IndexOutOfRangeException(
                $"Dimension out of range (expected to be in range of [{-Math.Max(rw, 1)}, {Math.Max(rw, 1) - 1}], but got 1)");
            if (in1 != weight._shape[1])
                throw new ArgumentException(
                    $"bilinear(): input1 size does not match weight size: got {in1} but expected {weight._shape[1]}");
            if (rw < 3) throw new IndexOutOfRangeException("Dimension out of range (expected to be in range of [-2, 1], but got 2)");
            if (in2 != weight._shape[2])
                throw new ArgumentException(
                    $"bilinear(): input2 size does not match weight size: got {in2} but expected {weight._shape[2]}");
            if (rw > 3) throw new ArgumentException(
                $"bilinear(): weight must be 3-D [out, in1, in2], but got {Shape.Format(weight._shape)}");
            long outF = weight._shape[0];
            if (bias is not null && (bias._shape.Length == 0 || bias._shape[0] != outF))
                throw new ArgumentException(
                    $"bilinear(): bias size does not match weight size: got {(bias._shape.Length == 0 ? 1 : bias._shape[0])} but " +
                    $"expected {outF}");

            long[] lead = input1._shape[..^1];
            Tensor a = input1.reshape(-1, in1), b = input2.reshape(-1, in2);
            long n = a._shape[0];
            // t[n, o, j] = Σ_i a[n, i] w[o, i, j]
            Tensor t = a.matmul(weight.permute(1, 0, 2).reshape(in1, outF * in2)).reshape(n, outF, in2);
            Tensor y = t.matmul(b.reshape(n, in2, 1)).reshape(n, outF);
            if (bias is not null) y = y.add(bias);
            return y.reshape([.. lead, outF]);
        }

        /// <summary>The C++ type name LibTorch prints for a dtype.</summary>
        private static string CName(ScalarType t) => t switch
        {
            ScalarType.Float32 => "float",
            ScalarType.Float64 => "double",
            ScalarType.Int64 => "long int",
            ScalarType.Bool => "bool",
            _ => DType.Name(t),
        };
    }
}
