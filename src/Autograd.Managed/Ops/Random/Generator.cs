using System.Buffers.Binary;
using Autograd.Ops;

namespace Autograd;

public static partial class torch
{
    /// <summary>
    /// A source of random numbers identical to LibTorch's CPU generator: the same Mersenne Twister, seeded
    /// the same way, with the same transforms to uniforms, normals, integers and permutations, so a seed
    /// gives the same tensors here and in PyTorch / TorchSharp. Thread-safe: every draw holds the
    /// generator's lock, as LibTorch's kernels hold its mutex.
    /// </summary>
    /// <remarks>
    /// Besides the engine the generator caches one spare normal per precision (the scalar Box-Muller path
    /// draws two); <see cref="manual_seed"/> clears the caches and <see cref="get_state"/> saves them.
    /// </remarks>
    public sealed class Generator : IDisposable
    {
        internal readonly Mt19937 Engine;
        internal readonly object Lock = new();
        internal double? NextDoubleNormal;
        internal float? NextFloatNormal;

        /// <summary>A generator seeded with <paramref name="seed"/>. The default, 0, is TorchSharp's
        /// (Python's <c>torch.Generator()</c> starts from 67280421310721).</summary>
        /// <param name="seed">The initial seed; only its low 32 bits reach the engine, as in LibTorch.</param>
        /// <param name="device">Must be null or the CPU.</param>
        /// <exception cref="NotSupportedException">A device other than the CPU.</exception>
        public Generator(ulong seed = 0, Device? device = null)
        {
            Device.Check(device);
            Engine = new Mt19937(seed);
        }

        /// <summary>The process-wide default generator that random functions use when given none.</summary>
        public static Generator Default => s_default;

        /// <summary>The device the generator serves: always the CPU.</summary>
        public Device device => torch.CPU;

        /// <summary>Reseeds: the engine restarts from <paramref name="seed"/> (reinterpreted as unsigned, as
        /// PyTorch does with a negative seed) and the cached normals are dropped. Returns this generator.</summary>
        public Generator manual_seed(long seed)
        {
            lock (Lock)
            {
                Engine.Reseed(unchecked((ulong)seed));
                NextDoubleNormal = null;
                NextFloatNormal = null;
            }
            return this;
        }

        /// <summary>Reseeds from a non-deterministic source and returns the seed used.</summary>
        public long seed()
        {
            long s = System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
            manual_seed(s);
            return s;
        }

        /// <summary>The seed this generator was last seeded with.</summary>
        public long initial_seed()
        {
            lock (Lock) return unchecked((long)Engine.Seed);
        }

        /// <summary>The generator's state as LibTorch lays it out (Note [RNG state layout]): 5056 bytes,
        /// returned as an int64 tensor of byte values because this library stores no uint8 tensors.
        /// <see cref="set_state"/> accepts it, or the bytes of a TorchSharp / PyTorch state.</summary>
        public Tensor get_state()
        {
            byte[] bytes = GetStateBytes();
            return torch.tensor(Array.ConvertAll(bytes, b => (long)b));
        }

        /// <summary>Restores a state from <see cref="get_state"/> (or LibTorch's bytes as int64 values).</summary>
        /// <exception cref="ArgumentException">Not a 1-d int64 tensor of 5056 byte values, or an invalid
        /// engine state (PyTorch's messages).</exception>
        public void set_state(Tensor new_state)
        {
            ArgumentNullException.ThrowIfNull(new_state);
            if (new_state.dtype != ScalarType.Int64)
                throw new ArgumentException(
                    $"RNG state must be a torch.ByteTensor (here: int64 byte values), got {DType.Name(new_state.dtype)}");
            if (new_state.numel() != StateSize)
                throw new ArgumentException(
                    $"Expected a CPUGeneratorImplState of size {StateSize} but found the input RNG state size to be {new_state.numel()}");
            long[] values = new_state.contiguous().ToArray<long>();
            var bytes = new byte[StateSize];
            for (int i = 0; i < bytes.Length; i++)
            {
                if (values[i] is < 0 or > 255) throw new ArgumentException($"RNG state bytes must be in [0, 255], got {values[i]} at {i}");
                bytes[i] = (byte)values[i];
            }
            SetStateBytes(bytes);
        }

