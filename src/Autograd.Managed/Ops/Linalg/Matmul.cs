namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>PyTorch's matmul: 1-d·1-d is a dot product, 2-d·2-d a matrix product, a 1-d operand is
            /// treated as a row (left) or column (right) vector and its dim removed afterwards, and higher ranks
            /// are batches of matrices whose batch dims broadcast.</summary>
            /// <exception cref="ArgumentException">Inner sizes differ, batch dims do not broadcast, dtypes differ,
            /// or an operand is 0-d (PyTorch's messages).</exception>
            public Tensor matmul(Tensor target) => Ops.Linalg.Matmul(this, target);
            /// <summary>Matrix product of two 2-d tensors: [n, m] @ [m, p] = [n, p].</summary>
            public Tensor mm(Tensor target) => Ops.Linalg.Mm(this, target);
            /// <summary>Batched matrix product of 3-d tensors: [b, n, m] @ [b, m, p] = [b, n, p] (no broadcasting).</summary>
            public Tensor bmm(Tensor batch2) => Ops.Linalg.Bmm(this, batch2);
            /// <summary>Matrix-vector product: [n, m] @ [m] = [n].</summary>
            public Tensor mv(Tensor target) => Ops.Linalg.Mv(this, target);
            /// <summary>Dot product of two 1-d tensors of equal length (a 0-d tensor).</summary>
            public Tensor dot(Tensor target) => Ops.Linalg.Dot(this, target);
            /// <summary>Outer product of two 1-d tensors: [n] ⊗ [m] = [n, m].</summary>
            public Tensor outer(Tensor vec2) => Ops.Linalg.Outer(this, vec2);
        }
    }

    public static partial class torch
    {
        /// <summary>input.matmul(target).</summary>
        public static Tensor matmul(Tensor input, Tensor target) => input.matmul(target);
        /// <summary>input.mm(target).</summary>
        public static Tensor mm(Tensor input, Tensor target) => input.mm(target);
        /// <summary>input.bmm(batch2).</summary>
        public static Tensor bmm(Tensor input, Tensor batch2) => input.bmm(batch2);
        /// <summary>input.mv(target).</summary>
        public static Tensor mv(Tensor input, Tensor target) => input.mv(target);
        /// <summary>input.dot(other).</summary>
        public static Tensor dot(Tensor input, Tensor other) => input.dot(other);
        /// <summary>input.outer(vec2).</summary>
        public static Tensor outer(Tensor input, Tensor vec2) => input.outer(vec2);

        // The out= overloads (PyTorch's keyword-only out: pass it as `@out: c` or third). The product is written
        // into out, which is resized to the result's shape if it differs (with PyTorch's deprecation warning
        // when it had elements) and returned. No result array is allocated when out shares no memory with an
        // operand (and, for batches, is contiguous). No history is recorded, so none may be needed: under grad mode no
        // argument may require grad (PyTorch's "functions with out=... arguments don't support automatic
        // differentiation"). out must have the result's dtype. A null out is PyTorch's out=None: the usual product.

        /// <summary>torch.matmul(input, target, out=out).</summary>
        public static Tensor matmul(Tensor input, Tensor target, Tensor? @out) => Ops.Linalg.MatmulOut(input, target, @out);
        /// <summary>torch.mm(input, target, out=out).</summary>
        public static Tensor mm(Tensor input, Tensor target, Tensor? @out) => Ops.Linalg.Out("mm", input, target, @out, Ops.Linalg.Mm);
        /// <summary>torch.bmm(input, batch2, out=out).</summary>
        public static Tensor bmm(Tensor input, Tensor batch2, Tensor? @out) => Ops.Linalg.Out("bmm", input, batch2, @out, Ops.Linalg.Bmm);
        /// <summary>torch.mv(input, target, out=out).</summary>
        public static Tensor mv(Tensor input, Tensor target, Tensor? @out) => Ops.Linalg.Out("mv", input, target, @out, Ops.Linalg.Mv);
        /// <summary>torch.dot(input, other, out=out).</summary>
        public static Tensor dot(Tensor input, Tensor other, Tensor? @out) => Ops.Linalg.Out("dot", input, other, @out, Ops.Linalg.Dot);
    }
}

