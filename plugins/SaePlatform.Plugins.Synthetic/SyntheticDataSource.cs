using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Data;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Plugins.Synthetic;

/// <summary>
/// The superposition toy: n_features random unit directions in d_in dimensions; each row is a sparse
/// non-negative combination of them (each feature fires independently with firing_probability, with a
/// uniform magnitude), plus optional Gaussian noise. Row r depends only on (seed, r), so any row can be
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
        for (int r = 0; r < rows; r++)
            GenerateRow(firstRow + r, destination.Slice(r * width, width));
    }

    private void GenerateRow(long row, Span<float> output)
    {
        output.Clear();
        var stream = _rows.Fork((ulong)row); // counter-based: row r's numbers depend only on (seed, r)
        double p = _options.FiringProbability;
        int n = _options.NFeatures, width = _options.DIn;
        if (p > 0)
        {
            // Geometric skipping visits only the active features: gap ~ floor(log(u) / log(1 - p)).
            double logQ = p < 1 ? Math.Log(1 - p) : double.NegativeInfinity;
            long j = -1;
            while (true)
            {
                j += p < 1 ? 1 + (long)Math.Floor(Math.Log(1 - stream.NextDouble()) / logQ) : 1;
                if (j >= n) break;
                float magnitude = (float)(_options.MagnitudeMin + (_options.MagnitudeMax - _options.MagnitudeMin) * stream.NextDouble());
                var direction = _features.AsSpan((int)j * width, width);
                for (int d = 0; d < width; d++) output[d] += magnitude * direction[d];
            }
        }
        if (_options.Noise > 0)
            for (int d = 0; d < width; d++) output[d] += (float)(_options.Noise * stream.NextNormal());
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
