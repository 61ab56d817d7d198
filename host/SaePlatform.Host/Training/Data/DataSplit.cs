using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Training.Data;

/// <summary>
/// A seeded assignment of a source's rows to train / validation / test (default 0.70 / 0.15 / 0.15).
/// Rows are permuted once with the run seed and cut into three contiguous parts of the permutation.
/// </summary>
internal sealed class DataSplit
{
    private DataSplit(long[] train, long[] validation, long[] test)
    {
        Train = train;
        Validation = validation;
        Test = test;
    }

    public long[] Train { get; }
    public long[] Validation { get; }
    public long[] Test { get; }

    /// <exception cref="ArgumentException">Fractions are negative or sum above 1, or the train part is empty.</exception>
    public static DataSplit Create(long rowCount, double validationFraction, double testFraction, int seed)
    {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1)
            throw new ArgumentException($"data split: validation ({validationFraction}) + test ({testFraction}) must be >= 0 and < 1.");
        if (rowCount > int.MaxValue)
            throw new ArgumentException($"{rowCount:N0} rows: more than {int.MaxValue:N0} needs the streaming mode.");
        int n = (int)rowCount;
        var order = new long[n];
        for (int i = 0; i < n; i++) order[i] = i;
        new SaeRandom((ulong)seed).Derive("data-split").Shuffle<long>(order);

        int nVal = (int)Math.Round(n * validationFraction), nTest = (int)Math.Round(n * testFraction);
        int nTrain = n - nVal - nTest;
        if (nTrain <= 0) throw new ArgumentException($"data split leaves no training rows ({n} rows in all).");
        return new DataSplit(order[..nTrain], order[nTrain..(nTrain + nVal)], order[(nTrain + nVal)..]);
    }
}
