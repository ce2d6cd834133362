using Autograd.Native;

namespace Autograd.Ops;

/// <summary>
/// The frame every in-place random op shares: PyTorch's in-place checks, the generator's lock, the
/// order in which elements receive their draws, the version bump and the cut history. LibTorch's serial
/// kernels visit a lone output in memory order (TensorIterator sorts dimensions by stride), so a
/// non-contiguous tensor gets its draws in a contiguous buffer in that order, scattered afterwards.
/// </summary>
internal static class RandomFill
{
    /// <summary>Fills <paramref name="self"/> in place. <paramref name="fill"/> receives the generator
    /// (locked), a contiguous 1-d chunk of self's elements in draw order (<see cref="Chunks"/>; the whole
    /// contiguous target, any shape, when <paramref name="whole"/>), whether self itself is contiguous
    /// (LibTorch's normal sampler depends on it) and the chunk's first element number. An empty tensor is
    /// returned untouched.</summary>
    internal static Tensor InPlace(Tensor self, string nodeName, torch.Generator? generator,
                                   Action<torch.Generator, Tensor, bool, long> fill, bool whole = false)
    {
        Elementwise.CheckInPlace(self, self._dtype, null, false);
        if (self._numel == 0) return self;
        // LibTorch's draws for these dtypes are not reproduced yet: refuse rather than write wrong bits
        if (DType.IsStorageOnly(self._dtype))
            throw new NotSupportedException(
                $"random sampling into {DType.Name(self._dtype)} is not implemented by Autograd.Native; sample in float32 or " +
                $"int64 and convert.");
        torch.Generator g = generator ?? torch.Generator.Default;
        bool contiguous = self.is_contiguous();
        Tensor target = contiguous ? self : Tensor.Empty((long[])MemoryOrder(self)._shape.Clone(), self._dtype);
        lock (g.Lock)
        {
            if (whole) fill(g, target, contiguous, 0);
            else
            {
                long start = 0;
                foreach (Tensor chunk in Chunks(target))
                {
                    fill(g, chunk, contiguous, start);
                    start += chunk._numel;
                }
            }
        }
        if (!contiguous)
        {
            Tensor view = MemoryOrder(self);
            Kernels.Copy(target, Shape.ContiguousStrides(view._shape), view);
        }
        self._storage.Version++;
        if (Elementwise.RecordsGrad(self)) Fill.EndHistory(self, nodeName);
        if (ForwardAD.Active) ForwardAD.SetInPlaceTangent(self, null); // a draw: tangent 0
        return self;
    }

    /// <summary>Elements per chunk handed to a sampler: a span holds fewer than 2^31 elements. A multiple
    /// of 16, so LibTorch's 16-element normal blocks never straddle two chunks. Tests lower it.</summary>
    internal static long ChunkElements = 1L << 30;

    /// <summary>Consecutive 1-d views of a contiguous tensor, each small enough for a span.</summary>
    internal static IEnumerable<Tensor> Chunks(Tensor t)
    {
        for (long start = 0; start < t._numel; start += ChunkElements)
            yield return new Tensor(t._storage, [Math.Min(ChunkElements, t._numel - start)], [1], t._offset + start, t._dtype);
    }

    /// <summary>A view of <paramref name="t"/> whose row-major order is its memory order: dimensions
    /// sorted by decreasing stride (stable, so equal strides keep their order).</summary>
    internal static Tensor MemoryOrder(Tensor t) => Permuted(t, MemoryOrderOf(t));

    /// <summary>The dimensions of <paramref name="t"/> by decreasing stride.</summary>
    internal static int[] MemoryOrderOf(Tensor t)
    {
        int[] order = new int[t._shape.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        long[] strides = t._strides;
        Array.Sort(order, (a, b) => strides[a] != strides[b] ? strides[b].CompareTo(strides[a]) : a.CompareTo(b));
        return order;
    }

    /// <summary>A view of <paramref name="t"/> with its dimensions in <paramref name="order"/>.</summary>
    internal static Tensor Permuted(Tensor t, int[] order)
    {
        long[] shape = new long[order.Length], st = new long[order.Length];
        for (int i = 0; i < order.Length; i++) { shape[i] = t._shape[order[i]]; st[i] = t._strides[order[i]]; }
        return new Tensor(t._storage, shape, st, t._offset, t._dtype);
    }

    /// <summary>Writes doubles computed by a sampler into a contiguous tensor of any dtype, converting
    /// each as LibTorch's <c>static_cast&lt;scalar_t&gt;</c> does.</summary>
    internal static void Store(Tensor target, ReadOnlySpan<double> values)
    {
        switch (target._dtype)
        {
            case ScalarType.Float32:
                Span<float> f = target.ContiguousSpan<float>();
                for (int i = 0; i < f.Length; i++) f[i] = (float)values[i];
                break;
            case ScalarType.Float64:
                values.CopyTo(target.ContiguousSpan<double>());
                break;
            case ScalarType.Int64:
                Span<long> l = target.ContiguousSpan<long>();
                for (int i = 0; i < l.Length; i++) l[i] = (long)values[i];
                break;
            default:
                Span<bool> b = target.ContiguousSpan<bool>();
                for (int i = 0; i < b.Length; i++) b[i] = values[i] != 0;
                break;
        }
    }

    /// <summary>PyTorch's message for a kernel that has no version for a dtype.</summary>
    internal static NotSupportedException NotImplemented(string kernel, ScalarType t) =>
        new($"\"{kernel}\" not implemented for '{DType.ShortName(t)}'");

    /// <summary>A double as LibTorch's messages print it (C++ ostream: 6 significant digits, %g style).</summary>
    internal static string Num(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        string s = v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        if (e < 0) return s;
        string exp = s[(e + 2)..].PadLeft(2, '0');
        return s[..e] + "e" + s[e + 1] + exp;
    }
}

