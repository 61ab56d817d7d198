using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Randomness;

/// <summary>
/// A seeded, counter-based random generator (Philox4x32-10). Output is a pure function of
/// (seed, stream, position): the same seed gives the same numbers on every machine, run and thread
/// count. Bulk fills (<see cref="Uniform"/>, <see cref="Normal"/>) start at the next 4-word block
/// boundary and give element i the words of block (start + i / 4), so element i depends only on
/// (seed, stream, start, i) and large fills run in parallel without changing a bit. Consequence: filling
/// n elements in pieces whose lengths are multiples of 4 gives exactly the same values as one fill.
/// </summary>
/// <remarks>
/// Not thread-safe: one instance per consumer; use <see cref="Fork"/> or <see cref="Derive"/> to give
/// each component its own independent stream. Floats are bit-reproducible wherever the arithmetic is
/// IEEE-754; normals additionally use the platform's float64 log/sin/cos, which are rounded to float32,
/// so a different C math library can at worst flip the last bit of a rare element.
/// </remarks>
public sealed class SaeRandom
{
    // Below this many elements a fill runs on the calling thread; chunks are multiples of 4 so each
    // worker starts on a block boundary.
    private const int ParallelThreshold = 1 << 16;
    private const int FillChunk = 1 << 14;
    private const double TwoPi = 2 * Math.PI;
    private const float Inv2Pow24 = 1f / (1 << 24);
    private const double Inv2Pow32 = 1.0 / 4294967296.0;

    private ulong _cachedBlock = ulong.MaxValue;
    private uint _w0, _w1, _w2, _w3;

