using F = Autograd.torch.nn.functional;

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>A lookup table of <see cref="num_embeddings"/> rows of size <see cref="embedding_dim"/>: input indices of
    /// any shape give [*input.shape, embedding_dim]. Initialised N(0, 1) with the <see cref="padding_idx"/> row zero
    /// (PyTorch's default); that row gets no gradient.</summary>
    public sealed class Embedding : torch.nn.Module<Tensor, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter _weight = null!;

        internal Embedding(Tensor? pretrained, long num_embeddings, long embedding_dim, long? padding_idx, double? max_norm,
                           double norm_type, bool scale_grad_by_freq, bool sparse, bool freeze, Device? device, ScalarType? dtype)
            : base(nameof(Embedding))
        {
            this.padding_idx = EmbeddingChecks.PaddingIdx(padding_idx, num_embeddings);
            this.num_embeddings = num_embeddings;
            this.embedding_dim = embedding_dim;
            this.max_norm = max_norm;
            this.norm_type = norm_type;
            this.scale_grad_by_freq = scale_grad_by_freq;
            this.sparse = sparse;
            if (pretrained is null)
            {
                weight = new Parameter(torch.empty(num_embeddings, embedding_dim, dtype: dtype, device: device));
                reset_parameters();
            }
            else weight = new Parameter(pretrained, requires_grad: !freeze);
        }

        /// <summary>PyTorch's initialisation: weight N(0, 1) from the default generator, then the padding_idx row zero.</summary>
        public void reset_parameters()
        {
            torch.nn.init.normal_(_weight);
            if (padding_idx is long p)
                using (torch.no_grad()) _weight.select(0, p).fill_(0);
        }

        /// <summary>A table over <paramref name="embeddings"/> [num_embeddings, embedding_dim] (shared, not copied), frozen
        /// (no gradient) unless <paramref name="freeze"/> is false; PyTorch's <c>Embedding.from_pretrained</c>.</summary>
        /// <exception cref="ArgumentException">embeddings is not 2-d, or padding_idx is outside the table.</exception>
        public static Embedding from_pretrained(Tensor embeddings, bool freeze = true, long? padding_idx = null, double? max_norm = null,
                                                double norm_type = 2.0, bool scale_grad_by_freq = false, bool sparse = false) =>
            new(EmbeddingChecks.Pretrained(embeddings), embeddings.shape[0], embeddings.shape[1], padding_idx, max_norm, norm_type,
                scale_grad_by_freq, sparse, freeze, null, null);

        /// <summary>The table, [num_embeddings, embedding_dim]. Setting it replaces the registered parameter.</summary>
        public Parameter weight
        {
            get => _weight;
            set
            {
                _weight = value ?? throw new ArgumentNullException(nameof(value));
                ConditionallyRegisterParameter(nameof(weight), value);
            }
        }

        /// <summary>The number of rows.</summary>
        public long num_embeddings { get; }
        /// <summary>The size of each row.</summary>
        public long embedding_dim { get; }
        /// <summary>The row that stays zero and gets no gradient (wrapped to non-negative), or null.</summary>
        public long? padding_idx { get; }
        /// <summary>Rows looked up with a larger norm are rescaled in place to this norm, or null.</summary>
        public double? max_norm { get; set; }
        /// <summary>The p of the norm compared with max_norm.</summary>
        public double norm_type { get; set; }
        /// <summary>Whether each row's gradient is divided by its count in the batch.</summary>
        public bool scale_grad_by_freq { get; set; }
        /// <summary>Accepted for compatibility: gradients are always dense.</summary>
        public bool sparse { get; set; }

        /// <summary><c>nn.functional.embedding</c>.</summary>
        /// <exception cref="ArgumentException">The indices are not integers (PyTorch's message).</exception>
        /// <exception cref="IndexOutOfRangeException">An index is outside the table: "index out of range in self".
        /// Nothing is changed when it throws.</exception>
        public override Tensor forward(Tensor input) =>
            F.embedding(input, _weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse);

        /// <inheritdoc/>
        public override string extra_repr() => $"{num_embeddings}, {embedding_dim}" + EmbeddingChecks.Repr(padding_idx, max_norm, norm_type,
            scale_grad_by_freq) + (sparse ? ", sparse=True" : "");
    }

    /// <summary>Sums or averages bags of embedding rows: input [B, L] (a bag per row) or 1-d with offsets (each bag's
    /// start); result [B, embedding_dim]. Initialised N(0, 1) with the padding row zero; padding indices are left
    /// out of their bags.</summary>
    public sealed class EmbeddingBag : torch.nn.Module<Tensor, Tensor?, Tensor?, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter _weight = null!;

        internal EmbeddingBag(Tensor? pretrained, long num_embeddings, long embedding_dim, double? max_norm, double norm_type,
                              bool scale_grad_by_freq, EmbeddingBagMode mode, bool sparse, bool include_last_offset,
                              long padding_index, bool freeze, Device? device,
                              ScalarType? dtype) : base(nameof(EmbeddingBag))
        {
            if (mode == EmbeddingBagMode.Max) throw new NotSupportedException("EmbeddingBag mode Max is not supported");
            padding_idx = padding_index < 0 ? null : EmbeddingChecks.PaddingIdx(padding_index, num_embeddings);
            this.num_embeddings = num_embeddings;
            this.embedding_dim = embedding_dim;
            this.max_norm = max_norm;
            this.norm_type = norm_type;
            this.scale_grad_by_freq = scale_grad_by_freq;
            this.mode = mode;
            this.sparse = sparse;
            this.include_last_offset = include_last_offset;
            if (pretrained is null)
            {
                weight = new Parameter(torch.empty(num_embeddings, embedding_dim, dtype: dtype, device: device));
                reset_parameters();
            }
            else weight = new Parameter(pretrained, requires_grad: !freeze);
        }

        /// <summary>PyTorch's initialisation: weight N(0, 1) from the default generator, then the padding row zero.</summary>
        public void reset_parameters()
        {
            torch.nn.init.normal_(_weight);
            if (padding_idx is long p)
                using (torch.no_grad()) _weight.select(0, p).fill_(0);
        }

        /// <summary>The table, [num_embeddings, embedding_dim]. Setting it replaces the registered parameter.</summary>
        public Parameter weight
        {
            get => _weight;
            set
            {
                _weight = value ?? throw new ArgumentNullException(nameof(value));
                ConditionallyRegisterParameter(nameof(weight), value);
            }
        }

        /// <summary>The number of rows.</summary>
        public long num_embeddings { get; }
        /// <summary>The size of each row.</summary>
        public long embedding_dim { get; }
        /// <summary>The row left out of every bag, or null.</summary>
        public long? padding_idx { get; }
        /// <summary>Rows looked up with a larger norm are rescaled in place to this norm, or null.</summary>
        public double? max_norm { get; set; }
        /// <summary>The p of the norm compared with max_norm.</summary>
        public double norm_type { get; set; }
        /// <summary>Whether each row's gradient is divided by its count in the batch.</summary>
        public bool scale_grad_by_freq { get; set; }
        /// <summary>Sum or mean.</summary>
        public EmbeddingBagMode mode { get; set; }
        /// <summary>Accepted for compatibility: gradients are always dense.</summary>
        public bool sparse { get; set; }
        /// <summary>Whether offsets has a last entry marking the end of the last bag.</summary>
        public bool include_last_offset { get; set; }

        /// <summary><c>nn.functional.embedding_bag</c> with this module's settings.</summary>
        /// <exception cref="ArgumentException">Shapes or offsets are invalid (PyTorch's messages).</exception>
        /// <exception cref="IndexOutOfRangeException">An index is outside the table.</exception>
        public override Tensor forward(Tensor input, Tensor? offsets, Tensor? perSampleWeights) =>
            F.embedding_bag(input, _weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode, sparse, perSampleWeights,
                            include_last_offset, padding_idx);

        /// <summary>Bags given by <paramref name="offsets"/> over a 1-d input, without per-sample weights.</summary>
        public Tensor call(Tensor input, Tensor? offsets) => call(input, offsets, null);

        /// <summary>A 2-d input, each row one bag.</summary>
        public Tensor call(Tensor input) => call(input, null, null);

        /// <inheritdoc/>
        public override string extra_repr() => $"{num_embeddings}, {embedding_dim}" +
            EmbeddingChecks.Repr(null, max_norm, norm_type, scale_grad_by_freq) + $", mode='{mode.ToString().ToLowerInvariant()}'" +
            (padding_idx is long p ? $", padding_idx={p}" : "");
    }

    internal static class EmbeddingChecks
    {
        /// <summary>PyTorch's padding_idx rule: inside [-num_embeddings, num_embeddings), a negative one wrapped.</summary>
        internal static long? PaddingIdx(long? idx, long num)
        {
            if (idx is not long p) return null;
            if (p >= num || p < -num) throw new ArgumentException("Padding_idx must be within num_embeddings");
            return p < 0 ? num + p : p;
        }

        internal static Tensor Pretrained(Tensor embeddings)
        {
            ArgumentNullException.ThrowIfNull(embeddings);
            if (embeddings.dim() != 2) throw new ArgumentException("Embeddings parameter is expected to be 2-dimensional");
            return embeddings;
        }

        /// <summary>The settings PyTorch's printout adds when they are not the default.</summary>
        internal static string Repr(long? paddingIdx, double? maxNorm, double normType, bool scaleGradByFreq) =>
            (paddingIdx is long p ? $", padding_idx={p}" : "") + (maxNorm is double m ? $", max_norm={PyRepr.Float(m)}" : "") +
            (normType != 2 ? $", norm_type={PyRepr.Float(normType)}" : "") + (scaleGradByFreq ? ", scale_grad_by_freq=True" : "");
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>An embedding table of <paramref name="num_embeddings"/> rows of size <paramref name="embedding_dims"/>,
            /// initialised as PyTorch's (N(0, 1), the padding row zero).</summary>
            /// <exception cref="ArgumentException">padding_idx is outside the table.</exception>
            public static Modules.Embedding Embedding(long num_embeddings, long embedding_dims, long? padding_idx = null,
                                                      double? max_norm = null, double norm_type = 2.0,
                                                      bool scale_grad_by_freq = false, bool sparse = false,
                                                      Device? device = null, ScalarType? dtype = null) =>
                new(null, num_embeddings, embedding_dims, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, false,
                    device, dtype);

            /// <summary>TorchSharp's spelling of <see cref="Modules.Embedding.from_pretrained"/>.</summary>
            /// <exception cref="ArgumentException">embeddings is not 2-d, or padding_idx is outside the table.</exception>
            public static Modules.Embedding Embedding_from_pretrained(Tensor embeddings, bool freeze = true, long? padding_idx = null,
                                                                      double? max_norm = null, double norm_type = 2.0,
                                                                          bool scale_grad_by_freq = false,
                                                                      bool sparse = false, Device? device = null,
                                                                          ScalarType? dtype = null) =>
                new(Convert(Modules.EmbeddingChecks.Pretrained(embeddings), device, dtype), embeddings.shape[0], embeddings.shape[1],
                    padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, freeze, null, null);

            /// <summary>A bag-of-embeddings table (sum or mean per bag); a negative <paramref name="padding_index"/> is none
            /// (TorchSharp's convention).</summary>
            /// <exception cref="ArgumentException">padding_index is outside the table.</exception>
            /// <exception cref="NotSupportedException">mode is Max.</exception>
            public static Modules.EmbeddingBag EmbeddingBag(long num_embeddings, long embedding_dims, double? max_norm = null,
                                                            double norm_type = 2.0, bool scale_grad_by_freq = false,
                                                            EmbeddingBagMode mode = EmbeddingBagMode.Mean,
                                                            bool sparse = false, bool include_last_offset = false, long padding_index = -1,
                                                            Device? device = null, ScalarType? dtype = null) =>
                new(null, num_embeddings, embedding_dims, max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset,
                    padding_index, false, device, dtype);

            /// <summary>A bag-of-embeddings table over <paramref name="embeddings"/> [rows, dim] (frozen unless
            /// <paramref name="freeze"/> is false).</summary>
            /// <exception cref="ArgumentException">embeddings is not 2-d, or padding_index is outside the table.</exception>
            public static Modules.EmbeddingBag EmbeddingBag_from_pretrained(Tensor embeddings, bool freeze = true, double? max_norm = null,
                                                                            double norm_type = 2.0, bool scale_grad_by_freq = false,
                                                                            EmbeddingBagMode mode = EmbeddingBagMode.Mean,
                                                                                bool sparse = false,
                                                                            bool include_last_offset = false, long padding_index = -1,
                                                                            Device? device = null, ScalarType? dtype = null) =>
                new(Convert(Modules.EmbeddingChecks.Pretrained(embeddings), device, dtype), embeddings.shape[0], embeddings.shape[1],
                    max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset, padding_index, freeze, null, null);

            private static Tensor Convert(Tensor t, Device? device, ScalarType? dtype)
            {
                if (device is not null) Device.Check(device);
                return dtype is ScalarType d && d != t.dtype ? t.to(d) : t;
            }
        }
    }
}
