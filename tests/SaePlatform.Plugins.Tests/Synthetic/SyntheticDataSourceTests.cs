using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Components;
using SaePlatform.Plugins.Synthetic;

namespace SaePlatform.Plugins.Tests.Synthetic;

/// <summary>
/// The synthetic toy's options seen through its rows: with fewer features than dimensions the directions are
/// linearly independent, so each row's feature magnitudes are recovered exactly by least squares (float64).
/// </summary>
public sealed class SyntheticDataSourceTests
{
    private const int Width = 24, Features = 8, Rows = 3000;

    private static (float[] Rows, double[][] Magnitudes) Generate(SyntheticOptions options)
    {
        using var source = new SyntheticDataSource(options, new ComponentContext(NullLogger.Instance, ".", ".", 5));
        source.Open(CancellationToken.None);
        var rows = new float[Rows * Width];
        source.ReadRows(0, rows);
        var f = source.TrueFeatures.Span.ToArray();
        var magnitudes = new double[Rows][];
        for (int r = 0; r < Rows; r++) magnitudes[r] = LeastSquares(f, rows.AsSpan(r * Width, Width));
        return (rows, magnitudes);
    }

    // Solves F^T a = x in the least-squares sense: (F F^T) a = F x, by Gaussian elimination in float64.
    private static double[] LeastSquares(float[] f, ReadOnlySpan<float> x)
    {
        var m = new double[Features, Features + 1];
        for (int i = 0; i < Features; i++)
        {
            for (int j = 0; j < Features; j++)
                for (int d = 0; d < Width; d++) m[i, j] += (double)f[i * Width + d] * f[j * Width + d];
            for (int d = 0; d < Width; d++) m[i, Features] += (double)f[i * Width + d] * x[d];
        }
        for (int c = 0; c < Features; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < Features; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
            for (int k = 0; k <= Features; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
            for (int r = 0; r < Features; r++)
            {
                if (r == c) continue;
                double factor = m[r, c] / m[c, c];
                for (int k = c; k <= Features; k++) m[r, k] -= factor * m[c, k];
            }
        }
        var a = new double[Features];
        for (int i = 0; i < Features; i++) a[i] = m[i, Features] / m[i, i];
        return a;
    }

    private static SyntheticOptions Options() => new()
    {
        DIn = Width, NFeatures = Features, Rows = Rows, FiringProbability = 0.15, MagnitudeMin = 1, MagnitudeMax = 2, Seed = 11,
    };

    private static bool Active(double magnitude) => magnitude > 0.5; // magnitudes are >= 1 when active, ~1e-6 when not

    [Fact]
    public void ReadRows_FullyCorrelatedGroups_WholeGroupsFireTogether()
    {
        var options = Options();
        options.GroupSize = 4;
        options.GroupCorrelation = 1;
        var (_, magnitudes) = Generate(options);

        int activeRows = 0;
        foreach (var a in magnitudes)
        {
            for (int g = 0; g < Features / 4; g++)
            {
                int on = Enumerable.Range(g * 4, 4).Count(j => Active(a[j]));
                Assert.True(on is 0 or 4, $"group {g} has {on} of 4 features active");
                if (on == 4) activeRows++;
            }
        }
        // A group fires when any of its 4 members fires on its own: 1 - 0.85^4 = 0.478 of (rows x groups).
        Assert.InRange(activeRows / (double)(Rows * 2), 0.478 - 0.03, 0.478 + 0.03);
    }

    [Fact]
    public void ReadRows_NoCorrelation_GroupsFirePartially()
    {
        var options = Options();
        options.GroupSize = 4;
        var (_, magnitudes) = Generate(options);

        int partial = magnitudes.Count(a => Enumerable.Range(0, 4).Count(j => Active(a[j])) is > 0 and < 4);

        // P(1..3 of 4 active) = 1 - 0.85^4 - 0.15^4 = 0.477 of the rows.
        Assert.InRange(partial / (double)Rows, 0.477 - 0.03, 0.477 + 0.03);
    }

    [Fact]
    public void ReadRows_ExponentialMagnitudes_HaveMinPlusSpanMeanAndExceedMax()
    {
        var options = Options();
        options.MagnitudeDistribution = MagnitudeDistribution.Exponential;
        var (_, magnitudes) = Generate(options);

        var active = magnitudes.SelectMany(a => a).Where(Active).ToArray();

        Assert.InRange(active.Min(), 1 - 1e-3, 1.2);
        Assert.InRange(active.Average(), 2 - 0.06, 2 + 0.06); // 1 + Exp(mean 1)
        Assert.True(active.Max() > 4, "an exponential tail should exceed magnitude_max");
    }

    [Fact]
    public void ReadRows_UniformMagnitudes_StayInsideTheRange()
    {
        var (_, magnitudes) = Generate(Options());

        var active = magnitudes.SelectMany(a => a).Where(Active).ToArray();

        Assert.InRange(active.Min(), 1 - 1e-3, 1.05);
        Assert.InRange(active.Max(), 1.95, 2 + 1e-3);
    }

    [Fact]
    public void ReadRows_CorrelatedRowsReadOneByOne_EqualTheBulkRead()
    {
        var options = Options();
        options.GroupSize = 2;
        options.GroupCorrelation = 0.5;
        options.Noise = 0.1;
        using var source = new SyntheticDataSource(options, new ComponentContext(NullLogger.Instance, ".", ".", 5));
        var bulk = new float[50 * Width];
        source.ReadRows(100, bulk);

        var single = new float[Width];
        for (int r = 49; r >= 0; r--)
        {
            source.ReadRows(100 + r, single);
            Assert.Equal(bulk.AsSpan(r * Width, Width).ToArray(), single);
        }
    }
}
