namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>A padding layer: <c>nn.functional.pad(input, padding, mode, value)</c> with fixed sizes
    /// (left, right[, top, bottom]) in PyTorch's order.</summary>
    public abstract class PadBase : ParameterLessModule<Tensor, Tensor>
    {
        private readonly PaddingModes _mode;

        /// <summary>A padding module named <paramref name="name"/>.</summary>
        protected PadBase(string name, PaddingModes mode, double value, params long[] padding) : base(name)
        {
            _mode = mode;
            this.value = value;
            this.padding = padding;
        }

        /// <summary>The sizes, last dim first: (left, right[, top, bottom]).</summary>
        public long[] padding { get; set; }

        /// <summary>The fill value of constant padding.</summary>
        public double value { get; set; }

        /// <summary>The padded input.</summary>
        /// <exception cref="ArgumentException">As <c>nn.functional.pad</c>.</exception>
        public override Tensor forward(Tensor input) => torch.nn.functional.pad(input, padding, _mode, value);

        /// <summary>PyTorch's printout of the sizes: a tuple.</summary>
        protected string PaddingTuple => $"({string.Join(", ", padding)})";

        /// <summary>The sizes (reflection, replication and zero padding), or the sizes and the value (constant padding).</summary>
        public override string extra_repr() =>
            _mode == PaddingModes.Constant ? $"padding={PaddingTuple}, value={PyFloat(value)}" : PaddingTuple;
    }

    /// <summary>Pads the last dim with a constant.</summary>
    public sealed class ConstantPad1d : PadBase
    {
        internal ConstantPad1d(double value, params long[] padding) : base(nameof(ConstantPad1d), PaddingModes.Constant, value, padding) { }
    }

    /// <summary>Pads the last two dims with a constant.</summary>
    public sealed class ConstantPad2d : PadBase
    {
        internal ConstantPad2d(double value, params long[] padding) : base(nameof(ConstantPad2d), PaddingModes.Constant, value, padding) { }
    }

    /// <summary>Pads the last two dims with zeros.</summary>
    public sealed class ZeroPad2d : PadBase
    {
        internal ZeroPad2d(params long[] padding) : base(nameof(ZeroPad2d), PaddingModes.Zeros, 0, padding) { }
    }

    /// <summary>Pads the last dim with its reflection about the edge element.</summary>
    public sealed class ReflectionPad1d : PadBase
    {
        internal ReflectionPad1d(params long[] padding) : base(nameof(ReflectionPad1d), PaddingModes.Reflect, 0, padding) { }
    }

    /// <summary>Pads the last two dims with their reflection about the edge elements.</summary>
    public sealed class ReflectionPad2d : PadBase
    {
        internal ReflectionPad2d(params long[] padding) : base(nameof(ReflectionPad2d), PaddingModes.Reflect, 0, padding) { }
    }

    /// <summary>Pads the last dim by repeating its edge elements.</summary>
    public sealed class ReplicationPad1d : PadBase
    {
        internal ReplicationPad1d(params long[] padding) : base(nameof(ReplicationPad1d), PaddingModes.Replicate, 0, padding) { }
    }

    /// <summary>Pads the last two dims by repeating their edge elements.</summary>
    public sealed class ReplicationPad2d : PadBase
    {
        internal ReplicationPad2d(params long[] padding) : base(nameof(ReplicationPad2d), PaddingModes.Replicate, 0, padding) { }
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Pads both ends of the last dim by <paramref name="padding"/> with <paramref name="value"/>.</summary>
            public static Modules.ConstantPad1d ConstantPad1d(long padding, double value) => new(value, padding, padding);

            /// <summary>Pads the last dim by (left, right) with <paramref name="value"/>.</summary>
            public static Modules.ConstantPad1d ConstantPad1d((long, long) padding, double value) =>
                new(value, padding.Item1, padding.Item2);

            /// <summary>Pads every side of the last two dims by <paramref name="padding"/> with <paramref name="value"/>.</summary>
            public static Modules.ConstantPad2d ConstantPad2d(long padding, double value) => new(value, padding, padding, padding, padding);

            /// <summary>Pads the last two dims by (left, right, top, bottom) with <paramref name="value"/>.</summary>
            public static Modules.ConstantPad2d ConstantPad2d((long, long, long, long) padding, double value) =>
                new(value, padding.Item1, padding.Item2, padding.Item3, padding.Item4);

            /// <summary>Pads every side of the last two dims by <paramref name="padding"/> zeros.</summary>
            public static Modules.ZeroPad2d ZeroPad2d(long padding) => new(padding, padding, padding, padding);

            /// <summary>Pads the last two dims by (left, right, top, bottom) zeros.</summary>
            public static Modules.ZeroPad2d ZeroPad2d((long, long, long, long) padding) =>
                new(padding.Item1, padding.Item2, padding.Item3, padding.Item4);

            /// <summary>Reflects <paramref name="padding"/> elements at both ends of the last dim (each below its size).</summary>
            public static Modules.ReflectionPad1d ReflectionPad1d(long padding) => new(padding, padding);

            /// <summary>Reflects (left, right) elements at the ends of the last dim.</summary>
            public static Modules.ReflectionPad1d ReflectionPad1d((long, long) padding) => new(padding.Item1, padding.Item2);

            /// <summary>Reflects <paramref name="padding"/> elements at every side of the last two dims.</summary>
            public static Modules.ReflectionPad2d ReflectionPad2d(long padding) => new(padding, padding, padding, padding);

            /// <summary>Reflects (left, right, top, bottom) elements at the sides of the last two dims.</summary>
            public static Modules.ReflectionPad2d ReflectionPad2d((long, long, long, long) padding) =>
                new(padding.Item1, padding.Item2, padding.Item3, padding.Item4);

            /// <summary>Repeats the edge elements <paramref name="padding"/> times at both ends of the last dim.</summary>
            public static Modules.ReplicationPad1d ReplicationPad1d(long padding) => new(padding, padding);

            /// <summary>Repeats the edge elements (left, right) times at the ends of the last dim.</summary>
            public static Modules.ReplicationPad1d ReplicationPad1d((long, long) padding) => new(padding.Item1, padding.Item2);

            /// <summary>Repeats the edge elements <paramref name="padding"/> times at every side of the last two dims.</summary>
            public static Modules.ReplicationPad2d ReplicationPad2d(long padding) => new(padding, padding, padding, padding);

            /// <summary>Repeats the edge elements (left, right, top, bottom) times at the sides of the last two dims.</summary>
            public static Modules.ReplicationPad2d ReplicationPad2d((long, long, long, long) padding) =>
                new(padding.Item1, padding.Item2, padding.Item3, padding.Item4);
        }
    }
}
