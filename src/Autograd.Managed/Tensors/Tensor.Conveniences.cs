namespace Autograd;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>The value of a one-element tensor as float (converted from any dtype, as TorchSharp's
        /// <c>ToSingle</c>); throws <c>a Tensor with N elements cannot be converted to Scalar</c> otherwise.</summary>
        public float ToSingle() => ItemAs<float>();
        /// <summary>The value of a one-element tensor as double.</summary>
        public double ToDouble() => ItemAs<double>();
        /// <summary>The value of a one-element tensor as int (floating values truncate toward zero).</summary>
        public int ToInt32() => ItemAs<int>();
        /// <summary>The value of a one-element tensor as long (floating values truncate toward zero).</summary>
        public long ToInt64() => ItemAs<long>();
        /// <summary>Whether the value of a one-element tensor is nonzero.</summary>
        public bool ToBoolean() => ItemAs<bool>();
        /// <summary>The value of a one-element tensor as a <see cref="Scalar"/> of its category.</summary>
        public Scalar ToScalar() => _dtype switch
        {
            ScalarType.Bool => ItemAs<bool>(),
            _ when DType.IsIntegral(_dtype) => ItemAs<long>(),
            _ => ItemAs<double>(),
        };
        /// <summary>The value of a one-element tensor as Half (rounded to nearest even from other dtypes).</summary>
        public Half ToHalf() => ItemAs<Half>();

        /// <summary>This tensor: everything already lives on the CPU.</summary>
        public Tensor cpu() => this;
        /// <summary>Throws PyTorch's <c>Torch not compiled with CUDA enabled</c> (<see cref="NotSupportedException"/>):
        /// this library computes on the CPU only (<see cref="torch.cuda.is_available"/> is false).</summary>
        public Tensor cuda(Device? device = null, bool non_blocking = false) => throw Device.NoCuda();

        /// <summary>PyTorch's isclose: |this - other| ≤ atol + rtol·|other| elementwise (bool), equal infinities
        /// are close, NaNs only with <paramref name="nanEqual"/>. Both tensors must have one dtype
        /// (<c>Float did not match Long</c>); shapes broadcast.</summary>
        public Tensor isclose(Tensor other, double rtol = 1e-05, double atol = 1e-08, bool nanEqual = false) =>
            Ops.Closeness.IsClose(this, other, rtol, atol, nanEqual);
        /// <summary>Whether every element is <see cref="isclose"/> to other's.</summary>
        public bool allclose(Tensor target, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) =>
            isclose(target, rtol, atol, equal_nan).all().item<bool>();
    }

    /// <summary>See <see cref="Tensor.isclose"/>.</summary>
    public static Tensor isclose(Tensor tensor, Tensor other, double rtol = 1e-05, double atol = 1e-08, bool nanEqual = false) =>
        tensor.isclose(other, rtol, atol, nanEqual);
    /// <summary>See <see cref="Tensor.allclose"/>.</summary>
    public static bool allclose(Tensor tensor, Tensor target, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) =>
        tensor.allclose(target, rtol, atol, equal_nan);
    /// <summary>Whether both tensors have the same shape and equal elements (PyTorch's <c>torch.equal</c>; NaN is
    /// never equal).</summary>
    public static bool equal(Tensor tensor, Tensor target) => tensor.equal(target);

    /// <summary>A CUDA device description ("cuda"): describing it works, using it throws
    /// <c>Torch not compiled with CUDA enabled</c>.</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>A device from its description: "cpu", "cuda" or "cuda:N".</summary>
    public static Device device(string description) => new(description);
    /// <summary>A device from its kind's name and an index ("cuda", 1).</summary>
    public static Device device(string deviceType, int index = -1)
    {
        var d = new Device(deviceType);
        return index < 0 ? d : new Device(d.type, index);
    }
    /// <summary>A device from its kind and index.</summary>
    public static Device device(DeviceType deviceType, int index = -1) => new(deviceType, index);
    /// <summary>CUDA device <paramref name="index"/> (TorchSharp's shorthand); using it throws.</summary>
    public static Device device(int index) => new(DeviceType.CUDA, index);

    /// <summary>Whether CUDA can be used: always false here (TorchSharp's spelling).</summary>
    public static bool cuda_is_available() => false;

    /// <summary>An MPS device description (TorchSharp's <c>torch.MPS</c>), so device lists written for TorchSharp
    /// compile; using it throws <see cref="NotSupportedException"/>.</summary>
    public static readonly Device MPS = new(DeviceType.MPS);

    /// <summary>Whether Apple's MPS can be used: always false here (TorchSharp's spelling).</summary>
    public static bool mps_is_available() => false;

    /// <summary>CUDA queries, as <c>torch.cuda</c>: no CUDA device exists in this library.</summary>
    public static class cuda
    {
        /// <summary>Always false: Autograd.Native computes on the CPU.</summary>
        public static bool is_available() => false;
        /// <summary>Always 0.</summary>
        public static int device_count() => 0;
    }
}