    /// <summary>A generator on stream <paramref name="stream"/> of <paramref name="seed"/>, at position 0.</summary>
    /// <param name="seed">Any 64-bit value (the Philox key).</param>
    /// <param name="stream">Stream id; default 0. Prefer <see cref="Fork"/>/<see cref="Derive"/> to pick streams.</param>
    public SaeRandom(ulong seed, ulong stream = 0)
    {
        Seed = seed;
        Stream = stream;
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>The stream id.</summary>
    public ulong Stream { get; }

    /// <summary>32-bit words consumed so far.</summary>
    public ulong Position { get; private set; }

    /// <summary>Recreates a generator from <see cref="ExportState"/>; it continues the same sequence.</summary>
    public static SaeRandom FromState(SaeRandomState state) => new(state.Seed, state.Stream) { Position = state.Position };

    /// <summary>The state to store in a checkpoint.</summary>
    public SaeRandomState ExportState() => new(Seed, Stream, Position);

    /// <summary>
    /// An independent generator for child stream <paramref name="streamId"/>. Depends only on
    /// (seed, this stream, id), not on how much of this generator has been consumed.
    /// </summary>
    public SaeRandom Fork(ulong streamId) => new(Seed, StreamIds.Child(Stream, streamId));

    /// <summary>
    /// An independent generator for a named purpose (e.g. "init/W_dec", "data/shuffle"): <see cref="Fork"/>
    /// with the FNV-1a 64 hash of the name's UTF-8 bytes, stable across processes and machines.
    /// </summary>
    public SaeRandom Derive(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Fork(StreamIds.Hash(name));
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt32()
    {
        ulong block = Position >> 2;
        if (block != _cachedBlock)
        {
            (_w0, _w1, _w2, _w3) = Philox4x32.Block(Seed, Stream, block);
            _cachedBlock = block;
        }
        uint word = (Position & 3) switch { 0 => _w0, 1 => _w1, 2 => _w2, _ => _w3 };
        Position++;
        return word;
    }

    /// <summary>The next 64 random bits (two words, the first in the high half).</summary>
    public ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), unbiased (Lemire 2019, multiply and reject).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "Must be positive.");
        return (int)NextBounded((uint)maxExclusive);
    }

    /// <summary>A uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>), unbiased.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty.</exception>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"Must exceed {minInclusive}.");
        return (int)(minInclusive + NextBounded((uint)((long)maxExclusive - minInclusive)));
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt32() >> 8) * Inv2Pow24;

    /// <summary>A standard normal sample (Box-Muller from two words; the cosine branch).</summary>
    public double NextNormal() => BoxMullerRadius(NextUInt32()) * Math.Cos(TwoPi * (NextUInt32() * Inv2Pow32));

    /// <summary>
    /// Fills <paramref name="destination"/> with uniform values lo + (hi - lo) * u, u in [0, 1) with 24
    /// random bits (float rounding can yield <paramref name="hi"/> itself). Large spans are filled in
    /// parallel with identical results.
    /// </summary>
    public void Uniform(Span<float> destination, float lo = 0f, float hi = 1f) => FillUniform(destination, lo, hi, TensorThreads.Count);

    /// <summary>
    /// Fills <paramref name="destination"/> with normal values mean + std * z (Box-Muller: each block's
    /// words (w0, w1) and (w2, w3) give two z each, from a float64 uniform in (0, 1) and an angle; the tail
    /// reaches about 6.6 standard deviations). Large spans are filled in parallel with identical results.
    /// </summary>
    public void Normal(Span<float> destination, float mean = 0f, float std = 1f) => FillNormal(destination, mean, std, TensorThreads.Count);

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates over the identity).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = i;
        Shuffle<int>(result);
        return result;
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates, Durstenfeld's form: i from the end, j uniform in [0, i]).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)NextBounded((uint)i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    internal void FillUniform(Span<float> destination, float lo, float hi, int maxDegreeOfParallelism)
    {
        float range = hi - lo;
        ulong first = BeginFill(destination.Length);
        ulong seed = Seed, stream = Stream;
        Fill(destination, maxDegreeOfParallelism, (chunk, offset) => UniformRange(chunk, seed, stream, first + (ulong)(offset >> 2), lo, range));
    }

    internal void FillNormal(Span<float> destination, float mean, float std, int maxDegreeOfParallelism)
    {
        ulong first = BeginFill(destination.Length);
        ulong seed = Seed, stream = Stream;
        Fill(destination, maxDegreeOfParallelism, (chunk, offset) => NormalRange(chunk, seed, stream, first + (ulong)(offset >> 2), mean, std));
    }

    // Moves to the next block boundary, reserves ceil(n / 4) blocks and returns the first.
    private ulong BeginFill(int n)
    {
        ulong first = (Position + 3) >> 2;
        Position = (first + (((ulong)n + 3) >> 2)) << 2;
        return first;
    }

    private delegate void RangeFiller(Span<float> chunk, int offset);

    private static unsafe void Fill(Span<float> destination, int maxDegreeOfParallelism, RangeFiller fill)
    {
        int n = destination.Length;
        if (n < ParallelThreshold || maxDegreeOfParallelism == 1)
        {
            fill(destination, 0);
            return;
        }
        int chunks = (n + FillChunk - 1) / FillChunk;
        fixed (float* pointer = destination)
        {
            nint address = (nint)pointer;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
            {
                int offset = c * FillChunk, length = Math.Min(FillChunk, n - offset);
                fill(new Span<float>((float*)address + offset, length), offset);
            });
        }
    }

    private static void UniformRange(Span<float> chunk, ulong seed, ulong stream, ulong block, float lo, float range)
    {
        for (int i = 0; i < chunk.Length; i += 4, block++)
        {
            var (w0, w1, w2, w3) = Philox4x32.Block(seed, stream, block);
            int left = chunk.Length - i;
            chunk[i] = lo + range * ((w0 >> 8) * Inv2Pow24);
            if (left > 1) chunk[i + 1] = lo + range * ((w1 >> 8) * Inv2Pow24);
            if (left > 2) chunk[i + 2] = lo + range * ((w2 >> 8) * Inv2Pow24);
            if (left > 3) chunk[i + 3] = lo + range * ((w3 >> 8) * Inv2Pow24);
        }
    }

    private static void NormalRange(Span<float> chunk, ulong seed, ulong stream, ulong block, float mean, float std)
    {
        for (int i = 0; i < chunk.Length; i += 4, block++)
        {
            var (w0, w1, w2, w3) = Philox4x32.Block(seed, stream, block);
            int left = chunk.Length - i;
            double r = BoxMullerRadius(w0);
            var (sin, cos) = Math.SinCos(TwoPi * (w1 * Inv2Pow32));
            chunk[i] = (float)(mean + std * (r * cos));
            if (left > 1) chunk[i + 1] = (float)(mean + std * (r * sin));
            if (left > 2)
            {
                r = BoxMullerRadius(w2);
                (sin, cos) = Math.SinCos(TwoPi * (w3 * Inv2Pow32));
                chunk[i + 2] = (float)(mean + std * (r * cos));
                if (left > 3) chunk[i + 3] = (float)(mean + std * (r * sin));
            }
        }
    }

    // Box-Muller radius sqrt(-2 ln u) with u = (word + 0.5) / 2^32 in (0, 1), so ln never sees 0.
    private static double BoxMullerRadius(uint word) => Math.Sqrt(-2.0 * Math.Log((word + 0.5) * Inv2Pow32));

    // Lemire, "Fast random integer generation in an interval" (2019): unbiased by rejecting the low
    // (2^32 mod bound) products.
    private uint NextBounded(uint bound)
    {
        ulong product = (ulong)NextUInt32() * bound;
        uint low = (uint)product;
        if (low < bound)
        {
            uint threshold = (0u - bound) % bound;
            while (low < threshold)
            {
                product = (ulong)NextUInt32() * bound;
                low = (uint)product;
            }
        }
        return (uint)(product >> 32);
    }
}
