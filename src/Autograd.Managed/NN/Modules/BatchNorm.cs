using F = Autograd.torch.nn.functional;

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>
    /// The shared state of batch and instance normalisation (PyTorch's <c>_NormBase</c>): a per-channel weight (ones)
    /// and bias (zeros) when <see cref="affine"/>, and when <see cref="track_running_stats"/> the buffers
    /// <see cref="running_mean"/> (zeros), <see cref="running_var"/> (ones) and <see cref="num_batches_tracked"/>
    /// (an int64 scalar), registered in that order as PyTorch does, so state_dict keys match.
    /// </summary>
    public abstract class NormBase : torch.nn.Module<Tensor, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter? _weight;
        [Utils.ComponentName(Name = nameof(bias))]
        private Parameter? _bias;
        [Utils.ComponentName(Name = nameof(running_mean))]
        private Tensor? _running_mean;
        [Utils.ComponentName(Name = nameof(running_var))]
        private Tensor? _running_var;
        [Utils.ComponentName(Name = nameof(num_batches_tracked))]
        private Tensor? _num_batches_tracked;

        private protected NormBase(string name, long num_features, double eps, double? momentum, bool affine, bool track_running_stats,
                                   Device? device, ScalarType? dtype) : base(name)
        {
            this.num_features = num_features;
            this.eps = eps;
            this.momentum = momentum;
            this.affine = affine;
            this.track_running_stats = track_running_stats;
            if (affine)
            {
                weight = new Parameter(torch.empty(num_features, dtype: dtype, device: device));
                bias = new Parameter(torch.empty(num_features, dtype: dtype, device: device));
            }
            if (track_running_stats)
            {
                running_mean = torch.zeros(num_features, dtype: dtype, device: device);
                running_var = torch.ones(num_features, dtype: dtype, device: device);
                num_batches_tracked = torch.tensor(0L);
            }
            reset_parameters();
        }

        /// <summary>Running statistics back to mean 0, variance 1, no batches seen.</summary>
        public void reset_running_stats()
        {
            if (!track_running_stats) return;
            using var _ = torch.no_grad();
            _running_mean!.zero_();
            _running_var!.fill_(1);
            _num_batches_tracked!.zero_();
        }

        /// <summary>PyTorch's initialisation: running statistics reset, weight ones, bias zeros.</summary>
        public void reset_parameters()
        {
            reset_running_stats();
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

        /// <summary>The running mean per channel, or null without <see cref="track_running_stats"/>.</summary>
        public Tensor? running_mean
        {
            get => _running_mean;
            set { _running_mean = value; ConditionallyRegisterBuffer(nameof(running_mean), value); }
        }

        /// <summary>The running (unbiased) variance per channel, or null without <see cref="track_running_stats"/>.</summary>
        public Tensor? running_var
        {
            get => _running_var;
            set { _running_var = value; ConditionallyRegisterBuffer(nameof(running_var), value); }
        }

        /// <summary>How many training batches updated the running statistics (int64 scalar), or null.</summary>
        public Tensor? num_batches_tracked
        {
            get => _num_batches_tracked;
            set { _num_batches_tracked = value; ConditionallyRegisterBuffer(nameof(num_batches_tracked), value); }
        }

        /// <summary>The number of channels C.</summary>
        public long num_features { get; }
        /// <summary>Added to the variance for stability.</summary>
        public double eps { get; set; }
        /// <summary>The running statistics' update weight; null is a cumulative average (weight 1 / batches seen).</summary>
        public double? momentum { get; set; }
        /// <summary>Whether the module has a learnable weight and bias.</summary>
        public bool affine { get; }
        /// <summary>Whether the module keeps running statistics.</summary>
        public bool track_running_stats { get; }

        /// <summary>Throws PyTorch's message when the input's rank is wrong for this layer.</summary>
        private protected abstract void CheckInputDim(Tensor input);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"{num_features}, eps={PyFloat(eps)}, momentum={(momentum is double m ? PyFloat(m) : "None")}, affine={PyBool(affine)}, " +
            $"track_running_stats={PyBool(track_running_stats)}";
    }

    /// <summary>Batch normalisation (PyTorch's <c>_BatchNorm</c>). Training: normalises by the batch's statistics and,
    /// with <see cref="NormBase.track_running_stats"/>, updates the running ones (momentum, or the cumulative average
    /// when momentum is null) and counts the batch. Evaluation: normalises by the running statistics (by the batch's
    /// when there are none).</summary>
    public abstract class BatchNorm : NormBase
    {
        private protected BatchNorm(string name, long num_features, double eps, double? momentum, bool affine, bool track_running_stats,
                                    Device? device, ScalarType? dtype)
            : base(name, num_features, eps, momentum, affine, track_running_stats, device, dtype) { }

        /// <summary><c>nn.functional.batch_norm</c> with this module's buffers, as PyTorch's forward calls it.</summary>
        /// <exception cref="ArgumentException">Wrong rank or channel count, or one value per channel in training
        /// (PyTorch's messages). Nothing (not even the batch count) is updated when it throws.</exception>
        public override Tensor forward(Tensor input)
        {
            CheckInputDim(input);
            bool counting = training && track_running_stats && num_batches_tracked is not null;
            double factor = momentum ?? 0.0;
            // the batch is counted after the call (PyTorch counts it before) so a call that throws changes nothing
            if (counting && momentum is null) factor = 1.0 / (num_batches_tracked!.item<long>() + 1);
            bool useBatchStats = training || (running_mean is null && running_var is null);
            bool passStats = !training || track_running_stats;
            Tensor y = F.batch_norm(input, passStats ? running_mean : null, passStats ? running_var : null, affine ? weight : null, bias,
                                    useBatchStats, factor, eps);
            if (counting)
                using (torch.no_grad()) num_batches_tracked!.add_(1);
            return y;
        }
    }

    /// <summary>Batch normalisation of input [N, C] or [N, C, L].</summary>
    public sealed class BatchNorm1d : BatchNorm
    {
        internal BatchNorm1d(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, Device? device,
                             ScalarType? dtype)
            : base(nameof(BatchNorm1d), num_features, eps, momentum, affine, track_running_stats, device, dtype) { }

        private protected override void CheckInputDim(Tensor input)
        {
            if (input.dim() != 2 && input.dim() != 3) throw new ArgumentException($"expected 2D or 3D input (got {input.dim()}D input)");
        }
    }

    /// <summary>Batch normalisation of input [N, C, H, W].</summary>
    public sealed class BatchNorm2d : BatchNorm
    {
        internal BatchNorm2d(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, Device? device,
                             ScalarType? dtype)
            : base(nameof(BatchNorm2d), num_features, eps, momentum, affine, track_running_stats, device, dtype) { }

        private protected override void CheckInputDim(Tensor input)
        {
            if (input.dim() != 4) throw new ArgumentException($"expected 4D input (got {input.dim()}D input)");
        }
    }

    /// <summary>Instance normalisation of input [N, C, H, W] or [C, H, W]: each (sample, channel) normalised over its
    /// positions; running statistics (when tracked) are used in evaluation mode.</summary>
    public sealed class InstanceNorm2d : NormBase
    {
        internal InstanceNorm2d(long num_features, double eps, double? momentum, bool affine, bool track_running_stats, Device? device,
                                ScalarType? dtype)
            : base(nameof(InstanceNorm2d), num_features, eps, momentum, affine, track_running_stats, device, dtype) { }

        private protected override void CheckInputDim(Tensor input)
        {
            if (input.dim() != 3 && input.dim() != 4) throw new ArgumentException($"expected 3D or 4D input (got {input.dim()}D input)");
        }

        /// <summary><c>nn.functional.instance_norm</c> (an unbatched input as a batch of one).</summary>
        /// <exception cref="ArgumentException">Wrong rank, or (with affine) a channel count other than num_features
        /// (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input)
        {
            CheckInputDim(input);
            int featureDim = (int)input.dim() - 3;
            if (affine && input.shape[featureDim] != num_features)
                throw new ArgumentException($"expected input's size at dim={featureDim} to match num_features ({num_features}), " +
                                            $"but got: {input.shape[featureDim]}.");
            bool unbatched = input.dim() == 3;
            Tensor x = unbatched ? input.unsqueeze(0) : input;
            Tensor y = F.instance_norm(x, running_mean, running_var, affine ? weight : null, bias, training || !track_running_stats,
                                       momentum ?? 0.0, eps);
            return unbatched ? y.squeeze(0) : y;
        }
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Batch normalisation of <paramref name="num_features"/> channels over [N, C] or [N, C, L] input;
            /// a null <paramref name="momentum"/> keeps a cumulative average.</summary>
            public static Modules.BatchNorm1d BatchNorm1d(long num_features, double eps = 1e-05, double? momentum = 0.1, bool affine = true,
                                                          bool track_running_stats = true, Device? device = null,
                                                              ScalarType? dtype = null) =>
                new(num_features, eps, momentum, affine, track_running_stats, device, dtype);

            /// <summary>Batch normalisation of <paramref name="num_features"/> channels over [N, C, H, W] input; a null
            /// <paramref name="momentum"/> keeps a cumulative average.</summary>
            public static Modules.BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-05, double? momentum = 0.1, bool affine = true,
                                                          bool track_running_stats = true, Device? device = null,
                                                              ScalarType? dtype = null) =>
                new(num_features, eps, momentum, affine, track_running_stats, device, dtype);

            /// <summary>Instance normalisation of <paramref name="num_features"/> channels over [N, C, H, W] or [C, H, W] input.</summary>
            public static Modules.InstanceNorm2d InstanceNorm2d(long num_features, double eps = 1e-05, double? momentum = 0.1,
                                                                bool affine = false,
                                                                bool track_running_stats = false, Device? device = null,
                                                                    ScalarType? dtype = null) =>
                new(num_features, eps, momentum, affine, track_running_stats, device, dtype);
        }
    }
}
