using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Training.Data;

/// <summary>
/// A seeded assignment of a source's rows to train / validation / test (default 0.70 / 0.15 / 0.15).
/// Indexed (<see cref="Create"/>): rows are permuted once with the run seed and cut into three contiguous parts
/// of the permutation. Streaming (<see cref="CreateStreaming"/>): aligned blocks of rows are permuted instead
/// and each part is kept as row ranges (<see cref="RowRanges"/>), so nothing is held per row.
/// </summary>
internal sealed class DataSplit
{
    /// <summary>Held-out rows materialised per part in streaming mode (the evaluator reads at most 16,384).</summary>
    public const int HeldOutSampleRows = 65536;

    private readonly long[]? _train;

    private DataSplit(long[]? train, long[] validation, long[] test, long trainCount, long validationCount, long testCount,
        RowRanges? trainRanges, RowRanges? validationRanges, RowRanges? testRanges, int blockRows, int bufferRows)
    {
        _train = train;
        Validation = validation;
        Test = test;
        TrainCount = trainCount;
        ValidationCount = validationCount;
        TestCount = testCount;
        TrainRanges = trainRanges;
        ValidationRanges = validationRanges;
        TestRanges = testRanges;
        BlockRows = blockRows;
        BufferRows = bufferRows;
    }

    /// <summary>Every training row, in the split's seeded order (indexed mode only).</summary>
    /// <exception cref="InvalidOperationException">The split is streaming; use <see cref="TrainRanges"/>.</exception>
    public long[] Train => _train ?? throw new InvalidOperationException(
        "a streaming data split keeps no per-row index of the training rows; use TrainRanges / TrainCount / TrainSample.");

    /// <summary>Validation rows in seeded order: all of them (indexed) or a seeded sample of at most <see cref="HeldOutSampleRows"/> (streaming).</summary>
    public long[] Validation { get; }

    /// <summary>Test rows, like <see cref="Validation"/>.</summary>
    public long[] Test { get; }

    /// <summary>Number of training rows.</summary>
    public long TrainCount { get; }

    /// <summary>Number of validation rows (all of them, also when <see cref="Validation"/> is a sample).</summary>
    public long ValidationCount { get; }

    /// <summary>Number of test rows.</summary>
    public long TestCount { get; }

    /// <summary>Whether the split is kept as row ranges (streaming mode).</summary>
    public bool IsStreaming => _train is null;

    /// <summary>Training rows as ranges (streaming only).</summary>
    public RowRanges? TrainRanges { get; }

    /// <summary>Validation rows as ranges (streaming only).</summary>
    public RowRanges? ValidationRanges { get; }

    /// <summary>Test rows as ranges (streaming only).</summary>
    public RowRanges? TestRanges { get; }

    /// <summary>Rows per split block (streaming only; 0 otherwise). Every range starts on a multiple of it.</summary>
    public int BlockRows { get; }

    /// <summary>Rows of the streaming shuffle buffer (streaming only; 0 otherwise).</summary>
    public int BufferRows { get; }

    /// <summary>
    /// Up to <paramref name="count"/> training rows for initialisation statistics: the first rows of the seeded
    /// order (indexed), or a seeded sample of distinct rows (streaming).
    /// </summary>
    public long[] TrainSample(int count, int seed)
    {
        if (_train is not null) return _train[..Math.Min(count, _train.Length)];
        return Sample(TrainRanges!, count, new SaeRandom((ulong)seed).Derive("train-sample"));
    }

    /// <exception cref="ArgumentException">Fractions are negative or sum to 1 or more, or the train part is empty.</exception>
    public static DataSplit Create(long rowCount, double validationFraction, double testFraction, int seed)
    {
        CheckFractions(validationFraction, testFraction);
        if (rowCount > int.MaxValue)
            throw new ArgumentException($"{rowCount:N0} rows: more than {int.MaxValue:N0} needs the streaming mode (training.streaming: on).");
        int n = (int)rowCount;
        var order = new long[n];
        for (int i = 0; i < n; i++) order[i] = i;
        new SaeRandom((ulong)seed).Derive("data-split").Shuffle<long>(order);

        int nVal = (int)Math.Round(n * validationFraction), nTest = (int)Math.Round(n * testFraction);
        int nTrain = n - nVal - nTest;
        if (nTrain <= 0) throw new ArgumentException($"data split leaves no training rows ({n} rows in all).");
        return new DataSplit(order[..nTrain], order[nTrain..(nTrain + nVal)], order[(nTrain + nVal)..], nTrain, nVal, nTest,
            null, null, null, 0, 0);
    }

