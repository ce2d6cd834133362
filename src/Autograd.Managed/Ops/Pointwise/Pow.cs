using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>this ** exponent.</summary>
            public Tensor pow(Scalar exponent) => Ops.PowOps.PowScalar(this, exponent);
            /// <summary>this ** exponent, broadcast.</summary>
            public Tensor pow(Tensor exponent) => Ops.PowOps.PowTensor(this, exponent);
            /// <summary>In place: this = this ** exponent.</summary>
            public Tensor pow_(Scalar exponent) => Ops.PowOps.PowScalarInPlace(this, exponent);
            /// <summary>In place: this = this ** exponent.</summary>
            public Tensor pow_(Tensor exponent) => Ops.PowOps.PowTensorInPlace(this, exponent);
        }
    }

    public static partial class torch
    {
        /// <summary>left ** exponent.</summary>
        public static Tensor pow(Tensor left, Scalar exponent) => left.pow(exponent);
        /// <summary>left ** exponent, broadcast.</summary>
        public static Tensor pow(Tensor left, Tensor exponent) => left.pow(exponent);
        /// <summary>self ** exponent with a scalar base.</summary>
        public static Tensor pow(Scalar self, Tensor exponent) => Ops.PowOps.PowScalarBase(self, exponent);
        /// <summary>self ** exponent with a C# double base (a Python-style scalar: it does not upcast float32).</summary>
        public static Tensor pow(double self, Tensor exponent) => Ops.PowOps.PowScalarBase(self, exponent);
    }
}

namespace Autograd.Ops
{
    /// <summary>pow in its three forms: tensor**scalar, tensor**tensor, scalar**tensor.</summary>
    internal static class PowOps
    {
        /// <summary>PyTorch has no bool pow kernel; neither do we.</summary>
        private static ScalarType NotBool(ScalarType t) =>
            t == ScalarType.Bool ? throw new NotSupportedException("\"pow\" not implemented for 'Bool'") : t;

        /// <summary>PyTorch rejects a negative integer exponent of an integer tensor (a tensor exponent instead
        /// gives 0 for |base| &gt; 1, as integer division would).</summary>
        private static ScalarType CheckScalarExponent(Tensor x, Scalar e)
        {
            ScalarType t = NotBool(ResultType(x, e));
            if (t == ScalarType.Int64 && e.IntValue < 0 && !e.IsFloating)
                throw new ArgumentException("Integers to negative integer powers are not allowed.");
            return t;
        }

        internal static Tensor PowScalar(Tensor x, Scalar e)
        {
            ScalarType t = CheckScalarExponent(x, e);
            Tensor input = As(x, t);
            Tensor result;
            if (DType.IsIntegral(t)) // no integer unary pow kernel: the binary one with a 0-d exponent
                result = Binary(AgnBinaryOp.Pow, input, ScalarTensor(e, t), t, t);
            else
                result = Unary(AgnUnaryOp.PowScalar, input, e.Value);
            if (Graph.Needs(x)) Graph.Connect(new PowBackward0(e.Value) { Self = new SavedTensor(x) }, result, x);
            return result;
        }

        /// <summary>self = self ** e, every check made before self is written.</summary>
        internal static Tensor PowScalarInPlace(Tensor self, Scalar e)
        {
            ScalarType t = CheckScalarExponent(self, e);
            if (DType.IsIntegral(t)) // no integer unary pow kernel: the binary one with a 0-d exponent
                return Arithmetic.BinaryInPlace(self, ScalarTensor(e, t), AgnBinaryOp.Pow, s => s.pow(e));
            return Arithmetic.InPlaceScalar(self, e, s => s.pow(e), AgnUnaryOp.PowScalar, e.Value, 0);
        }

        internal static Tensor PowTensor(Tensor x, Tensor e)
        {
            ScalarType t = NotBool(ResultType(x, e));
            Tensor result = Binary(AgnBinaryOp.Pow, x, e, t, t);
            if (Graph.Needs(x, e))
            {
                var node = Graph.Connect(new PowBackward1(), result, x, e);
                node.Self = new SavedTensor(x);
                node.Exponent = new SavedTensor(e);
                if (node.NeedsInputGrad(1)) node.Result = new SavedTensor(result);
            }
            return result;
        }

