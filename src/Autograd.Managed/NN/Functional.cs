namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>max(x, 0); in place on x when <paramref name="inplace"/>.</summary>
            public static Tensor relu(Tensor x, bool inplace = false) => inplace ? x.relu_() : x.relu();

            /// <summary>Logistic sigmoid of x.</summary>
            public static Tensor sigmoid(Tensor x) => x.sigmoid();

            /// <summary>Logistic sigmoid of x; in place on x when <paramref name="inplace"/>.</summary>
            public static Tensor sigmoid(Tensor x, bool inplace) => inplace ? x.sigmoid_() : x.sigmoid();

            /// <summary>Hyperbolic tangent of x; in place on x when <paramref name="inplace"/>.</summary>
            public static Tensor tanh(Tensor x, bool inplace = false) => inplace ? x.tanh_() : x.tanh();

            /// <summary>input @ weights.T + bias: input [*, in_features], weights [out_features, in_features],
            /// bias [out_features] (optional); the result is [*, out_features].</summary>
            /// <exception cref="ArgumentException">The feature sizes don't fit (matmul's message).</exception>
            public static Tensor linear(Tensor input, Tensor weights, Tensor? bias = null)
            {
                // weights.t() of a 1-d weight is itself (PyTorch: linear with a 1-d weight is a dot product)
                Tensor wt = weights._shape.Length == 2 ? weights.t() : weights;
                // a matrix input with a bias is PyTorch's addmm(bias, input, weight.t())
                if (bias is not null && input._shape.Length == 2 && Ops.Linalg.Addmm(bias, input, wt) is Tensor fused) return fused;
                Tensor y = input.matmul(wt);
                return bias is null ? y : y.add(bias);
            }
        }
    }
}
