namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// PyTorch's <c>torch.nn.init</c>: in-place initialisers that run without recording history and
        /// return the tensor. Random ones draw exactly as PyTorch's do (one <c>uniform_</c> or <c>normal_</c>
        /// call on the tensor with the computed bound or std), so a seed gives PyTorch's weights bit for bit.
        /// The enum overloads are TorchSharp's; the string overloads take PyTorch's names.
        /// </summary>
        public static partial class init
        {
            /// <summary>The nonlinearities <see cref="calculate_gain(NonlinearityType, double)"/> knows (TorchSharp's numbering).</summary>
            public enum NonlinearityType
            {
                /// <summary>Identity: gain 1.</summary>
                Linear = 0,
                /// <summary>Gain 1.</summary>
                Conv1D = 1,
                /// <summary>Gain 1.</summary>
                Conv2D = 2,
                /// <summary>Gain 1.</summary>
                Conv3D = 3,
                /// <summary>Gain 1.</summary>
                ConvTranspose1D = 4,
                /// <summary>Gain 1.</summary>
                ConvTranspose2D = 5,
                /// <summary>Gain 1.</summary>
                ConvTranspose3D = 6,
                /// <summary>Gain 1.</summary>
                Sigmoid = 7,
                /// <summary>Gain 5/3.</summary>
                Tanh = 8,
                /// <summary>Gain √2.</summary>
                ReLU = 9,
                /// <summary>Gain √(2 / (1 + negative_slope²)).</summary>
                LeakyReLU = 10,
            }

            /// <summary>Which fan Kaiming initialisation preserves (TorchSharp's numbering).</summary>
            public enum FanInOut
            {
                /// <summary>The variance of the forward pass.</summary>
                FanIn = 0,
                /// <summary>The variance of the backward pass.</summary>
                FanOut = 1,
            }

            /// <summary>The recommended gain for a nonlinearity; <paramref name="param"/> is LeakyReLU's negative
            /// slope (0 by default, as in TorchSharp / LibTorch's C++ API).</summary>
            public static double calculate_gain(NonlinearityType nonlinearity, double param = 0.0) => nonlinearity switch
            {
                NonlinearityType.Tanh => 5.0 / 3,
                NonlinearityType.ReLU => Math.Sqrt(2.0),
                NonlinearityType.LeakyReLU => Math.Sqrt(2.0 / (1 + param * param)),
                _ => 1,
            };

            /// <summary>PyTorch's <c>calculate_gain(nonlinearity, param=None)</c>: linear, conv*, sigmoid 1; tanh 5/3;
            /// relu √2; leaky_relu √(2 / (1 + slope²)) with slope 0.01 when <paramref name="param"/> is null; selu 3/4.</summary>
            /// <exception cref="ArgumentException">An unknown name (PyTorch's message).</exception>
            public static double calculate_gain(string nonlinearity, double? param = null) => nonlinearity switch
            {
                "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d"
                    or "sigmoid" => 1,
                "tanh" => 5.0 / 3,
                "relu" => Math.Sqrt(2.0),
                "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
                "selu" => 3.0 / 4,
                _ => throw new ArgumentException($"Unsupported nonlinearity {nonlinearity}"),
            };

            /// <summary>Fills with uniform samples from [<paramref name="low"/>, <paramref name="high"/>).</summary>
            public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
            {
                using var _ = no_grad();
                return tensor.uniform_(low, high, generator);
            }

            /// <summary>Fills with normal samples N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
            {
                using var _ = no_grad();
                return tensor.normal_(mean, std, generator);
            }

            /// <summary>Fills with <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor tensor, Scalar val)
            {
                using var _ = no_grad();
                return tensor.fill_(val);
            }

            /// <summary>Fills with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>Fills with zeros.</summary>
            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);

            /// <summary>Fills a 2-d tensor with the identity (ones on the main diagonal of a possibly non-square matrix).</summary>
            /// <exception cref="ArgumentException">Not 2-d (PyTorch's message).</exception>
            public static Tensor eye_(Tensor tensor)
            {
                if (tensor.dim() != 2) throw new ArgumentException("Only tensors with 2 dimensions are supported");
                using var _ = no_grad();
                tensor.zero_();
                long n = Math.Min(tensor._shape[0], tensor._shape[1]);
                if (n > 0) new Tensor(tensor._storage, [n], [tensor._strides[0] + tensor._strides[1]], tensor._offset,
                                      tensor._dtype).fill_(1);
                return tensor;
            }

            /// <summary>Fills a 3-, 4- or 5-d convolution weight with the Dirac delta: within each of
            /// <paramref name="groups"/>, output channel d passes input channel d through at the kernel's centre.</summary>
            /// <exception cref="ArgumentException">Another rank, or dim 0 not divisible by groups (PyTorch's messages).</exception>
            public static Tensor dirac_(Tensor tensor, long groups = 1)
            {
                int dims = (int)tensor.dim();
                if (dims is < 3 or > 5) throw new ArgumentException("Only tensors with 3, 4, or 5 dimensions are supported");
                long[] size = tensor._shape;
                if (size[0] % groups != 0) throw new ArgumentException("dim 0 must be divisible by groups");
                long perGroup = size[0] / groups, minDim = Math.Min(perGroup, size[1]);
                using var _ = no_grad();
                tensor.zero_();
                for (long g = 0; g < groups; g++)
                    for (long d = 0; d < minDim; d++)
                    {
                        long offset = tensor._offset + (g * perGroup + d) * tensor._strides[0] + d * tensor._strides[1];
                        for (int k = 2; k < dims; k++) offset += size[k] / 2 * tensor._strides[k];
                        new Tensor(tensor._storage, [], [], offset, tensor._dtype).fill_(1);
                    }
                return tensor;
            }

            /// <summary>Xavier/Glorot uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)).</summary>
            /// <exception cref="ArgumentException">Fewer than 2 dimensions (PyTorch's message).</exception>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                (long fanIn, long fanOut) = CalculateFanInAndFanOut(tensor);
                double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                double a = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -a, a, generator);
            }

            /// <summary>Xavier/Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
            /// <exception cref="ArgumentException">Fewer than 2 dimensions (PyTorch's message).</exception>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                (long fanIn, long fanOut) = CalculateFanInAndFanOut(tensor);
                double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                return normal_(tensor, 0, std, generator);
            }

            /// <summary>TorchSharp's name for <see cref="xavier_uniform_"/>.</summary>
            public static Tensor glorot_uniform_(Tensor tensor, double gain = 1.0) => xavier_uniform_(tensor, gain);

            /// <summary>TorchSharp's name for <see cref="xavier_normal_"/>.</summary>
            public static Tensor glorot_normal_(Tensor tensor, double gain = 1.0) => xavier_normal_(tensor, gain);

            /// <summary>Kaiming/He uniform: U(-bound, bound), bound = √3 · gain / √fan, gain from
            /// <paramref name="nonlinearity"/> with slope <paramref name="a"/>. A tensor with no elements is
            /// left as it is and nothing is drawn (PyTorch warns and returns).</summary>
            /// <exception cref="ArgumentException">Fewer than 2 dimensions (PyTorch's message).</exception>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
                                                  NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null)
            {
                if (tensor._numel == 0) return tensor;
                double std = calculate_gain(nonlinearity, a) / Math.Sqrt(CorrectFan(tensor, mode));
                double bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound, generator);
            }

            /// <summary>Kaiming/He normal: N(0, std²), std = gain / √fan (see
            /// <see cref="kaiming_uniform_(Tensor, double, FanInOut, NonlinearityType, Generator?)"/>).</summary>
            /// <exception cref="ArgumentException">Fewer than 2 dimensions (PyTorch's message).</exception>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
                                                 NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null)
            {
                if (tensor._numel == 0) return tensor;
                double std = calculate_gain(nonlinearity, a) / Math.Sqrt(CorrectFan(tensor, mode));
                return normal_(tensor, 0, std, generator);
            }

            /// <summary>Kaiming uniform with PyTorch's string arguments (<c>mode</c> "fan_in" / "fan_out",
            /// any <see cref="calculate_gain(string, double?)"/> name).</summary>
            /// <exception cref="ArgumentException">An unknown mode or nonlinearity (PyTorch's messages).</exception>
            public static Tensor kaiming_uniform_(Tensor tensor, double a, string mode, string nonlinearity = "leaky_relu",
                                                  Generator? generator = null)
            {
                if (tensor._numel == 0) return tensor;
                double std = calculate_gain(nonlinearity, a) / Math.Sqrt(CorrectFan(tensor, ParseMode(mode)));
                double bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound, generator);
            }

            /// <summary>Kaiming normal with PyTorch's string arguments.</summary>
            /// <exception cref="ArgumentException">An unknown mode or nonlinearity (PyTorch's messages).</exception>
            public static Tensor kaiming_normal_(Tensor tensor, double a, string mode, string nonlinearity = "leaky_relu",
                                                 Generator? generator = null)
            {
                if (tensor._numel == 0) return tensor;
                double std = calculate_gain(nonlinearity, a) / Math.Sqrt(CorrectFan(tensor, ParseMode(mode)));
                return normal_(tensor, 0, std, generator);
            }

            /// <summary>PyTorch's <c>_calculate_fan_in_and_fan_out</c>: dim 1 and dim 0 times the receptive
            /// field (the product of the remaining sizes).</summary>
            /// <exception cref="ArgumentException">Fewer than 2 dimensions (PyTorch's message).</exception>
            public static (long fanIn, long fanOut) CalculateFanInAndFanOut(Tensor tensor)
            {
                if (tensor.dim() < 2)
                    throw new ArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
                long receptive = 1;
                for (int i = 2; i < tensor._shape.Length; i++) receptive *= tensor._shape[i];
                return (tensor._shape[1] * receptive, tensor._shape[0] * receptive);
            }

            private static long CorrectFan(Tensor tensor, FanInOut mode)
            {
                (long fanIn, long fanOut) = CalculateFanInAndFanOut(tensor);
                return mode == FanInOut.FanIn ? fanIn : fanOut;
            }

            private static FanInOut ParseMode(string mode) => mode.ToLowerInvariant() switch
            {
                "fan_in" => FanInOut.FanIn,
                "fan_out" => FanInOut.FanOut,
                _ => throw new ArgumentException($"Mode {mode.ToLowerInvariant()} not supported, please use one of ['fan_in', 'fan_out']"),
            };
        }
    }
}
