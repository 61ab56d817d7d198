using System.Collections.Concurrent;
using SaePlatform.Contracts.Data;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Training.Data;

/// <summary>
/// Endless training batches over a row set, reshuffled every epoch when asked (seeded by run seed and epoch), read
/// by a background thread <c>prefetch_batches</c> ahead so the trainer never waits on the source. Batches are
/// recycled: <see cref="Next"/> hands out a buffer, <see cref="Recycle"/> returns it.
/// </summary>
internal sealed class BatchStream : IDisposable
{
    private readonly IDataSource _source;
    private readonly ActivationNormalizer _normalizer;
    private readonly long[] _rows;
    private readonly ShuffleBuffer? _buffer;
    private readonly int _width, _batchSize, _seed, _prefetch;
    private readonly BlockingCollection<Batch> _ready;
    private readonly bool _shuffle;
    private readonly BlockingCollection<float[]> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Exception? _failure;

    public BatchStream(IDataSource source, ActivationNormalizer normalizer, long[] rows, int width, int batchSize, int seed,
        bool shuffle, int prefetchBatches, long skipBatches = 0)
        : this(source, normalizer, rows, null, width, batchSize, seed, shuffle, prefetchBatches, skipBatches)
    {
    }

    /// <summary>
    /// Batches over the split's training rows: indexed (a reshuffled row permutation per epoch) or, for a streaming
    /// split, through a <see cref="ShuffleBuffer"/> of <see cref="DataSplit.BufferRows"/> rows. Either way the batch
    /// sequence depends only on (seed, batch index), so <paramref name="skipBatches"/> resumes exactly.
    /// </summary>
    public BatchStream(IDataSource source, ActivationNormalizer normalizer, DataSplit split, int width, int batchSize, int seed,
        bool shuffle, int prefetchBatches, long skipBatches = 0)
        : this(source, normalizer, split.IsStreaming ? [] : split.Train,
            split.IsStreaming ? new ShuffleBuffer(source, split.TrainRanges!, split.BlockRows, split.BufferRows, width, seed, shuffle,
                Math.Max(1, split.TrainCount / batchSize) * batchSize) : null,
            width, batchSize, seed, shuffle, prefetchBatches, skipBatches)
    {
    }

    private BatchStream(IDataSource source, ActivationNormalizer normalizer, long[] rows, ShuffleBuffer? buffer, int width, int batchSize,
        int seed, bool shuffle, int prefetchBatches, long skipBatches)
    {
        if (rows.Length == 0 && buffer is null) throw new ArgumentException("No training rows.");
        _source = source;
        _normalizer = normalizer;
        _rows = (long[])rows.Clone();
        _buffer = buffer;
        _width = width;
        _batchSize = batchSize;
        _seed = seed;
        _shuffle = shuffle;
        _prefetch = prefetchBatches;
        _ready = new BlockingCollection<Batch>(Math.Max(1, prefetchBatches));
        for (int i = 0; i < Math.Max(1, prefetchBatches) + 2; i++) _free.Add(new float[batchSize * width]);
        _thread = new Thread(() => Produce(skipBatches)) { IsBackground = true, Name = "sae-batch-reader" };
        _thread.Start();
    }

    /// <summary>A full batch, row-major [batch_size, width], and its epoch.</summary>
    public readonly record struct Batch(float[] Data, int Epoch);

    /// <summary>The next batch (blocks only if the reader is behind).</summary>
    /// <exception cref="InvalidDataException">The reader failed (rethrown with the source's message).</exception>
    public Batch Next()
    {
        try
        {
            return _ready.Take(_stop.Token);
        }
        catch (Exception) when (_failure is not null)
        {
            throw new InvalidDataException(_failure.Message, _failure);
        }
    }

    /// <summary>Gives a batch buffer back for reuse.</summary>
    public void Recycle(Batch batch) => _free.Add(batch.Data);

    /// <summary>Bytes of the streaming shuffle buffer plus the batch buffers (0 buffer bytes when indexed).</summary>
    public long BufferedBytes => (_buffer?.BufferBytes ?? 0) + BatchBufferBytes(_prefetch, _batchSize, _width);

    /// <summary>Bytes of the batch buffers a stream allocates (prefetch_batches + 2 recycled batches).</summary>
    public static long BatchBufferBytes(int prefetchBatches, int batchSize, int width) =>
        (Math.Max(1, prefetchBatches) + 2L) * batchSize * width * sizeof(float);

    private void Produce(long skipBatches)
    {
        try
        {
            if (_buffer is not null)
            {
                ProduceStreaming(skipBatches);
                return;
            }
            int perEpoch = Math.Max(1, _rows.Length / _batchSize);
            // Epoch e's order depends only on (seed, e): the same in every process, and on resume.
            var epochStreams = new SaeRandom((ulong)_seed).Derive("epoch-order");
            long batchIndex = 0;
            for (int epoch = 0; !_stop.IsCancellationRequested; epoch++)
            {
                var order = (long[])_rows.Clone();
                if (_shuffle) epochStreams.Fork((ulong)epoch).Shuffle<long>(order);
                for (int b = 0; b < perEpoch && !_stop.IsCancellationRequested; b++, batchIndex++)
                {
                    if (batchIndex < skipBatches) continue; // resume: same order, skip consumed batches
                    var buffer = _free.Take(_stop.Token);
                    HeldOutRows.ReadInto(_source, order, b * (long)_batchSize, buffer, _width);
                    _normalizer.Apply(buffer);
                    _ready.Add(new Batch(buffer, epoch), _stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _failure = ex;
            _stop.Cancel();
        }
    }

    private void ProduceStreaming(long skipBatches)
    {
        _buffer!.Seek(skipBatches * _batchSize);
        while (!_stop.IsCancellationRequested)
        {
            var buffer = _free.Take(_stop.Token);
            int epoch = _buffer.Fill(buffer, _batchSize);
            _normalizer.Apply(buffer);
            _ready.Add(new Batch(buffer, epoch), _stop.Token);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _ready.Dispose();
        _free.Dispose();
        _stop.Dispose();
    }
}
