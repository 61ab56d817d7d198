using SaePlatform.Host.Training.Remedies;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Tests.Training.Remedies;

/// <summary>
/// Rows drawn for resampling: exactly the rows a naive float64 implementation of the weighted draw picks from the same
/// uniforms, and with the probabilities of drawing one row at a time in proportion to the weights.
/// </summary>
public sealed class LossWeightedRowsTests
{
    // Naive: key_b = u_b^(1 / w_b) with u_b = 1 - NextDouble() in row order; the largest keys, in order.
    private static int[] Naive(double[] weights, int count, SaeRandom random)
    {
        var u = weights.Select(_ => 1 - random.NextDouble()).ToArray();
        return Enumerable.Range(0, weights.Length).Where(b => weights[b] > 0)
            .OrderByDescending(b => Math.Pow(u[b], 1 / weights[b])).Take(count).ToArray();
    }

    [Fact]
    public void Draw_PicksTheRowsOfANaiveImplementation_FromTheSameUniforms()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 50; trial++)
        {
            var weights = Enumerable.Range(0, 40).Select(_ => random.NextDouble() < 0.2 ? 0 : random.NextDouble() * 3).ToArray();
            var picked = LossWeightedRows.Draw(weights, 12, new SaeRandom(9, (ulong)trial));
            Assert.Equal(Naive(weights, 12, new SaeRandom(9, (ulong)trial)), picked);
            Assert.Equal(picked.Length, picked.Distinct().Count());
            Assert.All(picked, b => Assert.True(weights[b] > 0));
        }
    }

    [Fact]
    public void Draw_FirstAndSecondPick_HaveTheProbabilitiesOfSequentialWeightedDraws()
    {
        double[] weights = [1, 2, 3, 4, 0];
        const int trials = 40_000;
        var first = new int[weights.Length];
        var pairs = new int[weights.Length, weights.Length];
        for (int t = 0; t < trials; t++)
        {
            var picked = LossWeightedRows.Draw(weights, 2, new SaeRandom(1234, (ulong)t));
            first[picked[0]]++;
            pairs[picked[0], picked[1]]++;
        }
        double total = weights.Sum();
        Assert.Equal(0, first[4]);
        for (int a = 0; a < 4; a++)
        {
            AssertFrequency(first[a], weights[a] / total, trials, $"first pick {a}");
            for (int b = 0; b < 4; b++)
                if (a != b) AssertFrequency(pairs[a, b], weights[a] / total * weights[b] / (total - weights[a]), trials, $"picks ({a}, {b})");
        }
    }

    private static void AssertFrequency(int count, double p, int trials, string what)
    {
        double sigma = Math.Sqrt(trials * p * (1 - p));
        Assert.True(Math.Abs(count - trials * p) < 5 * sigma, $"{what}: {count} of {trials}, expected {trials * p:F0} +- {sigma:F0}");
    }

    [Fact]
    public void Draw_MoreThanThePositiveRows_ReturnsOnlyThose_AndBadWeightsThrow()
    {
        Assert.Equal(2, LossWeightedRows.Draw([0, 1, 0, 5], 3, new SaeRandom(1)).Length);
        Assert.Throws<ArgumentException>(() => LossWeightedRows.Draw([1, double.NaN], 1, new SaeRandom(1)));
        Assert.Throws<ArgumentException>(() => LossWeightedRows.Draw([1, -1], 1, new SaeRandom(1)));
    }
}