namespace Autograd.Ops
{
    /// <summary>Matrix products. Every one ends in <see cref="Product"/>, which reads both operands through
    /// their strides (transposes and broadcast batches cost no copy) and calls the native batched kernel.</summary>
    internal static class Linalg
    {
        /// <summary>Where an out= overload's product goes: given the kernel's result shape (after every check of
        /// the operands), the tensor to write, a view of the prepared out (Note in <see cref="OutArgument"/>).</summary>
        internal delegate Tensor Destination(long[] shape);

        internal static Tensor Out(string op, Tensor a, Tensor b, Tensor? @out, Func<Tensor, Tensor, Destination?, Tensor> product)
        {
            if (@out is null) return product(a, b, null);
            OutArgument.CheckAutograd(op, a, b, @out);
            if (@out._storage == a._storage || @out._storage == b._storage)
            {
                // mm(a, b, out: a): the kernel reads its operands while it writes, and resizing out may
                // restride an operand (the same tensor) or move its storage, so the product goes to a new
                // tensor first
                Tensor result = product(a, b, null);
                Kernels.Copy(result, result._strides, OutArgument.Prepare(@out, result._shape, result._dtype));
            }
            else product(a, b, shape => OutArgument.Prepare(@out, shape, a._dtype));
            @out._storage.Version++;
            return @out;
        }

        /// <summary>matmul checks its operands' ranks before out= (PyTorch's order).</summary>
        internal static Tensor MatmulOut(Tensor a, Tensor b, Tensor? @out)
        {
            CheckMatmulRanks(a, b);
            return Out("matmul", a, b, @out, Matmul);
        }

        /// <summary>The destination of a product whose kernel result has an extra size-1 dim at
        /// <paramref name="dim"/> that the op then removes (a vector operand's).</summary>
        private static Destination? Squeezed(Destination? into, int dim) => into is null ? null : shape =>
        {
            int d = dim < 0 ? dim + shape.Length : dim;
            return into([.. shape[..d], .. shape[(d + 1)..]]).unsqueeze(d);
        };

        private static void CheckMatmulRanks(Tensor a, Tensor b)
        {
            int ra = a._shape.Length, rb = b._shape.Length;
            if (ra == 0 || rb == 0)
                throw new ArgumentException($"both arguments to matmul need to be at least 1D, but they are {ra}D and {rb}D");
        }

        private static void CheckTypes(Tensor a, Tensor b, string what)
        {
            if (a._dtype != b._dtype)
                throw new ArgumentException(
                    $"expected {what} to have the same dtype, but got: {DType.MetaName(a._dtype)} != {DType.MetaName(b._dtype)}");
            if (a._dtype == ScalarType.Bool) throw new NotSupportedException("\"addmm_impl_cpu_\" not implemented for 'Bool'");
        }

        internal static Tensor Matmul(Tensor a, Tensor b) => Matmul(a, b, null);

        internal static Tensor Matmul(Tensor a, Tensor b, Destination? into)
        {
            CheckMatmulRanks(a, b);
            int ra = a._shape.Length, rb = b._shape.Length;
            if (ra == 1 && rb == 1) return Dot(a, b, into);
            if (ra == 2 && rb == 2) return Mm(a, b, into);
            if (ra == 2 && rb == 1) return Mv(a, b, into);
            if (ra == 1 && rb == 2) return Mm(a.unsqueeze(0), b, Squeezed(into, 0)).squeeze(0);
            CheckTypes(a, b, "m1 and m2");
            // a 1-d operand joins the batched product as a row / column vector, removed afterwards
            if (ra == 1) return Product(a.unsqueeze(0), b, "BmmBackward0", BatchMessage, Squeezed(into, -2)).squeeze(-2);
            if (rb == 1) return Product(a, b.unsqueeze(-1), "BmmBackward0", BatchMessage, Squeezed(into, -1)).squeeze(-1);
            return Product(a, b, "BmmBackward0", rb == 2 && Folds(a, b, into is not null) ? FoldedMessage : BatchMessage, into);
        }

        /// <summary>Whether PyTorch's matmul folds a [..., M, K] @ [K, N] product into one mm (its should_fold): when
        /// the matrix needs a gradient, or the leading dims of <paramref name="a"/> view as rows without a copy. A
        /// folded product reports a mismatch as mm does, with the rows counted over the batch.</summary>
        private static bool Folds(Tensor a, Tensor b, bool hasOut)
        {
            if (b.requires_grad && !hasOut) return true;
            if (a._numel == 0) return true;
            for (int i = 0; i < a._shape.Length - 2; i++)
                if (a._strides[i] != a._strides[i + 1] * a._shape[i + 1]) return false;
            return true;
        }

