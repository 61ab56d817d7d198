namespace SaePlatform.Host.Training.Data;

/// <summary>
/// The training batches of a <see cref="BatchStream"/> with a look ahead: <see cref="Peek"/> copies the next batches
/// out of the stream (for a resampling event to score), and <see cref="Next"/> hands them out in their turn before
/// reading on. So looking ahead changes neither the batches a step trains on nor their order, and a run resumed from
/// a checkpoint (whose stream skips to its step) trains on the same batches.
/// </summary>
internal sealed class LookaheadBatches(BatchStream stream)
{
    private readonly Queue<float[]> _ahead = new();
    private float[]? _lent;

    /// <summary>The next training batch, row-major [batch_size, width]; valid until the next call.</summary>
    public float[] Next()
    {
        if (_lent is { } previous) stream.Recycle(new BatchStream.Batch(previous, 0));
        _lent = null;
        if (_ahead.TryDequeue(out var copy)) return copy;
        var batch = stream.Next();
        _lent = batch.Data;
        return batch.Data;
    }

    /// <summary>The next <paramref name="count"/> batches (copies), without consuming them.</summary>
    public IReadOnlyList<float[]> Peek(int count)
    {
        while (_ahead.Count < count)
        {
            var batch = stream.Next();
            _ahead.Enqueue((float[])batch.Data.Clone());
            stream.Recycle(batch);
        }
        return _ahead.Take(count).ToList();
    }
}
