namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>Returns its input unchanged (a placeholder layer).</summary>
    public sealed class Identity : ParameterLessModule<Tensor, Tensor>
    {
        internal Identity() : base(nameof(Identity)) { }

        /// <summary>The input itself.</summary>
        public override Tensor forward(Tensor tensor) => tensor;
    }

    /// <summary>Flattens dims <see cref="start_dim"/>..<see cref="end_dim"/> into one (<c>input.flatten(start_dim, end_dim)</c>).</summary>
    public sealed class Flatten : ParameterLessModule<Tensor, Tensor>
    {
        internal Flatten(long start_dim, long end_dim) : base(nameof(Flatten))
        {
            this.start_dim = start_dim;
            this.end_dim = end_dim;
        }

        /// <summary>The first dim flattened (negative counts from the end).</summary>
        public long start_dim { get; set; }

        /// <summary>The last dim flattened (negative counts from the end).</summary>
        public long end_dim { get; set; }

        /// <summary><c>input.flatten(start_dim, end_dim)</c>.</summary>
        public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);

        /// <inheritdoc/>
        public override string extra_repr() => $"start_dim={start_dim}, end_dim={end_dim}";
    }

    /// <summary>Splits dim <see cref="dim"/> into the sizes <see cref="unflattened_size"/> (one of them may be -1, inferred):
    /// a view when the input's layout allows, as <c>reshape</c>.</summary>
    public sealed class Unflatten : ParameterLessModule<Tensor, Tensor>
    {
        internal Unflatten(long dim, long[] unflattened_size) : base(nameof(Unflatten))
        {
            this.dim = dim;
            this.unflattened_size = unflattened_size ?? throw new ArgumentNullException(nameof(unflattened_size));
        }

        /// <summary>The dim split (negative counts from the end).</summary>
        public long dim { get; set; }

        /// <summary>The sizes it is split into.</summary>
        public long[] unflattened_size { get; set; }

        /// <summary>The input with dim <see cref="dim"/> split into <see cref="unflattened_size"/>.</summary>
        /// <exception cref="ArgumentException">The sizes don't multiply up to the dim's size (PyTorch's message), or
        /// more than one is -1.</exception>
        public override Tensor forward(Tensor tensor)
        {
            long[] shape = tensor._shape;
            int d = Shape.WrapDimOfShape(dim, shape.Length);
            long[] sizes = (long[])unflattened_size.Clone();
            if (sizes.Length == 0) throw new ArgumentException("unflatten: sizes must be non-empty");
            int infer = -1;
            long known = 1;
            for (int i = 0; i < sizes.Length; i++)
            {
                if (sizes[i] == -1)
                {
                    if (infer >= 0) throw new ArgumentException("only one dimension can be inferred");
                    infer = i;
                }
                else if (sizes[i] < 0)
                    throw new ArgumentException($"invalid shape dimension {sizes[i]} at index {i} of shape {Shape.Format(sizes)}");
                else known = unchecked(known * sizes[i]); // a product that wraps matches no size, as in LibTorch
            }
            if (infer >= 0 && known != 0 && shape[d] % known == 0) sizes[infer] = shape[d] / known;
            else if (infer >= 0 || known != shape[d])
                throw new ArgumentException(
                    $"unflatten: Provided sizes {Shape.Format(unflattened_size)} don't multiply up to the size of dim {dim} " +
                    $"({shape[d]}) in the input tensor");
            return tensor.reshape([.. shape[..d], .. sizes, .. shape[(d + 1)..]]);
        }

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"dim={dim}, unflattened_size=({string.Join(", ", unflattened_size)}{(unflattened_size.Length == 1 ? "," : "")})";
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A module that returns its input.</summary>
            public static Modules.Identity Identity() => new();

            /// <summary>A module flattening dims <paramref name="start_dim"/>..<paramref name="end_dim"/> into one.</summary>
            public static Modules.Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);

            /// <summary>A module splitting dim <paramref name="dim"/> into <paramref name="unflattened_size"/>.</summary>
            public static Modules.Unflatten Unflatten(long dim, long[] unflattened_size) => new(dim, unflattened_size);
        }
    }
}
