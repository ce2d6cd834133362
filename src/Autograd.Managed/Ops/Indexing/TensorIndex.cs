namespace Autograd
{
    public static partial class torch
    {
        /// <summary>One entry of a multi-dimensional index, as TorchSharp spells Python's indexing:
        /// an integer (<see cref="Single"/>), a slice (<see cref="Slice(long?, long?, long?)"/> or a C#
        /// <see cref="System.Range"/>), <see cref="Ellipsis"/>, <see cref="None"/> (a new dim of size 1),
        /// a bool, or a tensor (int64 positions or a bool mask).</summary>
        public sealed class TensorIndex
        {
            internal enum Kind { None, Single, Null, Ellipsis, Bool, Tensor, Slice }

            internal Kind kind;
            internal long? start, stop, step;
            internal Autograd.torch.Tensor? tensor;

            private TensorIndex(Kind kind) => this.kind = kind;

            /// <summary>The elements in [start, stop) every <paramref name="step"/> (Python's start:stop:step;
            /// negative bounds count from the end, out-of-range bounds clamp).</summary>
            public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null) =>
                new(Kind.Slice) { start = start, stop = stop, step = step };
            /// <summary>A slice from a pair of optional bounds.</summary>
            public static TensorIndex Slice((int? start, int? end) range) => Slice(range.start, range.end);
            /// <summary>A slice from a C# range (<c>1..3</c>, <c>^2..</c>).</summary>
            public static TensorIndex Slice(Range range) => Slice(
                range.Start.IsFromEnd ? (range.Start.Value == 0 ? null : -range.Start.Value) : range.Start.Value,
                range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value);
            /// <summary>A new dim of size 1 (true) or 0 (false), as Python's x[True].</summary>
            public static TensorIndex Bool(bool value) => new(Kind.Bool) { start = value ? 1 : 0 };
            /// <summary>One position of a dim (the dim is removed); negative counts from the end.</summary>
            public static TensorIndex Single(long? index) => new(Kind.Single) { start = index };
            /// <summary>An int64 tensor of positions (the dim is replaced by the index's shape) or a bool mask
            /// (its dims are replaced by one dim of the selected elements).</summary>
            public static TensorIndex Tensor(Autograd.torch.Tensor tensor) => new(Kind.Tensor) { tensor = tensor };
            /// <summary>As many full slices as needed to index every remaining dim (Python's ...).</summary>
            public static readonly TensorIndex Ellipsis = new(Kind.Ellipsis);
            /// <summary>A new dim of size 1 (Python's None).</summary>
            public static readonly TensorIndex None = new(Kind.None);
            /// <summary>A new dim of size 1 (TorchSharp's alias of <see cref="None"/>).</summary>
            public static readonly TensorIndex Null = new(Kind.Null);
            /// <summary>The full slice (Python's :).</summary>
            public static readonly TensorIndex Colon = Slice();

            /// <summary>A single position.</summary>
            public static implicit operator TensorIndex(long value) => Single(value);
            /// <summary>A slice from a C# range.</summary>
            public static implicit operator TensorIndex(Range range) => Slice(range);
            /// <summary>A single position from a C# index (<c>^1</c> is the last).</summary>
            public static implicit operator TensorIndex(Index index) => Single(index.IsFromEnd ? -index.Value : index.Value);
            /// <summary>A slice from a pair of optional bounds.</summary>
            public static implicit operator TensorIndex((int? start, int? end) range) => Slice(range);
            /// <summary>A tensor index.</summary>
            public static implicit operator TensorIndex(Autograd.torch.Tensor tensor) => Tensor(tensor);
        }
    }
}