        private static string FoldedMessage(Tensor a, Tensor b) =>
            $"mat1 and mat2 shapes cannot be multiplied ({Shape.Numel(a._shape.AsSpan(0, a._shape.Length - 1))}x{a._shape[^1]} " +
            $"and {b._shape[0]}x{b._shape[1]})";

        /// <summary>PyTorch's linear with a bias on a matrix input: addmm(bias, a, b) with b = weight.t(). The
        /// result starts as the bias broadcast to [M, N] and the product is accumulated into it, so the
        /// layer writes one output (a fresh array is cold memory in .NET) instead of a product and then a
        /// sum; grad_fn is AddmmBackward0 as in PyTorch. Null when the bias cannot take part this way (a
        /// dtype that differs, a shape that does not broadcast to [M, N]): the caller adds it instead,
        /// with that path's promotion and messages. Shape and dtype errors of the product are mm's.</summary>
        internal static Tensor? Addmm(Tensor bias, Tensor a, Tensor b)
        {
            if (a._shape.Length != 2 || b._shape.Length != 2 || bias._shape.Length > 2) return null;
            if (bias._dtype != a._dtype || b._dtype != a._dtype || a._dtype == ScalarType.Bool) return null;
            long m = a._shape[0], k = a._shape[1], n = b._shape[1];
            if (b._shape[0] != k) return null; // mm reports it
            long[] shape = [m, n];
            for (int d = 0; d < bias._shape.Length; d++)
            {
                long size = bias._shape[d], target = shape[2 - bias._shape.Length + d];
                if (size != 1 && size != target) return null;
            }
            Tensor result = Tensor.Empty(shape, a._dtype);
            if (result._numel > 0)
            {
                Kernels.Copy(bias, Shape.ExpandStrides(bias._shape, bias._strides, shape), result);
                if (k > 0) Kernels.Matmul2D(a, b, result, accumulate: true);
            }
            if (Graph.Needs(bias, a, b))
            {
                Save(Graph.Connect(new MatmulBackward("AddmmBackward0", first: 1), result, bias, a, b), a, b);
            }
            return result;
        }

        internal static Tensor Mm(Tensor a, Tensor b, Destination? into = null)
        {
            if (a._shape.Length != 2) throw new ArgumentException("self must be a matrix");
            if (b._shape.Length != 2) throw new ArgumentException("mat2 must be a matrix");
            CheckTypes(a, b, "m1 and m2");
            return Product(a, b, "MmBackward0", (x, y) =>
                $"mat1 and mat2 shapes cannot be multiplied ({x._shape[0]}x{x._shape[1]} and {y._shape[0]}x{y._shape[1]})", into);
        }

        internal static Tensor Bmm(Tensor a, Tensor b, Destination? into = null)
        {
            if (a._shape.Length != 3) throw new ArgumentException("batch1 must be a 3D tensor");
            if (b._shape.Length != 3) throw new ArgumentException("batch2 must be a 3D tensor");
            CheckTypes(a, b, "m1 and m2");
            if (a._shape[0] != b._shape[0] || a._shape[2] != b._shape[1])
                throw new ArgumentException(
                    $"Expected size for first two dimensions of batch2 tensor to be: [{a._shape[0]}, {a._shape[2]}] but got: " +
                    $"[{b._shape[0]}, {b._shape[1]}].");
            return Product(a, b, "BmmBackward0", BatchMessage, into);
        }

        internal static Tensor Mv(Tensor a, Tensor v, Destination? into = null)
        {
            if (a._shape.Length != 2 || v._shape.Length != 1)
                throw new ArgumentException($"vector + matrix @ vector expected, got 1, {a._shape.Length}, {v._shape.Length}");
            CheckTypes(a, v, "m1 and m2");
            if (a._shape[1] != v._shape[0])
                throw new ArgumentException(
                    $"size mismatch, got input ({a._shape[0]}), mat ({a._shape[0]}x{a._shape[1]}), vec ({v._shape[0]})");
            return Product(a, v.unsqueeze(1), "MvBackward0", BatchMessage, Squeezed(into, 1)).squeeze(1);
        }

