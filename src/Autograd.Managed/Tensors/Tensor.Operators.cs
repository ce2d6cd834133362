using System.Runtime.CompilerServices;

namespace Autograd;

// C# operators, spelled as in TorchSharp (overloads for each primitive keep `x * 2.0` unambiguous).
// C# 14 instance compound operators make `w -= lr * w.grad` an in-place update, exactly as in PyTorch.
public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Elementwise <c>add</c>, broadcast.</summary>
        public static Tensor operator +(Tensor left, Tensor right) => left.add(right);
        /// <summary>Elementwise <c>add</c> with a scalar.</summary>
        public static Tensor operator +(Tensor left, Scalar right) => left.add(right);
        /// <summary>Elementwise <c>add</c> with a scalar.</summary>
        public static Tensor operator +(Tensor left, double right) => left.add(right);
        /// <summary>Elementwise <c>add</c> with a scalar.</summary>
        public static Tensor operator +(Tensor left, float right) => left.add(right);
        /// <summary>Elementwise <c>add</c> with a scalar.</summary>
        public static Tensor operator +(Tensor left, int right) => left.add(right);
        /// <summary>Elementwise <c>add</c> with a scalar.</summary>
        public static Tensor operator +(Tensor left, long right) => left.add(right);
        /// <summary>Elementwise <c>add</c> with a scalar on the left.</summary>
        public static Tensor operator +(Scalar left, Tensor right) => right.add(left);
        /// <summary>Elementwise <c>add</c> with a scalar on the left.</summary>
        public static Tensor operator +(double left, Tensor right) => right.add(left);
        /// <summary>Elementwise <c>add</c> with a scalar on the left.</summary>
        public static Tensor operator +(float left, Tensor right) => right.add(left);
        /// <summary>Elementwise <c>add</c> with a scalar on the left.</summary>
        public static Tensor operator +(int left, Tensor right) => right.add(left);
        /// <summary>Elementwise <c>add</c> with a scalar on the left.</summary>
        public static Tensor operator +(long left, Tensor right) => right.add(left);
        /// <summary>In place (<c>add_</c>), as in PyTorch.</summary>
        public void operator +=(Tensor other) => add_(other);
        /// <summary>In place (<c>add_</c>) with a scalar.</summary>
        public void operator +=(Scalar other) => add_(other);
        /// <summary>In place (<c>add_</c>) with a scalar.</summary>
        public void operator +=(double other) => add_(other);
        /// <summary>In place (<c>add_</c>) with a scalar.</summary>
        public void operator +=(float other) => add_(other);
        /// <summary>In place (<c>add_</c>) with a scalar.</summary>
        public void operator +=(int other) => add_(other);
        /// <summary>In place (<c>add_</c>) with a scalar.</summary>
        public void operator +=(long other) => add_(other);
        /// <summary>Elementwise <c>sub</c>, broadcast.</summary>
        public static Tensor operator -(Tensor left, Tensor right) => left.sub(right);
        /// <summary>Elementwise <c>sub</c> with a scalar.</summary>
        public static Tensor operator -(Tensor left, Scalar right) => left.sub(right);
        /// <summary>Elementwise <c>sub</c> with a scalar.</summary>
        public static Tensor operator -(Tensor left, double right) => left.sub(right);
        /// <summary>Elementwise <c>sub</c> with a scalar.</summary>
        public static Tensor operator -(Tensor left, float right) => left.sub(right);
        /// <summary>Elementwise <c>sub</c> with a scalar.</summary>
        public static Tensor operator -(Tensor left, int right) => left.sub(right);
        /// <summary>Elementwise <c>sub</c> with a scalar.</summary>
        public static Tensor operator -(Tensor left, long right) => left.sub(right);
        /// <summary>Elementwise <c>sub</c> with a scalar on the left.</summary>
        public static Tensor operator -(Scalar left, Tensor right) => Ops.Reverse.Sub(left, right);
        /// <summary>Elementwise <c>sub</c> with a scalar on the left.</summary>
        public static Tensor operator -(double left, Tensor right) => Ops.Reverse.Sub(left, right);
        /// <summary>Elementwise <c>sub</c> with a scalar on the left.</summary>
        public static Tensor operator -(float left, Tensor right) => Ops.Reverse.Sub(left, right);
        /// <summary>Elementwise <c>sub</c> with a scalar on the left.</summary>
        public static Tensor operator -(int left, Tensor right) => Ops.Reverse.Sub(left, right);
        /// <summary>Elementwise <c>sub</c> with a scalar on the left.</summary>
        public static Tensor operator -(long left, Tensor right) => Ops.Reverse.Sub(left, right);
        /// <summary>In place (<c>sub_</c>), as in PyTorch.</summary>
        public void operator -=(Tensor other) => sub_(other);
        /// <summary>In place (<c>sub_</c>) with a scalar.</summary>
        public void operator -=(Scalar other) => sub_(other);
        /// <summary>In place (<c>sub_</c>) with a scalar.</summary>
        public void operator -=(double other) => sub_(other);
        /// <summary>In place (<c>sub_</c>) with a scalar.</summary>
        public void operator -=(float other) => sub_(other);
        /// <summary>In place (<c>sub_</c>) with a scalar.</summary>
        public void operator -=(int other) => sub_(other);
        /// <summary>In place (<c>sub_</c>) with a scalar.</summary>
        public void operator -=(long other) => sub_(other);
        /// <summary>Elementwise <c>mul</c>, broadcast.</summary>
        public static Tensor operator *(Tensor left, Tensor right) => left.mul(right);
        /// <summary>Elementwise <c>mul</c> with a scalar.</summary>
        public static Tensor operator *(Tensor left, Scalar right) => left.mul(right);
        /// <summary>Elementwise <c>mul</c> with a scalar.</summary>
        public static Tensor operator *(Tensor left, double right) => left.mul(right);
        /// <summary>Elementwise <c>mul</c> with a scalar.</summary>
        public static Tensor operator *(Tensor left, float right) => left.mul(right);
        /// <summary>Elementwise <c>mul</c> with a scalar.</summary>
        public static Tensor operator *(Tensor left, int right) => left.mul(right);
        /// <summary>Elementwise <c>mul</c> with a scalar.</summary>
        public static Tensor operator *(Tensor left, long right) => left.mul(right);
        /// <summary>Elementwise <c>mul</c> with a scalar on the left.</summary>
        public static Tensor operator *(Scalar left, Tensor right) => right.mul(left);
        /// <summary>Elementwise <c>mul</c> with a scalar on the left.</summary>
        public static Tensor operator *(double left, Tensor right) => right.mul(left);
        /// <summary>Elementwise <c>mul</c> with a scalar on the left.</summary>
        public static Tensor operator *(float left, Tensor right) => right.mul(left);
        /// <summary>Elementwise <c>mul</c> with a scalar on the left.</summary>
        public static Tensor operator *(int left, Tensor right) => right.mul(left);
        /// <summary>Elementwise <c>mul</c> with a scalar on the left.</summary>
        public static Tensor operator *(long left, Tensor right) => right.mul(left);
        /// <summary>In place (<c>mul_</c>), as in PyTorch.</summary>
        public void operator *=(Tensor other) => mul_(other);
        /// <summary>In place (<c>mul_</c>) with a scalar.</summary>
        public void operator *=(Scalar other) => mul_(other);
        /// <summary>In place (<c>mul_</c>) with a scalar.</summary>
        public void operator *=(double other) => mul_(other);
        /// <summary>In place (<c>mul_</c>) with a scalar.</summary>
        public void operator *=(float other) => mul_(other);
        /// <summary>In place (<c>mul_</c>) with a scalar.</summary>
        public void operator *=(int other) => mul_(other);
        /// <summary>In place (<c>mul_</c>) with a scalar.</summary>
        public void operator *=(long other) => mul_(other);
        /// <summary>Elementwise <c>div</c>, broadcast.</summary>
        public static Tensor operator /(Tensor left, Tensor right) => left.div(right);
        /// <summary>Elementwise <c>div</c> with a scalar.</summary>
        public static Tensor operator /(Tensor left, Scalar right) => left.div(right);
        /// <summary>Elementwise <c>div</c> with a scalar.</summary>
        public static Tensor operator /(Tensor left, double right) => left.div(right);
        /// <summary>Elementwise <c>div</c> with a scalar.</summary>
        public static Tensor operator /(Tensor left, float right) => left.div(right);
        /// <summary>Elementwise <c>div</c> with a scalar.</summary>
        public static Tensor operator /(Tensor left, int right) => left.div(right);
        /// <summary>Elementwise <c>div</c> with a scalar.</summary>
        public static Tensor operator /(Tensor left, long right) => left.div(right);
        /// <summary>Elementwise <c>div</c> with a scalar on the left.</summary>
        public static Tensor operator /(Scalar left, Tensor right) => Ops.Reverse.Div(left, right);
        /// <summary>Elementwise <c>div</c> with a scalar on the left.</summary>
        public static Tensor operator /(double left, Tensor right) => Ops.Reverse.Div(left, right);
        /// <summary>Elementwise <c>div</c> with a scalar on the left.</summary>
        public static Tensor operator /(float left, Tensor right) => Ops.Reverse.Div(left, right);
        /// <summary>Elementwise <c>div</c> with a scalar on the left.</summary>
        public static Tensor operator /(int left, Tensor right) => Ops.Reverse.Div(left, right);
        /// <summary>Elementwise <c>div</c> with a scalar on the left.</summary>
        public static Tensor operator /(long left, Tensor right) => Ops.Reverse.Div(left, right);
        /// <summary>In place (<c>div_</c>), as in PyTorch.</summary>
        public void operator /=(Tensor other) => div_(other);
        /// <summary>In place (<c>div_</c>) with a scalar.</summary>
        public void operator /=(Scalar other) => div_(other);
        /// <summary>In place (<c>div_</c>) with a scalar.</summary>
        public void operator /=(double other) => div_(other);
        /// <summary>In place (<c>div_</c>) with a scalar.</summary>
        public void operator /=(float other) => div_(other);
        /// <summary>In place (<c>div_</c>) with a scalar.</summary>
        public void operator /=(int other) => div_(other);
        /// <summary>In place (<c>div_</c>) with a scalar.</summary>
        public void operator /=(long other) => div_(other);
        /// <summary>Elementwise negation.</summary>
        public static Tensor operator -(Tensor x) => x.neg();
        /// <summary>Logical not of a bool tensor.</summary>
        public static Tensor operator !(Tensor x) => x.logical_not();
        /// <summary>Bitwise and (<see cref="bitwise_and(Tensor)"/>): logical and for bool tensors, as in PyTorch.</summary>
        public static Tensor operator &(Tensor left, Tensor right) => left.bitwise_and(right);
        /// <summary>Bitwise or (<see cref="bitwise_or(Tensor)"/>): logical or for bool tensors, as in PyTorch.</summary>
        public static Tensor operator |(Tensor left, Tensor right) => left.bitwise_or(right);

        /// <summary>Elementwise <c>eq</c> (a bool tensor; use <c>is null</c> to test references).</summary>
        public static Tensor operator ==(Tensor left, Tensor right) => NotNull(left).eq(NotNull(right));
        /// <summary>Elementwise <c>eq</c> with a scalar.</summary>
        public static Tensor operator ==(Tensor left, Scalar right) => NotNull(left).eq(right);
        /// <summary>Elementwise <c>eq</c> with a scalar on the left.</summary>
        public static Tensor operator ==(Scalar left, Tensor right) => NotNull(right).eq(left);
        /// <summary>Elementwise <c>ne</c> (a bool tensor; use <c>is null</c> to test references).</summary>
        public static Tensor operator !=(Tensor left, Tensor right) => NotNull(left).ne(NotNull(right));
        /// <summary>Elementwise <c>ne</c> with a scalar.</summary>
        public static Tensor operator !=(Tensor left, Scalar right) => NotNull(left).ne(right);
        /// <summary>Elementwise <c>ne</c> with a scalar on the left.</summary>
        public static Tensor operator !=(Scalar left, Tensor right) => NotNull(right).ne(left);
        /// <summary>Elementwise <c>lt</c> (a bool tensor; use <c>is null</c> to test references).</summary>
        public static Tensor operator <(Tensor left, Tensor right) => NotNull(left).lt(NotNull(right));
        /// <summary>Elementwise <c>lt</c> with a scalar.</summary>
        public static Tensor operator <(Tensor left, Scalar right) => NotNull(left).lt(right);
        /// <summary>Elementwise <c>lt</c> with a scalar on the left.</summary>
        public static Tensor operator <(Scalar left, Tensor right) => NotNull(right).gt(left);
        /// <summary>Elementwise <c>le</c> (a bool tensor; use <c>is null</c> to test references).</summary>
        public static Tensor operator <=(Tensor left, Tensor right) => NotNull(left).le(NotNull(right));
        /// <summary>Elementwise <c>le</c> with a scalar.</summary>
        public static Tensor operator <=(Tensor left, Scalar right) => NotNull(left).le(right);
        /// <summary>Elementwise <c>le</c> with a scalar on the left.</summary>
        public static Tensor operator <=(Scalar left, Tensor right) => NotNull(right).ge(left);
        /// <summary>Elementwise <c>gt</c> (a bool tensor; use <c>is null</c> to test references).</summary>
        public static Tensor operator >(Tensor left, Tensor right) => NotNull(left).gt(NotNull(right));
        /// <summary>Elementwise <c>gt</c> with a scalar.</summary>
        public static Tensor operator >(Tensor left, Scalar right) => NotNull(left).gt(right);
        /// <summary>Elementwise <c>gt</c> with a scalar on the left.</summary>
        public static Tensor operator >(Scalar left, Tensor right) => NotNull(right).lt(left);
        /// <summary>Elementwise <c>ge</c> (a bool tensor; use <c>is null</c> to test references).</summary>
        public static Tensor operator >=(Tensor left, Tensor right) => NotNull(left).ge(NotNull(right));
        /// <summary>Elementwise <c>ge</c> with a scalar.</summary>
        public static Tensor operator >=(Tensor left, Scalar right) => NotNull(left).ge(right);
        /// <summary>Elementwise <c>ge</c> with a scalar on the left.</summary>
        public static Tensor operator >=(Scalar left, Tensor right) => NotNull(right).le(left);

        private static Tensor NotNull(Tensor t) => t ?? throw new ArgumentNullException(nameof(t),
            "Tensor comparison operators are elementwise and return a tensor; test for null with `is null`.");

        /// <summary>Value equality, as TorchSharp's: true when <paramref name="obj"/> is a tensor of the same shape
        /// with equal elements (PyTorch's <c>torch.equal</c>; NaN never equals, except a tensor compared with
        /// itself). The == operator stays elementwise, as in PyTorch; use <c>ReferenceEquals</c> for identity.</summary>
        public override bool Equals(object? obj) => Ops.Closeness.ValueEquals(this, obj);

        /// <summary>Value equality with another tensor (see <see cref="Equals(object)"/>).</summary>
        public bool Equals(Tensor target) => Ops.Closeness.ValueEquals(this, target);

        /// <summary>A hash of the shape, consistent with <see cref="Equals(object)"/> (values can change in place).</summary>
        public override int GetHashCode() => Ops.Closeness.ShapeHash(this);

        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(float value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(double value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(long value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(int value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(bool value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(float[] value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(double[] value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(long[] value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(int[] value) => torch.tensor(value);
        /// <summary>A tensor holding a copy of the value(s), as TorchSharp allows.</summary>
        public static implicit operator Tensor(bool[] value) => torch.tensor(value);

        /// <summary>A 0-d tensor holding the scalar (TorchSharp has this conversion; it also makes overloads taking
        /// <see cref="Scalar"/> win over those taking <see cref="Tensor"/> for C# numbers).</summary>
        public static implicit operator Tensor(Scalar scalar) =>
            Ops.Elementwise.ScalarTensor(scalar, scalar.Kind == ScalarType.Float64 ? ScalarType.Float32 : scalar.Kind);

        /// <summary>The value of a one-element tensor.</summary>
        public static explicit operator float(Tensor value) => value.ItemAs<float>();
        /// <summary>The value of a one-element tensor.</summary>
        public static explicit operator double(Tensor value) => value.ItemAs<double>();
        /// <summary>The value of a one-element tensor.</summary>
        public static explicit operator long(Tensor value) => value.ItemAs<long>();
        /// <summary>The value of a one-element tensor.</summary>
        public static explicit operator bool(Tensor value) => value.ItemAs<bool>();
    }
}
