namespace SaePlatform.Plugins.Synthetic;

/// <summary>
/// A stream of random numbers addressed by (seed, key): SplitMix64 over a counter (Steele et al. 2014),
/// so a row's numbers never depend on which rows were generated before it.
/// </summary>
internal struct CounterHash(ulong seed, ulong key)
{
    private ulong _state = Mix(seed ^ Mix(key + 0x9E3779B97F4A7C15UL));

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box-Muller (one value per call; the partner is discarded for simplicity).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
