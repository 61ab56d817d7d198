using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Data;
using SaePlatform.Host.Configuration.Sections;

namespace SaePlatform.Host.Training.Data;

/// <summary>
/// An opened source made ready for training: <c>max_rows</c> applied, the reader chosen (indexed or streaming,
/// <c>training.streaming</c>), the split made, the data checked, and the normaliser fitted on a training sample.
/// </summary>
/// <param name="Info">The source's description, with <c>RowCount</c> reduced by <c>max_rows</c>.</param>
/// <param name="Sample">Normalised training rows for data-dependent initialisation, row-major.</param>
internal sealed record PreparedData(DataSourceInfo Info, DataSplit Split, ActivationNormalizer Normalizer, float[] Sample)
{
    private const double Mebibyte = 1 << 20;

    /// <summary>Opens <paramref name="source"/> and prepares it. Bad data throws <see cref="InvalidDataException"/> (exit code 3).</summary>
    /// <exception cref="InvalidDataException">The source is unreadable or empty, or a value is NaN/Inf (named by file and row).</exception>
    /// <exception cref="ArgumentException">The settings do not fit the data (batch larger than the training split, memory budget too small).</exception>
    /// <param name="checkHeader">Called with what <see cref="IDataSource.Open"/> reported, before any row is read (config checks that need d_in).</param>
    public static PreparedData Open(IDataSource source, string sourceId, TrainingOptions s, int seed, ILogger log, CancellationToken cancellation,
        Action<DataSourceInfo>? checkHeader = null)
    {
        var info = source.Open(cancellation);
        if (info.RowCount <= 0) throw new InvalidDataException($"data ({sourceId}): the source has no rows (empty selection).");
        if (info.Width <= 0) throw new InvalidDataException($"data ({sourceId}): rows have {info.Width} values.");
        checkHeader?.Invoke(info);
        long rows = info.RowCount;
        if (s.MaxRows is { } max && max < rows)
        {
            Log.MaxRows(log, max, rows);
            rows = max;
            info = info with { RowCount = max, Description = $"{info.Description}; first {max:N0} rows used (max_rows)" };
        }
        int width = info.Width;
        double megabytes = rows * (double)width * sizeof(float) / Mebibyte;
        bool streaming = s.Streaming switch
        {
            DataStreaming.On => true,
            DataStreaming.Off => false,
            _ => megabytes > s.DataMemoryMb || rows > int.MaxValue,
        };

        DataSplit split;
        if (streaming)
        {
            int bufferRows = BufferRows(s, width);
            int blockRows = (int)Math.Clamp(Math.Min(bufferRows / 16, rows / 256), 1, bufferRows);
            split = DataSplit.CreateStreaming(rows, s.ValidationFraction, s.TestFraction, seed, blockRows, bufferRows);
            Log.Streaming(log, rows, width, megabytes, s.DataMemoryMb, blockRows, split.TrainCount, split.ValidationCount, split.TestCount,
                (int)Math.Min(bufferRows, split.TrainCount));
        }
        else
        {
            split = DataSplit.Create(rows, s.ValidationFraction, s.TestFraction, seed);
            // Within the memory budget a full pass is cheap: report NaN/Inf before the first step, not mid-run.
            DataScan.EnsureFinite(source, rows, width, cancellation);
            Log.Indexed(log, rows, width, megabytes, split.TrainCount, split.ValidationCount, split.TestCount);
        }
        if (split.TrainCount < s.BatchSize)
            throw new ArgumentException($"training.batch_size ({s.BatchSize}) is larger than the training split ({split.TrainCount} rows).");

        var sampleRows = split.TrainSample(Math.Min(s.InitSampleRows, (int)Math.Min(int.MaxValue, split.TrainCount)), seed);
        var sample = HeldOutRows.ReadChecked(source, sampleRows, sampleRows.Length, width);
        ActivationNormalizer normalizer;
        try
        {
            normalizer = ActivationNormalizer.Create(s.NormalizeActivations, width, sample);
        }
        catch (InvalidDataException ex) // name the data: the sample rows run from the first one read
        {
            throw new InvalidDataException($"{source.DescribeRow(sampleRows.Length > 0 ? sampleRows[0] : 0)} (one of {sampleRows.Length:N0} sample rows): {ex.Message}", ex);
        }
        normalizer.Apply(sample);
        return new PreparedData(info, split, normalizer, sample);
    }

    // The buffer gets what the budget leaves after the batch buffers; each buffered row costs its floats and one order entry.
    private static int BufferRows(TrainingOptions s, int width)
    {
        if (s.ShuffleBufferRows is { } rows) return rows;
        long budget = (long)(s.DataMemoryMb * Mebibyte);
        long batches = BatchStream.BatchBufferBytes(s.PrefetchBatches, s.BatchSize, width);
        long bufferRows = (budget - batches) / (width * (long)sizeof(float) + sizeof(int));
        if (bufferRows < 1)
            throw new ArgumentException($"training.data_memory_mb ({s.DataMemoryMb} MiB) is too small for streaming: the batch buffers alone take " +
                $"{batches / Mebibyte:N2} MiB (batch_size x width x (prefetch_batches + 2) x 4 bytes); raise it or set training.shuffle_buffer_rows.");
        return (int)Math.Min(int.MaxValue / Math.Max(1, width), bufferRows);
    }
}
