using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Plugins.Synthetic;

/// <summary>
/// The superposition toy: n_features random unit directions in d_in dimensions; each row is a sparse
/// non-negative combination of them (each feature fires independently with firing_probability, with a
/// uniform or exponential magnitude; optionally whole groups of consecutive features fire together with
/// probability group_correlation), plus optional Gaussian noise. Row r depends only on (seed, r), so any row can be
/// generated on demand, in any order, identically on every machine.
/// </summary>
[DataSource("synthetic", Description = "Sparse combinations of known feature directions (ground truth for recovery metrics).")]
public sealed class SyntheticDataSource : IDataSource, IGroundTruthSource
{
    private readonly SyntheticOptions _options;
    private readonly SaeRandom _rows;
    private readonly float[] _features;

    /// <summary>Creates the source; the feature directions are generated here.</summary>
    public SyntheticDataSource(SyntheticOptions options, ComponentContext context)
    {
        _options = options;
        var root = new SaeRandom((ulong)(options.Seed ?? context.Seed)).Derive("synthetic");
        _rows = root.Derive("rows");
        _features = FeatureDirections(options.NFeatures, options.DIn, root.Derive("features"));
        TrueFeatures = Tensor.Wrap(_features, options.NFeatures, options.DIn);
    }

    /// <inheritdoc />
    public Tensor TrueFeatures { get; }

    /// <inheritdoc />
    public DataSourceInfo Open(CancellationToken cancellationToken) => new(
        _options.DIn, _options.Rows,
        $"synthetic: {_options.Rows:N0} rows x {_options.DIn}, {_options.NFeatures} features, p={_options.FiringProbability}");

    /// <inheritdoc />
    public void ReadRows(long firstRow, Span<float> destination)
    {
        int width = _options.DIn;
        int rows = destination.Length / width;
        var active = Correlated ? new List<int>() : null;
        for (int r = 0; r < rows; r++)
            GenerateRow(firstRow + r, destination.Slice(r * width, width), active);
    }

    private bool Correlated => _options.GroupSize > 1 && _options.GroupCorrelation > 0;

    private void GenerateRow(long row, Span<float> output, List<int>? active)
    {
        output.Clear();
        var stream = _rows.Fork((ulong)row); // counter-based: row r's numbers depend only on (seed, r)
        double p = _options.FiringProbability;
        int n = _options.NFeatures;
        if (p > 0)
        {
            // Geometric skipping visits only the independently active features: gap ~ floor(log(u) / log(1 - p)).
            double logQ = p < 1 ? Math.Log(1 - p) : double.NegativeInfinity;
            long j = -1;
            while (true)
            {
                j += p < 1 ? 1 + (long)Math.Floor(Math.Log(1 - stream.NextDouble()) / logQ) : 1;
                if (j >= n) break;
                if (active is null) AddFeature(output, (int)j, stream); // independent features: magnitude drawn right away
                else active.Add((int)j);
            }
        }
        if (active is not null) AddCorrelated(output, active, stream);
        if (_options.Noise > 0)
            for (int d = 0; d < output.Length; d++) output[d] += (float)(_options.Noise * stream.NextNormal());
    }

    // Correlated groups: each group holding an independently active feature fires as a whole with
    // probability group_correlation (one draw per group, in increasing group order); magnitudes follow.
    private void AddCorrelated(Span<float> output, List<int> active, SaeRandom stream)
    {
        int size = _options.GroupSize, n = _options.NFeatures, independent = active.Count, lastGroup = -1;
        for (int i = 0; i < independent; i++)
        {
            int group = active[i] / size;
            if (group == lastGroup) continue;
            lastGroup = group;
            if (stream.NextDouble() >= _options.GroupCorrelation) continue;
            for (int f = group * size; f < Math.Min(n, (group + 1) * size); f++)
                if (!active.Contains(f)) active.Add(f);
        }
        active.Sort();
        foreach (var f in active) AddFeature(output, f, stream);
        active.Clear();
    }

    private void AddFeature(Span<float> output, int feature, SaeRandom stream)
    {
        double u = stream.NextDouble(), min = _options.MagnitudeMin, span = _options.MagnitudeMax - _options.MagnitudeMin;
        float magnitude = (float)(_options.MagnitudeDistribution == MagnitudeDistribution.Exponential
            ? min - span * Math.Log(1 - u)
            : min + span * u);
        int width = output.Length;
        var direction = _features.AsSpan(feature * width, width);
        for (int d = 0; d < width; d++) output[d] += magnitude * direction[d];
    }

    private static float[] FeatureDirections(int count, int width, SaeRandom rng)
    {
        var features = new float[count * width];
        rng.Normal(features);
        for (int i = 0; i < count; i++)
        {
            var row = features.AsSpan(i * width, width);
            double norm2 = 0;
            for (int d = 0; d < width; d++) norm2 += (double)row[d] * row[d];
            float scale = (float)(1 / Math.Sqrt(Math.Max(norm2, 1e-30)));
            for (int d = 0; d < width; d++) row[d] *= scale;
        }
        return features;
    }

    /// <inheritdoc />
    public void Dispose() { }
}
