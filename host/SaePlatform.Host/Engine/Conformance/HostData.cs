namespace SaePlatform.Host.Engine.Conformance;

/// <summary>A CSR structure on the host: row <c>r</c>'s columns are <c>Indices[Offsets[r]..Offsets[r + 1]]</c>, ascending.</summary>
/// <param name="Rows">Rows.</param>
/// <param name="Cols">Columns (features).</param>
/// <param name="Offsets">Row pointers, <c>Rows + 1</c> of them.</param>
/// <param name="Indices">Column of each stored entry.</param>
internal sealed record SparsePattern(int Rows, int Cols, int[] Offsets, int[] Indices)
{
    /// <summary>Number of stored entries.</summary>
    public int NonZeros => Offsets[Rows];
}

/// <summary>
/// Seeded random host values for the cases: each kernel family draws from its own stream (the suite's seed mixed with
/// the family's name), so adding a case to one family leaves the others' inputs as they were.
/// </summary>
internal sealed class HostData
{
    private readonly Random _random;

    /// <summary>A stream for <paramref name="family"/> under <paramref name="seed"/>.</summary>
    public HostData(int seed, string family)
    {
        // FNV-1a over the name: string.GetHashCode is randomised per process.
        uint hash = 2166136261;
        foreach (char ch in family) hash = (hash ^ ch) * 16777619;
        _random = new Random(unchecked(seed * 31 + (int)hash));
    }

    /// <summary>A value uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public float Next(float low, float high) => low + (float)_random.NextDouble() * (high - low);

    /// <summary>An integer uniform in [0, <paramref name="bound"/>).</summary>
    public int Index(int bound) => _random.Next(bound);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => _random.NextDouble() < p;

    /// <summary><paramref name="count"/> values uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public float[] Uniform(int count, float low = -1f, float high = 1f)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = Next(low, high);
        return values;
    }

    /// <summary>Values on a grid of <paramref name="levels"/> steps per unit in [-1, 1]: many exact ties.</summary>
    public float[] Quantized(int count, int levels)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = _random.Next(-levels, levels + 1) / (float)levels;
        return values;
    }

    /// <summary>Magnitudes in [<paramref name="low"/>, <paramref name="high"/>) with a random sign: divisors away from zero.</summary>
    public float[] AwayFromZero(int count, float low = 0.5f, float high = 2f)
    {
        var values = Uniform(count, low, high);
        for (int i = 0; i < count; i++) if (Chance(0.5)) values[i] = -values[i];
        return values;
    }

    /// <summary>max(0, uniform(-1, 1)): half of them exactly zero, as after a ReLU.</summary>
    public float[] ReluOutput(int count)
    {
        var values = Uniform(count);
        for (int i = 0; i < count; i++) values[i] = Math.Max(0f, values[i]);
        return values;
    }

    /// <summary>Sets about a <paramref name="fraction"/> of <paramref name="values"/> to <paramref name="value"/> (in place) and returns them.</summary>
    public float[] Sprinkle(float[] values, double fraction, float value)
    {
        for (int i = 0; i < values.Length; i++) if (Chance(fraction)) values[i] = value;
        return values;
    }

    /// <summary>Sets row <paramref name="row"/> of the row-major [rows, <paramref name="cols"/>] <paramref name="values"/> to zero.</summary>
    public static float[] ZeroRow(float[] values, int cols, int row)
    {
        if (row >= 0 && (row + 1) * cols <= values.Length) Array.Clear(values, row * cols, cols);
        return values;
    }

    /// <summary><paramref name="count"/> indices in [0, <paramref name="bound"/>), repeats and any order.</summary>
    public int[] Indices(int count, int bound)
    {
        var values = new int[count];
        for (int i = 0; i < count; i++) values[i] = _random.Next(bound);
        return values;
    }

    /// <summary>A mask over <paramref name="count"/> columns with about half allowed and at least <paramref name="atLeast"/>.</summary>
    public bool[] Mask(int count, int atLeast)
    {
        var mask = new bool[count];
        int allowed = 0;
        for (int j = 0; j < count; j++) allowed += (mask[j] = Chance(0.5)) ? 1 : 0;
        for (int j = 0; j < count && allowed < atLeast; j++)
            if (!mask[j])
            {
                mask[j] = true;
                allowed++;
            }
        return mask;
    }

    /// <summary>
    /// A random CSR pattern: each row holds 0 to <paramref name="maxPerRow"/> distinct ascending columns, and about one row
    /// in five is empty.
    /// </summary>
    public SparsePattern Pattern(int rows, int cols, int maxPerRow)
    {
        var offsets = new int[rows + 1];
        var indices = new List<int>();
        var picked = new SortedSet<int>();
        for (int r = 0; r < rows; r++)
        {
            picked.Clear();
            int count = Chance(0.2) ? 0 : _random.Next(Math.Min(maxPerRow, cols) + 1);
            while (picked.Count < count) picked.Add(_random.Next(cols));
            indices.AddRange(picked);
            offsets[r + 1] = indices.Count;
        }
        return new SparsePattern(rows, cols, offsets, [.. indices]);
    }
}
