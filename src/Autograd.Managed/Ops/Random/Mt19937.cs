namespace Autograd.Ops;

/// <summary>
/// LibTorch's CPU engine: the 32-bit Mersenne Twister (MT19937) with the reference seeding
/// (<c>init_genrand</c> on the low 32 bits of the seed) and LibTorch's bookkeeping (<c>left</c>,
/// <c>next</c>: the state is regenerated when <c>left</c> reaches 0), so a saved state carries over
/// byte for byte (Note [RNG state layout] in Generator.cs).
/// </summary>
internal sealed class Mt19937
{
    internal const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0df, UpperMask = 0x80000000, LowerMask = 0x7fffffff;

    internal readonly uint[] State = new uint[N];
    internal ulong Seed;
    internal int Left;
    internal uint Next;

    internal Mt19937(ulong seed) => Reseed(seed);

    internal void Reseed(ulong seed)
    {
        Seed = seed;
        State[0] = (uint)seed;
        for (uint j = 1; j < N; j++) State[j] = 1812433253u * (State[j - 1] ^ (State[j - 1] >> 30)) + j;
        Left = 1;
        Next = 0;
    }

    internal void CopyFrom(Mt19937 other)
    {
        Array.Copy(other.State, State, N);
        Seed = other.Seed;
        Left = other.Left;
        Next = other.Next;
    }

    /// <summary>The next 32 random bits.</summary>
    internal uint NextUInt32()
    {
        if (--Left == 0) Regenerate();
        uint y = State[Next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Two draws joined, the first in the high half (LibTorch's <c>random64</c>).</summary>
    internal ulong NextUInt64()
    {
        ulong hi = NextUInt32();
        return (hi << 32) | NextUInt32();
    }

    private static uint Twist(uint u, uint v) => (((u & UpperMask) | (v & LowerMask)) >> 1) ^ ((v & 1) != 0 ? MatrixA : 0);

    private void Regenerate()
    {
        uint[] s = State;
        Left = N;
        Next = 0;
        int i = 0;
        for (; i < N - M; i++) s[i] = s[i + M] ^ Twist(s[i], s[i + 1]);
        for (; i < N - 1; i++) s[i] = s[i + M - N] ^ Twist(s[i], s[i + 1]);
        s[N - 1] = s[M - 1] ^ Twist(s[N - 1], s[0]);
    }
}
