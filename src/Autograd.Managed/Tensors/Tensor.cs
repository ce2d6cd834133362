using System.Runtime.InteropServices;

namespace Autograd;

public static partial class torch
{
    /// <summary>
    /// An n-dimensional array with PyTorch's autograd semantics: <see cref="requires_grad"/>,
    /// <see cref="grad"/>, <see cref="grad_fn"/>, <see cref="backward(Tensor, bool?, bool, IList{Tensor})"/>.
    /// A tensor is a view (shape, strides in elements, offset) of a <see cref="Storage"/>; views such as
    /// <c>reshape</c>, <c>transpose</c> and <c>expand</c> share storage, broadcasting is stride 0.
    /// Memory is managed: <see cref="Dispose"/> is never required. Not sealed only so that
    /// <see cref="Modules.Parameter"/> can derive from it, as TorchSharp's does.
    /// </summary>
    public partial class Tensor : IDisposable
    {
        internal Storage _storage;
        internal long[] _shape;
        internal long[] _strides;
        internal long _offset;
        internal ScalarType _dtype; // with _storage, changed only by SetData (a module's to(dtype))
        internal long _numel; // with _shape and _strides, changed only by resize_ and SetData

        // Autograd metadata. What every recorded op touches stays here; what only leaves, retained
        // tensors and views use lives in a side object allocated on first use (PyTorch keeps all of it in
        // a lazily created AutogradMeta): most tensors are temporaries, and each field costs every one.
        internal bool _requiresGrad;         // set on leaves only; non-leaves require grad through _gradFn
        internal Node? _gradFn;
        internal int _outputNr;
        private Extra? _extra;

        private sealed class Extra
        {
            internal Tensor? Grad;
            internal AccumulateGrad? Accumulator;
            internal bool RetainsGrad;
            internal Tensor? Base;
            internal ViewKind Kind;     // Note [Views and in-place]: how the view was made
            internal int ViewVersion;   // the storage version its history describes
        }

        internal Tensor? _grad
        {
            get => _extra?.Grad;
            set { if (value is not null || _extra is not null) (_extra ??= new()).Grad = value; }
        }

        internal AccumulateGrad? _gradAccumulator
        {
            get => _extra?.Accumulator;
            set { if (value is not null || _extra is not null) (_extra ??= new()).Accumulator = value; }
        }

        internal bool _retainsGrad
        {
            get => _extra?.RetainsGrad ?? false;
            set { if (value || _extra is not null) (_extra ??= new()).RetainsGrad = value; }
        }

        /// <summary>The tensor this is a view of, if any.</summary>
        internal Tensor? _base => _extra?.Base;

        /// <summary>Makes this tensor a view of <paramref name="root"/> (Note [Views and in-place]).</summary>
        internal void MarkView(Tensor root, ViewKind kind)
        {
            Extra extra = _extra ??= new();
            extra.Base = root;
            extra.Kind = kind;
            extra.ViewVersion = _storage.Version;
        }

        internal ViewKind _viewKind
        {
            get => _extra?.Kind ?? ViewKind.Default;
            set => _extra!.Kind = value;
        }

        internal int _viewVersion
        {
            get => _extra!.ViewVersion;
            set => _extra!.ViewVersion = value;
        }

        internal Tensor(Storage storage, long[] shape, long[] strides, long offset, ScalarType dtype)
        {
            _storage = storage;
            _shape = shape;
            _strides = strides;
            _offset = offset;
            _dtype = dtype;
            _numel = Shape.Numel(shape); // Note [Checked sizes]
        }

        /// <summary>PyTorch's <c>t.data = src</c>: this tensor object takes <paramref name="src"/>'s storage, layout and
        /// dtype and keeps its identity and autograd flags (a module's <c>to(dtype)</c> converts its parameters so,
        /// and an optimizer holding them sees the new values). Only for leaves.</summary>
        internal void SetData(Tensor src)
        {
            _storage = src._storage;
            _shape = src._shape;
            _strides = src._strides;
            _offset = src._offset;
            _dtype = src._dtype;
            _numel = src._numel;
        }

        /// <summary>A new contiguous tensor with uninitialised elements.</summary>
        internal static Tensor Empty(long[] shape, ScalarType dtype) =>
            new(Storage.Allocate(Shape.StorageBytes(shape, dtype)), shape, Shape.ContiguousStrides(shape), 0, dtype);

        /// <summary>A new contiguous tensor of zeros.</summary>
        internal static Tensor Zeros(long[] shape, ScalarType dtype) =>
            new(Storage.AllocateZeroed(Shape.StorageBytes(shape, dtype)), shape, Shape.ContiguousStrides(shape), 0, dtype);