        // the out-of-place op's dtype check first: bool ** bool has no kernel (LibTorch's message, nothing written)
        internal static Tensor PowTensorInPlace(Tensor x, Tensor e)
        {
            NotBool(ResultType(x, e));
            return Arithmetic.BinaryInPlace(x, e, AgnBinaryOp.Pow, s => s.pow(e));
        }

        internal static Tensor PowScalarBase(Scalar b, Tensor e)
        {
            ScalarType t = NotBool(ResultType(e, b));
            Tensor result = Binary(AgnBinaryOp.Pow, ScalarTensor(b, t), e, t, t);
            if (Graph.Needs(e))
                Graph.Connect(new PowBackward2(b.Value) { Result = new SavedTensor(result) }, result, e);
            return result;
        }
    }

    // d(x^p)/dx = grad * p * x^(p-1), and 0 where p == 0
    internal sealed class PowBackward0(double exponent) : Node
    {
        internal SavedTensor Self;
        public override string name() => "PowBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => DiagonalJvp(t);
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor x = Self.Unpack(this);
            if (exponent == 0) return [torch.zeros_like(g[0]!)];
            if (exponent == 1) return [g[0]];
            if (exponent == 2)
            {
                // the common square: grad * x * 2; without create_graph the doubling reuses the fresh product
                Tensor gx = g[0]!.mul(x);
                return [GradMode.IsEnabled ? gx.mul(2) : gx.mul_(2)];
            }
            return [g[0]!.mul(x.pow(exponent - 1).mul(exponent))];
        }
        internal override void ReleaseVariables() => Self.Release();
    }

    // d(x^e)/dx = grad * e * x^(e-1) (0 where e == 0); d(x^e)/de = grad * x^e * log(x) (0 where x == 0 and e >= 0)
    internal sealed class PowBackward1 : Node
    {
        internal SavedTensor Self, Exponent, Result;
        public override string name() => "PowBackward1";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        // d(x^e) = e x^(e-1) dx + x^e log(x) de, with the backward's masks
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
        {
            Tensor a = x[0], e = x[1];
            Tensor? dx = null, de = null;
            if (t[0] is { } ta)
            {
                Tensor d = e.mul(a.pow(e.sub(1)));
                dx = torch.where(e.eq(0), torch.zeros_like(d), d).mul(ta);
            }
            if (t[1] is { } te)
            {
                Tensor d = y[0].mul(a.log());
                de = torch.where(a.eq(0).logical_and(e.ge(0)), torch.zeros_like(d), d).mul(te);
            }
            return [ForwardAD.Sum(dx, de)];
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor x = Self.Unpack(this), e = Exponent.Unpack(this);
            Tensor? gx = null, ge = null;
            if (NeedsInputGrad(0))
            {
                Tensor d = e.mul(x.pow(e.sub(1)));
                gx = torch.where(e.eq(0), torch.zeros_like(d), d).mul(g[0]!);
            }
            if (NeedsInputGrad(1))
            {
                Tensor d = Result.Unpack(this).mul(x.log());
                ge = torch.where(x.eq(0).logical_and(e.ge(0)), torch.zeros_like(d), d).mul(g[0]!);
            }
            return [gx, ge];
        }
        internal override void ReleaseVariables() { Self.Release(); Exponent.Release(); Result.Release(); }
    }

    // d(b^e)/de = grad * b^e * log(b)  (0 when b == 0 and e >= 0)
    internal sealed class PowBackward2(double b) : Node
    {
        internal SavedTensor Result;
        public override string name() => "PowBackward2";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => DiagonalJvp(t);
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor r = Result.Unpack(this);
            if (b == 0) return [torch.zeros_like(g[0]!)]; // PyTorch masks e >= 0; for e < 0 the value is inf anyway
            return [g[0]!.mul(r.mul(Math.Log(b)))];
        }
        internal override void ReleaseVariables() => Result.Release();
    }
}