        internal static Tensor Dot(Tensor a, Tensor b, Destination? into = null)
        {
            if (a._shape.Length != 1 || b._shape.Length != 1)
                throw new ArgumentException($"1D tensors expected, but got {a._shape.Length}D and {b._shape.Length}D tensors");
            if (a._dtype != b._dtype)
                throw new ArgumentException(
                    $"dot : expected both vectors to have same dtype, but found {DType.LegacyName(a._dtype)} and " +
                    $"{DType.LegacyName(b._dtype)}");
            if (a._shape[0] != b._shape[0])
                throw new ArgumentException(
                    $"inconsistent tensor size, expected tensor [{a._shape[0]}] and src [{b._shape[0]}] to have the same number " +
                    $"of elements, but got {a._shape[0]} and {b._shape[0]} elements respectively");
            Tensor result;
            using (torch.no_grad())
                result = Product(a.unsqueeze(0), b.unsqueeze(1), "", BatchMessage, Squeezed(Squeezed(into, 0), 0)).reshape([]);
            if (Graph.Needs(a, b))
            {
                var node = Graph.Connect(new DotBackward0(), result, a, b);
                if (node.NeedsInputGrad(0)) node.Other = new SavedTensor(b);
                if (node.NeedsInputGrad(1)) node.Self = new SavedTensor(a);
            }
            return result;
        }

        internal static Tensor Outer(Tensor a, Tensor b)
        {
            if (a._shape.Length != 1) throw new ArgumentException($"outer: Expected 1-D argument self, but got {a._shape.Length}-D");
            if (b._shape.Length != 1) throw new ArgumentException($"outer: Expected 1-D argument vec2, but got {b._shape.Length}-D");
            // PyTorch's outer is this composite: its grad_fn is MulBackward0
            return a.reshape(-1, 1).mul(b);
        }

        private static string BatchMessage(Tensor a, Tensor b)
        {
            long batch = Shape.Numel(a._shape.AsSpan(0, a._shape.Length - 2));
            return $"Expected size for first two dimensions of batch2 tensor to be: [{batch}, {a._shape[^1]}] but got: [{batch}, " +
                $"{b._shape[^2]}].";
        }

        /// <summary>a [..., M, K] @ b [..., K, N] with broadcast batch dims into a contiguous [batch..., M, N]
        /// (or <paramref name="into"/>'s tensor); records a <see cref="MatmulBackward"/> named <paramref name="name"/>.</summary>
        internal static Tensor Product(Tensor a, Tensor b, string name, Func<Tensor, Tensor, string> mismatch, Destination? into = null)
        {
            int ra = a._shape.Length, rb = b._shape.Length;
            long m = a._shape[ra - 2], k = a._shape[ra - 1], n = b._shape[rb - 1];
            if (b._shape[rb - 2] != k) throw new ArgumentException(mismatch(a, b));
            // every entry point (matmul, mm, bmm, mv, dot) ends here: the one dtype check before the kernel
            if (a._dtype != b._dtype)
                throw new ArgumentException(
                    $"expected m1 and m2 to have the same dtype, but got: {DType.MetaName(a._dtype)} != {DType.MetaName(b._dtype)}");
            if (a._dtype == ScalarType.Bool) throw new NotSupportedException("\"addmm_impl_cpu_\" not implemented for 'Bool'");
            if (ra == 2 && rb == 2) return Record(Product2D(a, b, m, k, n, into), a, b, name);
            long[] aBatch = a._shape[..(ra - 2)], bBatch = b._shape[..(rb - 2)];
            long[] batch = Shape.Broadcast(aBatch, bBatch);
            long[] aStr = Shape.ExpandStrides(aBatch, a._strides[..(ra - 2)], batch);
            long[] bStr = Shape.ExpandStrides(bBatch, b._strides[..(rb - 2)], batch);
            long[] shape = [.. batch, m, n];
            Tensor result = Target(shape, a._dtype, k, into, anyStrides: false, out Tensor? copyTo);
            if (k > 0 && result._numel > 0) Run(a, aStr, b, bStr, batch, result, m, k, n);
            if (copyTo is not null) Kernels.Copy(result, result._strides, copyTo);
            return Record(result, a, b, name);
        }

        /// <summary>The plain matrix product (every linear layer): no batch plumbing, descriptors on the stack.</summary>
        private static Tensor Product2D(Tensor a, Tensor b, long m, long k, long n, Destination? into)
        {
            Tensor result = Target([m, n], a._dtype, k, into, anyStrides: true, out _); // 2-d: any strides, written in place
            if (k > 0 && result._numel > 0) Kernels.Matmul2D(a, b, result);
            return result;
        }

