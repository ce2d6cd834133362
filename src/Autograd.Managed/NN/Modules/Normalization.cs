using F = Autograd.torch.nn.functional;

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>Layer normalisation over the trailing dims <see cref="normalized_shape"/>, with an element-wise
    /// weight (ones) and bias (zeros) of that shape when <see cref="elementwise_affine"/>.</summary>
    public sealed class LayerNorm : torch.nn.Module<Tensor, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter? _weight;
        [Utils.ComponentName(Name = nameof(bias))]
        private Parameter? _bias;

        internal LayerNorm(long[] normalized_shape, double eps, bool elementwise_affine, bool bias, Device? device, ScalarType? dtype)
            : base(nameof(LayerNorm))
        {
            this.normalized_shape = normalized_shape ?? throw new ArgumentNullException(nameof(normalized_shape));
            this.eps = eps;
            this.elementwise_affine = elementwise_affine;
            if (elementwise_affine)
            {
                weight = new Parameter(torch.empty(normalized_shape, dtype: dtype, device: device));
                if (bias) this.bias = new Parameter(torch.empty(normalized_shape, dtype: dtype, device: device));
            }
            reset_parameters();
        }

        /// <summary>PyTorch's initialisation: weight ones, bias zeros.</summary>
        public void reset_parameters()
        {
            if (_weight is not null) torch.nn.init.ones_(_weight);
            if (_bias is not null) torch.nn.init.zeros_(_bias);
        }

        /// <summary>The element-wise scale (null without <see cref="elementwise_affine"/>).</summary>
        public Parameter weight
        {
            get => _weight!;
            set { _weight = value; ConditionallyRegisterParameter(nameof(weight), value); }
        }

        /// <summary>The element-wise shift, or null.</summary>
        public Parameter? bias
        {
            get => _bias;
            set { _bias = value; ConditionallyRegisterParameter(nameof(bias), value); }
        }

        /// <summary>The trailing dims normalised over.</summary>
        public long[] normalized_shape { get; set; }
        /// <summary>Added to the variance for stability.</summary>
        public double eps { get; set; }
        /// <summary>Whether the module has a learnable weight (and bias).</summary>
        public bool elementwise_affine { get; set; }

        /// <summary><c>nn.functional.layer_norm</c>.</summary>
        /// <exception cref="ArgumentException">The input's trailing dims are not normalized_shape (PyTorch's message).</exception>
        public override Tensor forward(Tensor tensor) => F.layer_norm(tensor, normalized_shape, _weight, _bias, eps);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"{PyTuple(normalized_shape)}, eps={PyFloat(eps)}, elementwise_affine={PyBool(elementwise_affine)}";
    }

    /// <summary>Root-mean-square normalisation over the trailing dims <see cref="normalized_shape"/>, with an
    /// element-wise weight (ones) when <see cref="elementwise_affine"/>.</summary>
    public sealed class RMSNorm : torch.nn.Module<Tensor, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter? _weight;

        internal RMSNorm(long[] normalized_shape, double? eps, bool elementwise_affine, Device? device, ScalarType? dtype)
            : base(nameof(RMSNorm))
        {
            this.normalized_shape = normalized_shape ?? throw new ArgumentNullException(nameof(normalized_shape));
            this.eps = eps;
            this.elementwise_affine = elementwise_affine;
            if (elementwise_affine) weight = new Parameter(torch.empty(normalized_shape, dtype: dtype, device: device));
            reset_parameters();
        }

        /// <summary>PyTorch's initialisation: weight ones.</summary>
        public void reset_parameters()
        {
            if (_weight is not null) torch.nn.init.ones_(_weight);
        }

        /// <summary>The element-wise scale (null without <see cref="elementwise_affine"/>).</summary>
        public Parameter weight
        {
            get => _weight!;
            set { _weight = value; ConditionallyRegisterParameter(nameof(weight), value); }
        }

        /// <summary>The trailing dims normalised over.</summary>
        public long[] normalized_shape { get; set; }
        /// <summary>Added to the mean square for stability; null is the input dtype's machine epsilon.</summary>
        public double? eps { get; set; }
        /// <summary>Whether the module has a learnable weight.</summary>
        public bool elementwise_affine { get; set; }

        /// <summary><c>nn.functional.rms_norm</c>.</summary>
        /// <exception cref="ArgumentException">The input's trailing dims are not normalized_shape (PyTorch's message).</exception>
        public override Tensor forward(Tensor tensor) => F.rms_norm(tensor, normalized_shape, _weight, eps);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"{PyTuple(normalized_shape)}, eps={(eps is double e ? PyFloat(e) : "None")}, elementwise_affine={PyBool(elementwise_affine)}";
    }

    /// <summary>Group normalisation of input [N, C, *]: the channels split into <see cref="num_groups"/> groups, each
    /// normalised, then a per-channel weight (ones) and bias (zeros) when <see cref="affine"/>.</summary>
    public sealed class GroupNorm : torch.nn.Module<Tensor, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter? _weight;
        [Utils.ComponentName(Name = nameof(bias))]
        private Parameter? _bias;

        /// <exception cref="ArgumentException">num_channels is not divisible by num_groups (PyTorch's message).</exception>
        internal GroupNorm(long num_groups, long num_channels, double eps, bool affine, Device? device, ScalarType? dtype)
            : base(nameof(GroupNorm))
        {
            if (num_groups <= 0 || num_channels % num_groups != 0)
                throw new ArgumentException("num_channels must be divisible by num_groups");
            this.num_groups = num_groups;
            this.num_channels = num_channels;
            this.eps = eps;
            this.affine = affine;
            if (affine)
            {
                weight = new Parameter(torch.empty(num_channels, dtype: dtype, device: device));
                bias = new Parameter(torch.empty(num_channels, dtype: dtype, device: device));
            }
            reset_parameters();
        }

        /// <summary>PyTorch's initialisation: weight ones, bias zeros.</summary>
        public void reset_parameters()
        {
            if (_weight is not null) torch.nn.init.ones_(_weight);
            if (_bias is not null) torch.nn.init.zeros_(_bias);
        }

        /// <summary>The per-channel scale (null without <see cref="affine"/>).</summary>
        public Parameter weight
        {
            get => _weight!;
            set { _weight = value; ConditionallyRegisterParameter(nameof(weight), value); }
        }

        /// <summary>The per-channel shift, or null.</summary>
        public Parameter? bias
        {
            get => _bias;
            set { _bias = value; ConditionallyRegisterParameter(nameof(bias), value); }
        }

        /// <summary>The number of channel groups.</summary>
        public long num_groups { get; set; }
        /// <summary>The number of channels C.</summary>
        public long num_channels { get; }
        /// <summary>Added to the variance for stability.</summary>
        public double eps { get; set; }
        /// <summary>Whether the module has a learnable weight and bias.</summary>
        public bool affine { get; set; }

        /// <summary><c>nn.functional.group_norm</c>.</summary>
        /// <exception cref="ArgumentException">The input has fewer than 2 dims or the wrong channel count (PyTorch's messages).</exception>
        public override Tensor forward(Tensor tensor) => F.group_norm(tensor, num_groups, _weight, _bias, eps);

        /// <inheritdoc/>
        public override string extra_repr() => $"{num_groups}, {num_channels}, eps={PyFloat(eps)}, affine={PyBool(affine)}";
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Layer normalisation over the trailing dims <paramref name="normalized_shape"/>.</summary>
            public static Modules.LayerNorm LayerNorm(long[] normalized_shape, double eps = 1e-05, bool elementwise_affine = true,
                                                      bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(normalized_shape, eps, elementwise_affine, bias, device, dtype);

            /// <summary>Layer normalisation over the last dim, of size <paramref name="normalized_shape"/>.</summary>
            public static Modules.LayerNorm LayerNorm(long normalized_shape, double eps = 1e-05, bool elementwise_affine = true,
                                                      bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new([normalized_shape], eps, elementwise_affine, bias, device, dtype);

            /// <summary>Root-mean-square normalisation over the trailing dims <paramref name="normalized_shape"/>; a null
            /// <paramref name="eps"/> is the input dtype's machine epsilon.</summary>
            public static Modules.RMSNorm RMSNorm(long[] normalized_shape, double? eps = null, bool elementwise_affine = true,
                                                  Device? device = null, ScalarType? dtype = null) =>
                new(normalized_shape, eps, elementwise_affine, device, dtype);

            /// <summary>Root-mean-square normalisation over the last dim, of size <paramref name="normalized_shape"/>.</summary>
            public static Modules.RMSNorm RMSNorm(long normalized_shape, double? eps = null, bool elementwise_affine = true,
                                                  Device? device = null, ScalarType? dtype = null) =>
                new([normalized_shape], eps, elementwise_affine, device, dtype);

            /// <summary>Group normalisation of <paramref name="num_channels"/> channels in <paramref name="num_groups"/> groups.</summary>
            /// <exception cref="ArgumentException">num_channels is not divisible by num_groups.</exception>
            public static Modules.GroupNorm GroupNorm(long num_groups, long num_channels, double eps = 1e-05, bool affine = true,
                                                      Device? device = null, ScalarType? dtype = null) =>
                new(num_groups, num_channels, eps, affine, device, dtype);
        }
    }
}