        /// <summary>Nothing to free; kept for TorchSharp source compatibility.</summary>
        public void Dispose() { }

        // Note [RNG state layout]: LibTorch's CPUGeneratorImplState on a 64-bit little-endian machine.
        // 0: u64 initial seed | 8: i32 left | 12: i32 seeded | 16: u64 next | 24: u64 state[624] |
        // 5016: f64 normal_x (unused) | 5024: f64 normal_y (cached double normal) | 5032: f64 normal_rho
        // (unused) | 5040: i32 normal_is_valid | 5048: f32 cached float normal | 5052: u8 its validity |
        // padding to 5056. Padding bytes are zero, as LibTorch's value-initialised struct leaves them.
        internal const int StateSize = 5056;

        internal byte[] GetStateBytes()
        {
            var b = new byte[StateSize];
            lock (Lock)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(0), Engine.Seed);
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), Engine.Left);
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), 1);
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), Engine.Next);
                for (int i = 0; i < Mt19937.N; i++) BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24 + 8 * i), Engine.State[i]);
                if (NextDoubleNormal is double d)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(5024), d);
                    BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(5040), 1);
                }
                if (NextFloatNormal is float f)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(5048), f);
                    b[5052] = 1;
                }
            }
            return b;
        }

        internal void SetStateBytes(ReadOnlySpan<byte> b)
        {
            int left = BinaryPrimitives.ReadInt32LittleEndian(b[8..]);
            bool seeded = BinaryPrimitives.ReadInt32LittleEndian(b[12..]) != 0;
            uint next = (uint)BinaryPrimitives.ReadUInt64LittleEndian(b[16..]);
            if (!seeded || left <= 0 || left > Mt19937.N || next > Mt19937.N) throw new ArgumentException("Invalid mt19937 state");
            lock (Lock)
            {
                Engine.Seed = BinaryPrimitives.ReadUInt64LittleEndian(b);
                Engine.Left = left;
                Engine.Next = next;
                for (int i = 0; i < Mt19937.N; i++) Engine.State[i] = (uint)BinaryPrimitives.ReadUInt64LittleEndian(b[(24 + 8 * i)..]);
                NextDoubleNormal = BinaryPrimitives.ReadInt32LittleEndian(b[5040..]) != 0
                    ? BinaryPrimitives.ReadDoubleLittleEndian(b[5024..]) : null;
                NextFloatNormal = b[5052] != 0 ? BinaryPrimitives.ReadSingleLittleEndian(b[5048..]) : null;
            }
        }
    }

    // LibTorch seeds its default generator non-deterministically at start-up; so do we.
    private static readonly Generator s_default = NewDefaultGenerator();

    private static Generator NewDefaultGenerator()
    {
        var g = new Generator();
        g.seed();
        return g;
    }

    /// <summary>Reseeds the default generator (and drops its cached normals); returns it.</summary>
    public static Generator manual_seed(long seed) => s_default.manual_seed(seed);

    /// <summary>Reseeds the default generator non-deterministically; returns the seed.</summary>
    public static long seed() => s_default.seed();

    /// <summary>The seed the default generator was last seeded with.</summary>
    public static long initial_seed() => s_default.initial_seed();

    /// <summary>The default generator's state (see <see cref="Generator.get_state"/>).</summary>
    public static Tensor get_rng_state() => s_default.get_state();

    /// <summary>Restores the default generator's state (see <see cref="Generator.set_state"/>).</summary>
    public static void set_rng_state(Tensor new_state) => s_default.set_state(new_state);

    /// <summary>PyTorch's <c>torch.random</c> module: the default generator's seed and state.</summary>
    public static class random
    {
        /// <summary>Reseeds the default generator; returns it.</summary>
        public static Generator manual_seed(long seed) => torch.manual_seed(seed);
        /// <summary>Reseeds the default generator non-deterministically; returns the seed.</summary>
        public static long seed() => torch.seed();
        /// <summary>The seed the default generator was last seeded with.</summary>
        public static long initial_seed() => torch.initial_seed();
        /// <summary>The default generator's state.</summary>
        public static Tensor get_rng_state() => torch.get_rng_state();
        /// <summary>Restores the default generator's state.</summary>
        public static void set_rng_state(Tensor new_state) => torch.set_rng_state(new_state);
    }
}
