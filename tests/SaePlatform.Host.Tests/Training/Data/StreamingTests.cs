using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training.Data;

namespace SaePlatform.Host.Tests.Training.Data;

/// <summary>
/// The streaming reader over .npy files four times larger than the memory budget: the split by row ranges, the
/// rows each epoch visits, the memory it holds, and exact resumption.
/// </summary>
public sealed class StreamingTests
{
    private const int Files = 4, RowsPerFile = 2000, Width = 32, Batch = 64, Seed = 3;
    private const long TotalRows = Files * RowsPerFile;
    private const double BudgetMb = 0.25; // the files hold 1 MiB of float32

    // Rows are identified by their values, so they reach the batches unscaled.
    private static TrainingOptions Settings() => new() { BatchSize = Batch, PrefetchBatches = 2, DataMemoryMb = BudgetMb, InitSampleRows = 256, NormalizeActivations = ActivationNormalization.None };

    private static (MappedNpySource Source, PreparedData Data) Prepare(long nanAtRow = -1)
    {
        var files = MappedNpySource.WriteFiles(Repository.NewTempDirectory(), Files, RowsPerFile, Width, nanAtRow);
        var source = new MappedNpySource(files);
        return (source, PreparedData.Open(source, "test", Settings(), Seed, NullLogger.Instance, CancellationToken.None));
    }

    private static long[] RowIds(float[] batch) => Enumerable.Range(0, Batch).Select(r => (long)batch[r * Width]).ToArray();

    [Fact]
    public void Open_DataLargerThanBudget_SplitsIntoDisjointRangesCoveringEveryRow()
    {
        var (source, data) = Prepare();
        using var _ = source;
        var split = data.Split;

        Assert.True(split.IsStreaming, "1 MiB of data over a 0.25 MiB budget must stream (streaming: auto)");
        Assert.Equal(TotalRows, split.TrainCount + split.ValidationCount + split.TestCount);
        for (long row = 0; row < TotalRows; row++)
        {
            int parts = (split.TrainRanges!.Contains(row) ? 1 : 0) + (split.ValidationRanges!.Contains(row) ? 1 : 0) + (split.TestRanges!.Contains(row) ? 1 : 0);
            Assert.True(parts == 1, $"row {row} is in {parts} parts");
        }
        Assert.InRange(split.ValidationCount, 0.15 * TotalRows - split.BlockRows, 0.15 * TotalRows + split.BlockRows);
        Assert.InRange(split.TestCount, 0.15 * TotalRows - split.BlockRows, 0.15 * TotalRows + split.BlockRows);
        Assert.All(split.Validation, r => Assert.True(split.ValidationRanges!.Contains(r)));
        Assert.All(split.Test, r => Assert.True(split.TestRanges!.Contains(r)));
        Assert.Equal(split.ValidationCount, split.Validation.Distinct().Count()); // fewer than 65,536: the sample is all of them
    }

    [Fact]
    public void BatchStream_TwoEpochs_EachVisitsTrainingRowsOnceWithinTheBudget()
    {
        var (source, data) = Prepare();
        using var _ = source;
        var split = data.Split;
        long perEpoch = split.TrainCount / Batch;
        using var stream = new BatchStream(source, data.Normalizer, split, Width, Batch, Seed, shuffle: true, prefetchBatches: 2);

        for (int epoch = 0; epoch < 2; epoch++)
        {
            var seen = new HashSet<long>();
            for (long b = 0; b < perEpoch; b++)
            {
                var batch = stream.Next();
                Assert.Equal(epoch, batch.Epoch);
                foreach (var row in RowIds(batch.Data))
                {
                    Assert.True(split.TrainRanges!.Contains(row), $"row {row} is not a training row");
                    Assert.True(seen.Add(row), $"row {row} came twice in epoch {epoch}");
                }
                stream.Recycle(batch);
            }
            Assert.Equal(perEpoch * Batch, seen.Count);
        }

        long budget = (long)(BudgetMb * (1 << 20));
        Assert.True(stream.BufferedBytes <= budget, $"the reader holds {stream.BufferedBytes} bytes, over the {budget}-byte budget");
        Assert.True(split.BufferRows < split.TrainCount, "the buffer must be smaller than the data for this test to mean anything");
        Assert.True(source.LargestReadRows <= split.BufferRows, $"one read asked for {source.LargestReadRows} rows; the buffer holds {split.BufferRows}");
    }