        /// <summary>The tensor the kernel writes: a new contiguous one, or the out= destination (which shares no
        /// memory with an operand, see <see cref="Out"/>). A non-contiguous destination the batched loop cannot
        /// address gets its values through a new one (<paramref name="copyTo"/>).</summary>
        private static Tensor Target(long[] shape, ScalarType dtype, long k, Destination? into, bool anyStrides, out Tensor? copyTo)
        {
            copyTo = null;
            if (into is not null)
            {
                Tensor d = into(shape);
                if (anyStrides || d.is_contiguous())
                {
                    if (k == 0 && d._numel > 0) Kernels.Fill(d, 0);
                    return d;
                }
                copyTo = d;
            }
            return k == 0 ? Tensor.Zeros(shape, dtype) : Tensor.Empty(shape, dtype);
        }

        private static Tensor Record(Tensor result, Tensor a, Tensor b, string name)
        {
            if (name.Length > 0 && Graph.Needs(a, b)) Save(Graph.Connect(new MatmulBackward(name), result, a, b), a, b);
            return result;
        }

        /// <summary>What the product's backward needs of its operands <paramref name="a"/> @ <paramref name="b"/>.</summary>
        private static void Save(MatmulBackward node, Tensor a, Tensor b)
        {
            if (node.NeedsInputGrad(node.First)) { node.Other = new SavedTensor(b); node.SelfTransposed = IsTransposed(a, b); }
            if (node.NeedsInputGrad(node.First + 1)) { node.Self = new SavedTensor(a); node.OtherTransposed = IsTransposed(b, a); }
        }

        /// <summary>Whether 2-d <paramref name="t"/> (with a 2-d partner) is the transpose of a contiguous
        /// matrix, as linear's <c>weight.t()</c> is: its gradient is then produced in that layout too.</summary>
        private static bool IsTransposed(Tensor t, Tensor partner) =>
            t._shape.Length == 2 && partner._shape.Length == 2 && t._shape[0] > 1 && t._shape[1] > 1
            && t._strides[0] == 1 && t._strides[1] == t._shape[0];

        /// <summary>Merges batch dims that both operands (and the contiguous output) step through uniformly;
        /// the innermost merged run is the kernel's batch, outer ones loop here.</summary>
        private static void Run(Tensor a, long[] aStr, Tensor b, long[] bStr, long[] batch, Tensor result, long m, long k, long n)
        {
            var sizes = new List<long>();
            var sa = new List<long>();
            var sb = new List<long>();
            for (int d = 0; d < batch.Length; d++)
            {
                if (batch[d] == 1) continue;
                int last = sizes.Count - 1;
                if (last >= 0 && sa[last] == aStr[d] * batch[d] && sb[last] == bStr[d] * batch[d])
                {
                    sizes[last] *= batch[d];
                    sa[last] = aStr[d];
                    sb[last] = bStr[d];
                    continue;
                }
                sizes.Add(batch[d]);
                sa.Add(aStr[d]);
                sb.Add(bStr[d]);
            }
            if (sizes.Count == 0) { sizes.Add(1); sa.Add(0); sb.Add(0); }
            int inner = sizes.Count - 1;
            long kb = sizes[inner], mn = m * n;
            long[] aShape = [kb, m, k], bShape = [kb, k, n], oShape = [kb, m, n];
            long[] aStrides = [sa[inner], a._strides[^2], a._strides[^1]];
            long[] bStrides = [sb[inner], b._strides[^2], b._strides[^1]];
            long[] oStrides = [mn, n, 1];
            long outer = 1;
            for (int i = 0; i < inner; i++) outer *= sizes[i];
            var pos = new long[inner];
            for (long o = 0; o < outer; o++)
            {
                long offA = a._offset, offB = b._offset;
                for (int i = 0; i < inner; i++) { offA += pos[i] * sa[i]; offB += pos[i] * sb[i]; }
                Tensor va = new(a._storage, aShape, aStrides, offA, a._dtype);
                Tensor vb = new(b._storage, bShape, bStrides, offB, b._dtype);
                Tensor vo = new(result._storage, oShape, oStrides, result._offset + o * kb * mn, result._dtype);
                Kernels.Matmul(va, aShape, aStrides, vb, bShape, bStrides, vo, oShape, oStrides, accumulate: false);
                for (int i = inner - 1; i >= 0 && ++pos[i] == sizes[i]; i--) pos[i] = 0;
            }
        }
    }

