namespace SaePlatform.Tensors.Memory;

/// <summary>
/// Pool of float buffers keyed by exact length. Training repeats the same shapes every step, so
/// exact-size buckets give full reuse without the power-of-two waste of <c>ArrayPool</c>.
/// Thread-safe. Tracks live and peak bytes so benchmarks can report memory.
/// </summary>
public static class TensorPool
{
    private static readonly Dictionary<int, Stack<float[]>> Buckets = new();
    private static readonly Lock Gate = new();
    private static long _liveBytes;
    private static long _pooledBytes;
    private static long _peakBytes;

    /// <summary>Bytes in buffers currently rented (held by live tensors).</summary>
    public static long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Highest value of live + pooled bytes since the last <see cref="ResetPeak"/>.</summary>
    public static long PeakBytes => Interlocked.Read(ref _peakBytes);

    /// <summary>Rents a buffer of exactly <paramref name="length"/> floats. Contents are unspecified.</summary>
    public static float[] Rent(int length)
    {
        if (length == 0) return [];
        lock (Gate)
        {
            _liveBytes += length * 4L;
            if (Buckets.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                _pooledBytes -= length * 4L;
                return stack.Pop();
            }
            UpdatePeak();
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Returns a buffer obtained from <see cref="Rent"/>.</summary>
    public static void Return(float[] buffer)
    {
        if (buffer.Length == 0) return;
        lock (Gate)
        {
            _liveBytes -= buffer.Length * 4L;
            _pooledBytes += buffer.Length * 4L;
            if (!Buckets.TryGetValue(buffer.Length, out var stack))
                Buckets[buffer.Length] = stack = new Stack<float[]>();
            stack.Push(buffer);
        }
    }

    /// <summary>Drops every pooled (not rented) buffer so the GC can reclaim it.</summary>
    public static void Trim()
    {
        lock (Gate)
        {
            Buckets.Clear();
            _pooledBytes = 0;
        }
    }

    /// <summary>Sets the peak to the current live + pooled bytes.</summary>
    public static void ResetPeak()
    {
        lock (Gate) _peakBytes = _liveBytes + _pooledBytes;
    }

    private static void UpdatePeak()
    {
        long total = _liveBytes + _pooledBytes;
        if (total > _peakBytes) _peakBytes = total;
    }
}
