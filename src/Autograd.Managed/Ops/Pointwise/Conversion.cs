namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>This tensor converted to <paramref name="type"/>; itself when already of that type
            /// (unless <paramref name="copy"/>). Differentiable between floating types.</summary>
            public Tensor to(ScalarType type, bool copy = false, bool disposeAfter = false, bool non_blocking = false) =>
                Ops.Conversion.To(this, type, copy);
            /// <summary>Moves to a device: only the CPU exists, so this returns the tensor itself.</summary>
            public Tensor to(Device device, bool copy = false, bool disposeAfter = false, bool non_blocking = false)
            {
                Device.Check(device);
                return copy ? clone() : this;
            }
            /// <summary>Converts to <paramref name="type"/> on <paramref name="device"/> (the CPU).</summary>
            public Tensor to(ScalarType type, Device device, bool copy = false, bool disposeAfter = false, bool non_blocking = false)
            {
                Device.Check(device);
                return to(type, copy);
            }
            /// <summary>Moves to a device kind: only the CPU exists.</summary>
            public Tensor to(DeviceType deviceType, int deviceIndex = -1, bool copy = false, bool disposeAfter = false,
                             bool non_blocking = false) =>
                to(new Device(deviceType, deviceIndex), copy);
            /// <summary>Moves to a device named like "cpu": only the CPU exists.</summary>
            public Tensor to(string device, bool copy = false, bool disposeAfter = false, bool non_blocking = false) =>
                to(new Device(device), copy);
            /// <summary>Converts to other's dtype.</summary>
            public Tensor to(Tensor other, bool non_blocking = false) => to(other.dtype);
            /// <summary>TorchSharp's name for <see cref="to(ScalarType, bool, bool, bool)"/>.</summary>
            public Tensor to_type(ScalarType type, bool copy = false, bool disposeAfter = false, bool non_blocking = false) =>
                to(type, copy);
            /// <summary>Converts to float32.</summary>
            public Tensor @float() => to(ScalarType.Float32);
            /// <summary>Converts to float64.</summary>
            public Tensor @double() => to(ScalarType.Float64);
            /// <summary>Converts to int64 (truncating toward zero).</summary>
            public Tensor @long() => to(ScalarType.Int64);
            /// <summary>Converts to bool (nonzero is true).</summary>
            public Tensor @bool() => to(ScalarType.Bool);
            /// <summary>Converts to int32 (floating values truncate toward zero; wider integers keep their low bits).</summary>
            public Tensor @int() => to(ScalarType.Int32);
            /// <summary>Converts to int16.</summary>
            public Tensor @short() => to(ScalarType.Int16);
            /// <summary>Converts to int8 (PyTorch's <c>char()</c>).</summary>
            public Tensor @char() => to(ScalarType.Int8);
            /// <summary>Converts to uint8.</summary>
            public Tensor @byte() => to(ScalarType.Byte);
            /// <summary>Converts to float16 (rounded to nearest even). Differentiable.</summary>
            public Tensor half() => to(ScalarType.Float16);
            /// <summary>Converts to bfloat16 (rounded to nearest even). Differentiable.</summary>
            public Tensor bfloat16() => to(ScalarType.BFloat16);
            /// <summary>PyTorch's <c>type(dtype)</c>: converts to <paramref name="type"/> (see
            /// <see cref="to(ScalarType, bool, bool, bool)"/>).</summary>
            public Tensor type(ScalarType type, bool non_blocking = false) => to(type);
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>dtype conversion (PyTorch's _to_copy).</summary>
    internal static class Conversion
    {
        internal static Tensor To(Tensor x, ScalarType type, bool copy)
        {
            DType.Check(type);
            if (type == x._dtype && !copy) return x;
            Tensor result = Tensor.Empty(x._shape, type);
            Kernels.Copy(x, x._strides, result);
            if (DType.IsFloating(type) && Graph.Needs(x)) Graph.Connect(new ToCopyBackward0(), result, x);
            return result;
        }
    }

    // d(x.to(t))/dx = grad converted back (the engine casts to the input's dtype)
    internal sealed class ToCopyBackward0 : Node
    {
        public override string name() => "ToCopyBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.to(y[0]._dtype)];
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]];
    }
}
