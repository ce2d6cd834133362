using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>
/// Note [Checked sizes]: sizes, element counts, byte counts and view extents that overflow int64, are
/// negative or point past a dimension fail with LibTorch's message (read from LibTorch in each case)
/// before anything is allocated or written. Each of these once corrupted memory or crashed the process.
/// </summary>
public class SizeCheckTests
{
    /// <summary>LibTorch's message: the first line of TorchSharp's exception text.</summary>
    private static string LibTorch(Action call)
    {
        var e = Assert.ThrowsAny<Exception>(call);
        return e.Message.Split('\n')[0];
    }

    private static void SameError<TException>(Action ours, Action theirs) where TException : Exception =>
        Assert.Equal(LibTorch(theirs), Assert.Throws<TException>(ours).Message);

    private static readonly float[] Five = [1, 2, 3, 4, 5];

    [Fact]
    public void Creation_sizes_whose_bytes_overflow_int64_are_rejected()
    {
        SameError<ArgumentException>(() => torch.linspace(0, 1, 1L << 62), () => ts.linspace(0, 1, 1L << 62));
        SameError<ArgumentException>(() => torch.full([3, long.MaxValue], 0), () => ts.full([3, long.MaxValue], 0));
        SameError<ArgumentException>(() => torch.zeros([3, 6148914691236517206]), () => ts.ones([3, 6148914691236517206]));
        SameError<ArgumentException>(() => torch.empty([1L << 62]), () => ts.empty([1L << 62]));
        SameError<ArgumentException>(() => torch.randn([1L << 62]), () => ts.randn([1L << 62]));
    }

    [Fact]
    public void Negative_creation_sizes_are_rejected()
    {
        SameError<ArgumentException>(() => torch.ones([1, 3, -2, 2]), () => ts.ones([1, 3, -2, 2]));
        SameError<ArgumentException>(() => torch.empty([-3]), () => ts.empty([-3]));
        SameError<ArgumentException>(() => torch.randn([-1]), () => ts.randn([-1]));
    }

    [Fact]
    public void Eye_checks_its_sizes_as_LibTorch_does()
    {
        SameError<ArgumentException>(() => torch.eye(-1), () => ts.eye(-1));
        SameError<ArgumentException>(() => torch.eye(3, -5), () => ts.eye(3, -5));
        SameError<ArgumentException>(() => torch.eye(int.MaxValue), () => ts.eye(int.MaxValue));
        SameError<ArgumentException>(() => torch.eye(3074457345618258603, 3), () => ts.eye(3074457345618258603, 3));
        Assert.Equal([0L, 0L], torch.eye(0).shape);
    }

    [Fact]
    public void Narrow_past_the_dimension_is_rejected_without_overflow()
    {
        var x = torch.tensor(Five);
        var y = ts.tensor(Five);
        SameError<ArgumentException>(() => x.narrow(0, 2, long.MaxValue), () => y.narrow(0, 2, long.MaxValue));
        SameError<ArgumentException>(() => x.narrow(0, 2, long.MaxValue - 1), () => y.narrow(0, 2, long.MaxValue - 1));
        SameError<ArgumentException>(() => x.narrow(0, 2, -1), () => y.narrow(0, 2, -1));
        SameError<IndexOutOfRangeException>(() => x.narrow(0, 7, 1), () => y.narrow(0, 7, 1));
        Assert.Equal(new float[] { 1, 2, 3, 4, 5 }, x.ToArray<float>());
    }

    [Fact]
    public void Views_whose_element_count_overflows_are_rejected()
    {
        SameError<ArgumentException>(() => torch.ones(1).expand(1L << 32, 1L << 32), () => ts.ones(1).expand(1L << 32, 1L << 32));
        SameError<ArgumentException>(() => torch.ones(3, 1, 2).expand(1, 3, -2, 2), () => ts.ones(3, 1, 2).expand(1, 3, -2, 2));
        SameError<ArgumentException>(() => torch.ones(3).expand(-2, 3), () => ts.ones(3).expand(-2, 3));
        SameError<ArgumentException>(() => torch.ones(3).expand(-1, 3), () => ts.ones(3).expand(-1, 3));
        SameError<ArgumentException>(() => torch.ones(0).view(1L << 32, 1L << 32, 0), () => ts.ones(0).view(1L << 32, 1L << 32, 0));
    }

    [Fact]
    public void A_negative_size_beside_a_zero_is_rejected_as_a_copy_would_reject_it()
    {
        // LibTorch keeps shape [0, -2] on the view and fails only when it is materialised
        SameError<ArgumentException>(() => torch.ones(1).expand(0, -2), () => ts.ones(1).expand(0, -2).contiguous().clone());
    }

    [Fact]
    public void Arange_with_a_count_past_int64_or_a_non_finite_bound_is_rejected()
    {
        SameError<ArgumentException>(() => torch.arange(0.0, 1e300, 1.0), () => ts.arange(0.0, 1e300, 1.0));
        SameError<ArgumentException>(() => torch.arange(0.0, double.PositiveInfinity, 1.0), () => ts.arange(0.0, double.PositiveInfinity, 1.0));
        SameError<ArgumentException>(() => torch.arange(0.0, double.NaN, 1.0), () => ts.arange(0.0, double.NaN, 1.0));
    }

    [Fact]
    public void An_allocation_no_storage_can_hold_throws_the_allocators_message()
    {
        // 4 TB: more than any machine running the tests has, so the C allocator refuses it
        var e = Assert.Throws<OutOfMemoryException>(() => torch.zeros(1L << 40));
        Assert.Equal("DefaultCPUAllocator: not enough memory: you tried to allocate 4398046511104 bytes.", e.Message);
        e = Assert.Throws<OutOfMemoryException>(() => torch.ones(1).expand(1L << 20, 1L << 20).contiguous());
        Assert.Equal("DefaultCPUAllocator: not enough memory: you tried to allocate 4398046511104 bytes.", e.Message);
    }
}
