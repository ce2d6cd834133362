namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>A view with the dims <paramref name="source"/> moved to positions <paramref name="destination"/>;
            /// the other dims keep their order.</summary>
            /// <exception cref="ArgumentException">Lengths differ or a dim repeats (PyTorch's messages).</exception>
            public Tensor movedim(long[] source, long[] destination) => Ops.Rearrange.MoveDim(this, source, destination);
            /// <summary>movedim (NumPy's name).</summary>
            public Tensor moveaxis(long[] source, long[] destination) => Ops.Rearrange.MoveDim(this, source, destination);
            /// <summary>transpose (NumPy's name).</summary>
            public Tensor swapaxes(long dim0, long dim1) => transpose(dim0, dim1);
            /// <summary>transpose (NumPy's name).</summary>
            public Tensor swapdims(long dim0, long dim1) => transpose(dim0, dim1);
            /// <summary>The conjugate transpose of the last two dims; for real tensors mT.</summary>
            public Tensor mH => Ops.Rearrange.MatrixTranspose(this, "mH");
            /// <summary>The conjugate transpose of a matrix; for real tensors transpose(0, 1).</summary>
            public Tensor H => Ops.Rearrange.H(this);
            /// <summary>This tensor when it has at least 1 dim, else a 1-element 1-d view.</summary>
            public Tensor atleast_1d() => Ops.Rearrange.AtLeast(this, 1);
            /// <summary>This tensor when it has at least 2 dims, else a view with leading size-1 dims.</summary>
            public Tensor atleast_2d() => Ops.Rearrange.AtLeast(this, 2);
            /// <summary>This tensor when it has at least 3 dims, else a view: [] → [1,1,1], [n] → [1,n,1], [m,n] → [m,n,1].</summary>
            public Tensor atleast_3d() => Ops.Rearrange.AtLeast(this, 3);
        }
    }

    public static partial class torch
    {
        /// <summary>input.movedim([source], [destination]).</summary>
        public static Tensor movedim(Tensor input, long source, long destination) => input.movedim([source], [destination]);
        /// <summary>input.movedim(source, destination).</summary>
        public static Tensor movedim(Tensor input, long[] source, long[] destination) => input.movedim(source, destination);
        /// <summary>movedim (NumPy's name).</summary>
        public static Tensor moveaxis(Tensor input, long source, long destination) => input.movedim([source], [destination]);
        /// <summary>movedim (NumPy's name).</summary>
        public static Tensor moveaxis(Tensor input, (long, long) source, (long, long) destination) =>
            input.movedim([source.Item1, source.Item2], [destination.Item1, destination.Item2]);
        /// <summary>movedim (NumPy's name).</summary>
        public static Tensor moveaxis(Tensor input, (long, long, long) source, (long, long, long) destination) =>
            input.movedim([source.Item1, source.Item2, source.Item3], [destination.Item1, destination.Item2, destination.Item3]);
        /// <summary>movedim (NumPy's name).</summary>
        public static Tensor moveaxis(Tensor input, (long, long, long, long) source, (long, long, long, long) destination) =>
            input.movedim([source.Item1, source.Item2, source.Item3, source.Item4],
                          [destination.Item1, destination.Item2, destination.Item3, destination.Item4]);
        /// <summary>movedim (NumPy's name).</summary>
        public static Tensor moveaxis(Tensor input, long[] source, long[] destination) => input.movedim(source, destination);
        /// <summary>input.transpose(axis0, axis1).</summary>
        public static Tensor swapaxes(Tensor input, long axis0, long axis1) => input.transpose(axis0, axis1);
        /// <summary>input.transpose(dim0, dim1).</summary>
        public static Tensor swapdims(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);
        /// <summary>input.broadcast_to(shape).</summary>
        public static Tensor broadcast_to(Tensor input, params long[] shape) => input.broadcast_to(shape);
        /// <summary>Views of every tensor expanded to their common broadcast shape.</summary>
        /// <exception cref="ArgumentException">The shapes do not broadcast (PyTorch's message).</exception>
        public static IList<Tensor> broadcast_tensors(params Tensor[] tensors) => Ops.Rearrange.BroadcastTensors(tensors);
        /// <summary>Coordinate grids of 0-d or 1-d tensors: output i holds tensor i's values along dim i ("ij"), or with
        /// the first two dims swapped ("xy", Cartesian). All views.</summary>
        /// <exception cref="ArgumentException">An empty list, a tensor of 2+ dims, mixed dtypes or an unknown indexing.</exception>
        public static Tensor[] meshgrid(IEnumerable<Tensor> tensors, string indexing = "ij") =>
            Ops.Rearrange.Meshgrid([.. tensors], indexing);
        /// <summary>input.atleast_1d().</summary>
        public static Tensor atleast_1d(Tensor input) => input.atleast_1d();
        /// <summary>input.atleast_2d().</summary>
        public static Tensor atleast_2d(Tensor input) => input.atleast_2d();
        /// <summary>input.atleast_3d().</summary>
        public static Tensor atleast_3d(Tensor input) => input.atleast_3d();
    }
}