    [Fact]
    public void BatchStream_Streaming_MixesRowsFromManyBlocksInEachBatch()
    {
        var (source, data) = Prepare();
        using var _ = source;
        using var stream = new BatchStream(source, data.Normalizer, data.Split, Width, Batch, Seed, shuffle: true, prefetchBatches: 2);

        var blocks = RowIds(stream.Next().Data).Select(r => r / data.Split.BlockRows).Distinct().Count();

        Assert.True(blocks >= 8, $"a shuffled batch of {Batch} rows came from only {blocks} blocks of {data.Split.BlockRows}");
    }

    [Fact]
    public void BatchStream_SkipBatches_ResumesWithTheSameBatchesAcrossAnEpochBoundary()
    {
        var (source, data) = Prepare();
        using var _ = source;
        long perEpoch = data.Split.TrainCount / Batch, skip = perEpoch - 2;
        var expected = new List<long[]>();
        using (var full = new BatchStream(source, data.Normalizer, data.Split, Width, Batch, Seed, true, 2))
        {
            for (long b = 0; b < skip + 5; b++)
            {
                var batch = full.Next();
                if (b >= skip) expected.Add(RowIds(batch.Data));
                full.Recycle(batch);
            }
        }
        using var resumed = new BatchStream(source, data.Normalizer, data.Split, Width, Batch, Seed, true, 2, skipBatches: skip);
        for (int i = 0; i < 5; i++)
        {
            var batch = resumed.Next();
            Assert.Equal(expected[i], RowIds(batch.Data));
            resumed.Recycle(batch);
        }
    }

    [Fact]
    public void BatchStream_NaNInAStreamedFile_NamesFileAndRow()
    {
        var (source, data) = Prepare(nanAtRow: -1);
        source.Dispose();
        // Put the NaN in a training row, which the stream must reach in its first epoch.
        long target = data.Split.TrainRanges![0].Start + 1;
        var files = MappedNpySource.WriteFiles(Repository.NewTempDirectory(), Files, RowsPerFile, Width, nanAtRow: target);
        using var bad = new MappedNpySource(files);
        bad.Open(CancellationToken.None);
        using var stream = new BatchStream(bad, data.Normalizer, data.Split, Width, Batch, Seed, true, 2);

        var e = Assert.Throws<InvalidDataException>(() =>
        {
            for (long b = 0; b < 2 * (data.Split.TrainCount / Batch); b++) stream.Recycle(stream.Next());
        });

        Assert.Contains($"part_{target / RowsPerFile}.npy row {target % RowsPerFile}: column 3 is NaN", e.Message);
    }

    [Fact]
    public void Open_DataWithinBudget_UsesTheIndexedReaderAndFindsNaNBeforeTraining()
    {
        var files = MappedNpySource.WriteFiles(Repository.NewTempDirectory(), 2, 500, 8, nanAtRow: 777);
        using var source = new MappedNpySource(files);
        var s = Settings();
        s.DataMemoryMb = 64;

        var e = Assert.Throws<InvalidDataException>(() => PreparedData.Open(source, "test", s, Seed, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("part_1.npy row 277: column 3 is NaN", e.Message);
    }

    [Fact]
    public void Open_MaxRows_KeepsOnlyTheFirstRows()
    {
        var files = MappedNpySource.WriteFiles(Repository.NewTempDirectory(), 2, 500, 8, nanAtRow: 900);
        using var source = new MappedNpySource(files);
        var s = Settings();
        s.MaxRows = 600; // the NaN at row 900 is outside the selection

        var data = PreparedData.Open(source, "test", s, Seed, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(600, data.Info.RowCount);
        Assert.Equal(600, data.Split.TrainCount + data.Split.ValidationCount + data.Split.TestCount);
        Assert.All(data.Split.Train.Concat(data.Split.Validation).Concat(data.Split.Test), r => Assert.InRange(r, 0, 599));
    }
}