    // d(a @ b)/da = grad @ b^T; d(a @ b)/db = a^T @ grad (broadcast batch dims are summed by the engine).
    // Like PyTorch's mm_mat1/mat2_backward, an input that is a transposed contiguous matrix gets its
    // gradient in that layout, (b @ grad^T)^T or (grad^T @ a)^T: the same values, but linear's weight
    // gradient then reaches AccumulateGrad contiguous (stolen or added without a strided pass).
    //
    // Sinks: the engine may hand Apply, for either operand, a leaf's .grad to accumulate that operand's
    // gradient into (Note [Gradient sinks] in Engine.Sinks.cs), laid out as the operand (a transposed view of
    // .grad when the leaf reached the product through .t()). The kernel then adds the product into it, and
    // nothing is returned for that input.
    // AddmmBackward0 (first = 1) is the same node with the bias as input 0: its gradient is the
    // incoming one, which the engine sums to the bias's shape (Note [Broadcast reduction]).
    internal sealed class MatmulBackward(string nodeName, int first = 0) : Node
    {
        internal SavedTensor Self, Other;
        internal bool SelfTransposed, OtherTransposed;
        /// <summary>The input index of the product's left operand (its right one follows).</summary>
        internal int First => first;
        public override string name() => nodeName;
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [first == 0 ? Product(t, x) : ForwardAD.Sum(t[0], Product(t, x))];

        // d(a @ b) = da @ b + a @ db
        private Tensor? Product(Tensor?[] t, Tensor[] x) =>
            ForwardAD.Sum(t[first]?.matmul(x[first + 1]), t[first + 1] is { } tb ? x[first].matmul(tb) : null);
        internal override bool AcceptsSinks => true;
        internal override bool CanSink(int input) => input == first || input == first + 1;
        internal override Tensor?[] Apply(Tensor?[] g) => Apply(g, default, default);
        internal override Tensor?[] Apply(Tensor?[] g, ReadOnlySpan<GradientSink> sinks) => Apply(g, sinks[first], sinks[first + 1]);

        private Tensor?[] Apply(Tensor?[] g, GradientSink sink0, GradientSink sink1)
        {
            Tensor grad = g[0]!;
            Tensor? d0 = null, d1 = null;
            if (NeedsInputGrad(first))
            {
                Tensor other = Other.Unpack(this);
                if (!Sink(grad, other.mT, sink0))
                    d0 = SelfTransposed ? other.matmul(grad.mT).mT : grad.matmul(other.mT);
            }
            if (NeedsInputGrad(first + 1))
            {
                Tensor self = Self.Unpack(this);
                if (!Sink(self.mT, grad, sink1))
                    d1 = OtherTransposed ? grad.mT.matmul(self).mT : self.mT.matmul(grad);
            }
            return first == 0 ? [d0, d1] : [NeedsInputGrad(0) ? grad : null, d0, d1];
        }

        /// <summary>sink += a @ b for 2-d operands, unless the sink is empty or shares memory with either
        /// (then the caller computes the gradient as usual).</summary>
        private static bool Sink(Tensor a, Tensor b, GradientSink sink)
        {
            if (sink.View is not { } into || a._shape.Length != 2 || b._shape.Length != 2
                || into._storage == a._storage || into._storage == b._storage)
                return false;
            return sink.TryAccumulate((a, b), static (into, ab) => Kernels.Matmul2D(ab.a, ab.b, into, accumulate: true));
        }

        internal override void ReleaseVariables() { Self.Release(); Other.Release(); }
    }

    // d(a·b)/da = grad * b; d(a·b)/db = grad * a
    internal sealed class DotBackward0 : Node
    {
        internal SavedTensor Self, Other;
        public override string name() => "DotBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [ForwardAD.Sum(t[0]?.dot(x[1]), t[1] is { } tb ? x[0].dot(tb) : null)];
        internal override Tensor?[] Apply(Tensor?[] g) =>
            [NeedsInputGrad(0) ? g[0]!.mul(Other.Unpack(this)) : null, NeedsInputGrad(1) ? g[0]!.mul(Self.Unpack(this)) : null];
        // Note [Batched backward]: each batch entry's scalar gradient scales the whole vector
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply([g[0]!.unsqueeze(-1)]);
        internal override void ReleaseVariables() { Self.Release(); Other.Release(); }
    }
}