namespace Autograd.Ops
{
    /// <summary>Dim reorderings and broadcasts built from permute, reshape and expand (views, with those
    /// ops' gradients).</summary>
    internal static class Rearrange
    {
        internal static Tensor MoveDim(Tensor x, long[] source, long[] destination)
        {
            int rank = x._shape.Length;
            if (source.Length != destination.Length)
                throw new ArgumentException(
                    $"movedim: Invalid source or destination dims: source ({Shape.Format(source)} dims) should contain the same " +
                    $"number of dims as destination ({Shape.Format(destination)} dims)");
            int[] src = Array.ConvertAll(source, d => Shape.WrapDim(d, rank));
            int[] dst = Array.ConvertAll(destination, d => Shape.WrapDim(d, rank));
            if (src.Distinct().Count() != src.Length)
                throw new ArgumentException($"movedim: repeated dim in `source` ({Shape.Format(source)})");
            if (dst.Distinct().Count() != dst.Length)
                throw new ArgumentException($"movedim: repeated dim in `destination` ({Shape.Format(destination)})");
            if (rank == 0) return x.permute();
            var perm = new long[rank];
            Array.Fill(perm, -1);
            var used = new bool[rank];
            for (int i = 0; i < src.Length; i++)
            {
                perm[dst[i]] = src[i];
                used[src[i]] = true;
            }
            for (int p = 0, next = 0; p < rank; p++)
            {
                if (perm[p] >= 0) continue;
                while (used[next]) next++;
                perm[p] = next++;
            }
            return x.permute(perm);
        }

        internal static Tensor H(Tensor x)
        {
            int rank = x._shape.Length;
            if (rank != 2 && rank != 0)
                throw new ArgumentException(
                    $"tensor.H is only supported on matrices (2-D tensors). Got {rank}-D tensor. For batches of matrices, " +
                    $"consider using tensor.mH");
            return rank == 0 ? Views.MakeView(x, x._shape, x._strides, x._offset) : x.transpose(0, 1);
        }

        /// <summary>mT / mH of a real tensor: the last two dims swapped.</summary>
        internal static Tensor MatrixTranspose(Tensor x, string name)
        {
            if (x._shape.Length < 2)
                throw new ArgumentException(
                    $"tensor.{name} is only supported on matrices or batches of matrices. Got {x._shape.Length}-D tensor.");
            return Views.Transpose(x, -2, -1);
        }

        /// <summary>PyTorch's deprecated Tensor.T for any rank: the dims reversed (a matrix's transpose).</summary>
        internal static Tensor ReverseDims(Tensor x)
        {
            int rank = x._shape.Length;
            if (rank == 2) return Views.T(x);
            var perm = new long[rank];
            for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
            return x.permute(perm);
        }

        internal static Tensor AtLeast(Tensor x, int rank)
        {
            long[] s = x._shape;
            if (s.Length >= rank) return x;
            return (rank, s.Length) switch
            {
                (1, _) => x.reshape(1),
                (2, 0) => x.reshape(1, 1),
                (2, _) => x.unsqueeze(0),
                (3, 0) => x.reshape(1, 1, 1),
                (3, 1) => x.reshape(1, s[0], 1),
                _ => x.unsqueeze(-1),
            };
        }

        internal static IList<Tensor> BroadcastTensors(Tensor[] tensors)
        {
            if (tensors.Length == 0) return [];
            long[] shape = tensors[0]._shape;
            foreach (Tensor t in tensors) shape = Shape.Broadcast(shape, t._shape);
            return Array.ConvertAll(tensors, t => t.expand(shape));
        }

        internal static Tensor[] Meshgrid(Tensor[] tensors, string indexing)
        {
            if (tensors.Length == 0) throw new ArgumentException("meshgrid expects a non-empty TensorList");
            if (indexing != "ij" && indexing != "xy")
                throw new ArgumentException($"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}");
            foreach (Tensor t in tensors)
            {
                if (t._shape.Length > 1)
                    throw new ArgumentException($"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t.ToString()}");
                if (t._dtype != tensors[0]._dtype)
                    throw new ArgumentException("meshgrid expects all tensors to have the same dtype");
            }
            int n = tensors.Length;
            // "xy" puts the first two inputs' axes in swapped positions
            int Position(int i) => indexing == "xy" && n >= 2 && i < 2 ? 1 - i : i;
            var shape = new long[n];
            for (int i = 0; i < n; i++) shape[Position(i)] = tensors[i]._numel;
            var grids = new Tensor[n];
            for (int i = 0; i < n; i++)
            {
                var view = new long[n];
                Array.Fill(view, 1);
                view[Position(i)] = tensors[i]._numel;
                grids[i] = tensors[i].reshape(view).expand(shape);
            }
            return grids;
        }
    }
}
