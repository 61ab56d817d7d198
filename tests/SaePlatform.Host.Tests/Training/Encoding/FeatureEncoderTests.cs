using SaePlatform.Host.Training.Encoding;


namespace SaePlatform.Host.Tests.Training.Encoding;

/// <summary><c>--top N</c>: each row keeps its N largest activations, ties to the lower feature index.</summary>
public sealed class FeatureEncoderTests
{
    // The obvious implementation: sort the indices by value (descending), then by index.
    private static float[] NaiveKeepTop(float[] row, int top)
    {
        var order = Enumerable.Range(0, row.Length).OrderByDescending(i => row[i]).ThenBy(i => i).Take(top).ToHashSet();
        return row.Select((v, i) => order.Contains(i) ? v : 0f).ToArray();
    }

    [Theory]
    [InlineData(512, 16, 0)]
    [InlineData(512, 1, 1)]
    [InlineData(7, 6, 2)]
    [InlineData(64, 32, 3)]
    public void KeepTop_RandomRowsWithTiesAndZeros_MatchesSortingEveryIndex(int width, int top, int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 200; trial++)
        {
            // Few distinct values, many zeros and negatives: ties at the cut are the rule, not the exception.
            var row = Enumerable.Range(0, width).Select(_ => rng.Next(4) == 0 ? 0f : (float)rng.Next(-3, 6) * 0.5f).ToArray();
            var expected = NaiveKeepTop(row, top);
            var actual = (float[])row.Clone();
            FeatureEncoder.KeepTop(actual, top);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void KeepTop_TopAtLeastWidthOrZero_LeavesTheRowAsItIs()
    {
        float[] row = [3, -1, 0, 2];
        var copy = (float[])row.Clone();
        FeatureEncoder.KeepTop(copy, 4);
        Assert.Equal(row, copy);
        FeatureEncoder.KeepTop(copy, 0);
        Assert.Equal(row, copy);
    }
}