        // ---- metadata ------------------------------------------------------------------------------

        /// <summary>The element type.</summary>
        public ScalarType dtype => _dtype;

        /// <summary>The sizes of every dimension (a copy).</summary>
        public long[] shape => (long[])_shape.Clone();

        /// <summary>The number of dimensions.</summary>
        public long ndim => _shape.Length;

        /// <summary>The number of dimensions (TorchSharp's name).</summary>
        public long Dimensions => _shape.Length;

        /// <summary>The number of elements (TorchSharp's name).</summary>
        public long NumberOfElements => _numel;

        /// <summary>Bytes per element.</summary>
        public long ElementSize => DType.ElementSize(_dtype);

        /// <summary>The device: always the CPU.</summary>
        public Device device => torch.CPU;

        /// <summary>The device kind: always <see cref="DeviceType.CPU"/>.</summary>
        public DeviceType device_type => DeviceType.CPU;

        /// <summary>The number of dimensions.</summary>
        public long dim() => _shape.Length;

        /// <summary>The number of elements.</summary>
        public long numel() => _numel;

        /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
        public long size(long dim) => _shape[Shape.WrapDimOfShape(dim, _shape.Length)];

        /// <summary>The sizes of every dimension.</summary>
        public long[] size() => shape;

        /// <summary>The strides of every dimension, in elements.</summary>
        public long[] stride() => (long[])_strides.Clone();

        /// <summary>The stride of dimension <paramref name="dim"/>, in elements.</summary>
        public long stride(long dim) => _strides[Shape.WrapDimOfShape(dim, _shape.Length)];

        /// <summary>Whether the elements are laid out in row-major order without gaps.</summary>
        public bool is_contiguous() => Shape.IsContiguous(_shape, _strides);

        /// <summary>The element offset of this view into its storage.</summary>
        public long storage_offset() => _offset;

        /// <summary>Whether this is a floating-point tensor.</summary>
        public bool is_floating_point() => DType.IsFloating(_dtype);

        /// <summary>Whether this tensor is stored on CUDA: never.</summary>
        public bool is_cuda => false;

        // ---- element access -------------------------------------------------------------------------

        /// <summary>The value of a one-element tensor, as its own element type (TorchSharp's rule: float for
        /// float32, long for int64, Half for float16, …; use <see cref="ToSingle"/> and its siblings to convert).</summary>
        /// <exception cref="ArgumentException">More than one element (PyTorch's message), or
        /// <typeparamref name="T"/> is not the dtype's element type (<c>Single is not compatible with Int64</c>).</exception>
        public T item<T>() where T : unmanaged
        {
            if (_numel != 1)
                throw new ArgumentException($"a Tensor with {_numel} elements cannot be converted to Scalar");
            Elements.CheckType<T>(_dtype);
            return Elements.Convert<T>(_dtype, _storage, _offset);
        }

        /// <summary>The value of a one-element tensor converted to <typeparamref name="T"/> (internal: the
        /// conversions' and the library's own reads).</summary>
        internal T ItemAs<T>() where T : unmanaged
        {
            if (_numel != 1)
                throw new ArgumentException($"a Tensor with {_numel} elements cannot be converted to Scalar");
            return Elements.Convert<T>(_dtype, _storage, _offset);
        }

        /// <summary>A copy of the elements in row-major order, converted to <typeparamref name="T"/>.</summary>
        public T[] ToArray<T>() where T : unmanaged => Elements.ToArray<T>(this);

        /// <summary>The elements, in row-major order, read through this view (TorchSharp's accessor).</summary>
        public TensorAccessor<T> data<T>() where T : unmanaged => new(this);

        /// <summary>A typed span over the elements of a contiguous tensor (internal: callers ensure layout, and
        /// fewer than 2^31 elements, a span's limit; the offset may be any).</summary>
        internal Span<T> ContiguousSpan<T>() where T : unmanaged =>
            _numel == 0 ? default // an empty view's offset may lie past its storage
                : MemoryMarshal.CreateSpan(ref _storage.Element<T>(_offset), checked((int)_numel));

        /// <summary>Does nothing: the GC frees every storage, native ones included, once no tensor, view or
        /// running kernel can reach it. Freeing here could pull memory from under a view or another
        /// thread's kernel sharing the storage, as no owner count is kept. Kept for TorchSharp source
        /// compatibility.</summary>
        public void Dispose() { }
    }
}
