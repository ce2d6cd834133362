using TensorIndex = Autograd.torch.TensorIndex;

namespace Autograd.Ops;

/// <summary>Note [Multi-tensor indexing]: x[t1, t2, ...] with several tensor indices (int64, or bool masks,
/// which count as their nonzero positions per dim). The tensors broadcast together; every other entry is
/// basic indexing applied first. The indexed dims of the view are brought to the front, flattened, and read
/// with one index_select at the linear positions, so the gradient is index_select's. The result's
/// broadcast dims replace the indexed dims where they stood when those were adjacent, else lead (PyTorch's
/// rule). Writes go through the same positions computed on an arange of x (IndexOps.Put).</summary>
internal static partial class Indexer
{
    internal static int TensorCount(TensorIndex[] indices) => indices.Count(ix => ix.kind == TensorIndex.Kind.Tensor);

    internal static Tensor MultiGet(Tensor x, TensorIndex[] indices)
    {
        // every tensor entry becomes as many full slices as dims it consumes; their view dims are recorded
        var replaced = new List<TensorIndex>();
        var tensors = new List<(int At, Tensor T)>();
        foreach (TensorIndex ix in indices)
        {
            if (ix.kind != TensorIndex.Kind.Tensor) { replaced.Add(ix); continue; }
            Tensor t = ix.tensor!;
            if (t._dtype != ScalarType.Int64 && t._dtype != ScalarType.Bool)
                throw new IndexOutOfRangeException("tensors used as indices must be long, int, byte or bool tensors");
            tensors.Add((replaced.Count, t));
            // a 0-d bool adds a dim of size 1 there (as None does) and indexes it with [0] (true) or nothing
            // (false), as LibTorch's applySlicing does
            if (t._dtype == ScalarType.Bool && t._shape.Length == 0) { replaced.Add(TensorIndex.None); continue; }
            for (int k = 0; k < (t._dtype == ScalarType.Bool ? t._shape.Length : 1); k++) replaced.Add(TensorIndex.Colon);
        }
        TensorIndex[] basic = [.. replaced];
        int consumed = basic.Count(ix => ix.kind is TensorIndex.Kind.Single or TensorIndex.Kind.Slice);
        var viewDim = new int[basic.Length];
        int d = 0;
        for (int i = 0; i < basic.Length; i++)
        {
            viewDim[i] = d;
            switch (basic[i].kind)
            {
                case TensorIndex.Kind.Slice or TensorIndex.Kind.None or TensorIndex.Kind.Null or TensorIndex.Kind.Bool: d++; break;
                case TensorIndex.Kind.Ellipsis: d += Math.Max(x._shape.Length - consumed, 0); break;
            }
        }
        Tensor view = Get(x, basic);

        // one int64 index per indexed view dim
        var dims = new List<int>();
        var idx = new List<Tensor>();
        foreach (var (at, t) in tensors)
        {
            int first = viewDim[at];
            if (t._dtype == ScalarType.Bool && t._shape.Length == 0)
            {
                dims.Add(first);
                idx.Add(torch.zeros([t.item<bool>() ? 1 : 0], ScalarType.Int64));
            }
            else if (t._dtype == ScalarType.Bool)
            {
                for (int k = 0; k < t._shape.Length; k++)
                    if (t._shape[k] != view._shape[first + k])
                        throw new IndexOutOfRangeException(
                            $"The shape of the mask {Shape.Format(t._shape)} at index {k} does not match the shape of the " +
                            $"indexed tensor {Shape.Format(view._shape)} at index {first + k}");
                Tensor[] perDim = torch.where(t);
                for (int k = 0; k < perDim.Length; k++) { dims.Add(first + k); idx.Add(perDim[k]); }
            }
            else { dims.Add(first); idx.Add(t); }
        }
        long[] shape = idx[0]._shape;
        for (int i = 1; i < idx.Count; i++)
        {
            try { shape = Shape.Broadcast(shape, idx[i]._shape); }
            catch (ArgumentException)
            {
                throw new IndexOutOfRangeException("shape mismatch: indexing tensors could not be broadcast together with shapes " +
                                                   string.Join(", ", idx.Select(t => Shape.Format(t._shape))));
            }
        }
        Tensor linear = torch.zeros(shape, ScalarType.Int64);
        long block = 1;
        for (int i = dims.Count - 1; i >= 0; i--)
        {
            long size = view._shape[dims[i]];
            Tensor wrapped = Indexing.CheckIndex(idx[i].contiguous(), size, dims[i], wrap: true, selectMessage: false);
            linear = linear.add(wrapped.mul(block));
            block *= size;
        }
        int rank = view._shape.Length;
        int[] rest = Enumerable.Range(0, rank).Where(k => !dims.Contains(k)).ToArray();
        Tensor front = view.permute([.. dims.Select(k => (long)k), .. rest.Select(k => (long)k)]);
        long[] restShape = rest.Select(k => view._shape[k]).ToArray();
        Tensor picked = front.reshape([block, .. restShape]).index_select(0, linear.reshape(-1)).reshape([.. shape, .. restShape]);
        bool adjacent = dims.Zip(dims.Skip(1), (a, b) => b == a + 1).All(s => s);
        if (!adjacent || dims[0] == 0) return picked;
        // adjacent indexed dims: the broadcast dims go where the first indexed dim was
        int nb = shape.Length, before = dims[0];
        long[] order = [.. Enumerable.Range(nb, before).Select(k => (long)k), .. Enumerable.Range(0, nb).Select(k => (long)k),
                        .. Enumerable.Range(nb + before, rest.Length - before).Select(k => (long)k)];
        return picked.permute(order);
    }

    /// <summary>The row-major positions in x that x[indices] reads, shaped like the result (int64).</summary>
    internal static Tensor FlatPositions(Tensor x, TensorIndex[] indices)
    {
        Tensor positions = torch.arange(x._numel, ScalarType.Int64).reshape(x._shape);
        return (TensorCount(indices) >= 2 ? MultiGet(positions, indices) : Get(positions, indices)).contiguous();
    }
}