    /// <summary>
    /// Splits [0, rowCount) by blocks of <paramref name="blockRows"/> consecutive rows (the last may be shorter):
    /// blocks are permuted with the run seed and handed to validation, then test, until each reaches its fraction
    /// of the rows; the rest train. Memory is one entry per block. <paramref name="bufferRows"/> is the shuffle buffer the
    /// batch reader will use.
    /// </summary>
    /// <exception cref="ArgumentException">Bad fractions, or no training rows.</exception>
    public static DataSplit CreateStreaming(long rowCount, double validationFraction, double testFraction, int seed, int blockRows, int bufferRows)
    {
        CheckFractions(validationFraction, testFraction);
        if (blockRows <= 0 || bufferRows < blockRows) throw new ArgumentOutOfRangeException(nameof(blockRows), $"blocks of {blockRows} rows need a buffer of at least as many rows (got {bufferRows}).");
        long blockCount = (rowCount + blockRows - 1) / blockRows;
        if (blockCount > int.MaxValue) throw new ArgumentException($"{rowCount:N0} rows in blocks of {blockRows} are too many blocks.");
        var order = new SaeRandom((ulong)seed).Derive("data-split-blocks").Permutation((int)blockCount);
        long Size(int block) => Math.Min(blockRows, rowCount - (long)block * blockRows);

        long valTarget = (long)Math.Round(rowCount * validationFraction), testTarget = (long)Math.Round(rowCount * testFraction);
        var part = new byte[blockCount]; // 0 train, 1 validation, 2 test
        long valRows = 0, testRows = 0;
        int next = 0;
        for (; next < order.Length && valRows < valTarget; next++) { part[order[next]] = 1; valRows += Size(order[next]); }
        for (; next < order.Length && testRows < testTarget; next++) { part[order[next]] = 2; testRows += Size(order[next]); }
        long trainRows = rowCount - valRows - testRows;
        if (trainRows <= 0) throw new ArgumentException($"data split leaves no training rows ({rowCount} rows in {blockCount} blocks of {blockRows}).");

        RowRanges Ranges(byte which)
        {
            var list = new List<(long, long)>();
            for (int b = 0; b < blockCount; b++)
                if (part[b] == which) list.Add(((long)b * blockRows, (long)b * blockRows + Size(b)));
            return new RowRanges(list);
        }
        var train = Ranges(0);
        var validation = Ranges(1);
        var test = Ranges(2);
        var random = new SaeRandom((ulong)seed);
        return new DataSplit(null, Sample(validation, HeldOutSampleRows, random.Derive("validation-sample")),
            Sample(test, HeldOutSampleRows, random.Derive("test-sample")), trainRows, valRows, testRows, train, validation, test, blockRows, bufferRows);
    }

    // Up to count distinct rows of the set, in random order: every row when the set is small, else rejection sampling.
    private static long[] Sample(RowRanges set, int count, SaeRandom random)
    {
        long total = set.RowCount;
        if (total <= count)
        {
            var all = new long[total];
            for (long i = 0; i < total; i++) all[i] = set.RowAt(i);
            random.Shuffle<long>(all);
            return all;
        }
        var chosen = new HashSet<long>();
        var rows = new long[count];
        for (int filled = 0; filled < count;)
        {
            long index = (long)(random.NextDouble() * total);
            if (chosen.Add(index)) rows[filled++] = set.RowAt(index);
        }
        return rows;
    }

    private static void CheckFractions(double validationFraction, double testFraction)
    {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1)
            throw new ArgumentException($"data split: validation ({validationFraction}) + test ({testFraction}) must be >= 0 and < 1.");
    }
}
