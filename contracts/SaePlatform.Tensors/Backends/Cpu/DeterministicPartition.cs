namespace SaePlatform.Tensors.Backends.Cpu;

/// <summary>
/// The one way the CPU backend splits work across cores. Every item (element, row, block) is computed by exactly one
/// thread, and wherever partial results are combined (per-chunk or per-block sums) the cut depends only on the sizes,
/// never on the thread count, so results are bit-identical whatever <see cref="TensorThreads.Count"/> is.
/// </summary>
internal static class DeterministicPartition
{
    /// <summary>Below this many element operations, a loop stays on the calling thread (64 Ki: a thread hop costs more).</summary>
    public const int MinParallelWork = 1 << 16;

    /// <summary>
    /// Runs body(start, end) over [0, <paramref name="count"/>) cut into fixed chunks of <paramref name="chunkSize"/>
    /// items (the last one shorter), in parallel; one call body(0, count) when there is a single chunk or
    /// <paramref name="work"/> is below <see cref="MinParallelWork"/>.
    /// </summary>
    /// <param name="count">Items in the loop.</param>
    /// <param name="chunkSize">Items per chunk: the cut that per-chunk partial results follow.</param>
    /// <param name="work">Element operations of the whole loop.</param>
    /// <param name="body">Called with each chunk's [start, end).</param>
    public static void ForChunks(int count, int chunkSize, long work, Action<int, int> body)
    {
        if (count <= 0) return;
        int chunks = (int)(((long)count + chunkSize - 1) / chunkSize);
        if (chunks <= 1 || work < MinParallelWork)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, chunks, TensorThreads.ParallelOptions, c =>
        {
            int start = c * chunkSize;
            body(start, Math.Min(count, start + chunkSize));
        });
    }

    /// <summary>
    /// Runs body(start, end) over contiguous ranges of [0, <paramref name="count"/>) independent items (rows, feature
    /// blocks), a few ranges per core so an uneven range does not stall the rest; one call body(0, count) below
    /// <see cref="MinParallelWork"/>. Only for items whose results do not depend on which range computes them.
    /// </summary>
    /// <param name="count">Items in the loop.</param>
    /// <param name="workPerItem">Element operations per item.</param>
    /// <param name="body">Called with each range's [start, end).</param>
    public static void ForRanges(int count, long workPerItem, Action<int, int> body)
    {
        if (count <= 0) return;
        int threads = TensorThreads.Count;
        if (threads == 1 || count == 1 || count * Math.Max(1, workPerItem) < MinParallelWork)
        {
            body(0, count);
            return;
        }
        int ranges = Math.Min(count, threads * 4);
        Parallel.For(0, ranges, TensorThreads.ParallelOptions, c =>
        {
            int start = (int)((long)count * c / ranges), end = (int)((long)count * (c + 1) / ranges);
            body(start, end);
        });
    }

    /// <summary>
    /// Runs body(i) for each of <paramref name="count"/> blocks, in parallel when there is more than one and
    /// <paramref name="work"/> (element operations of all blocks) reaches <see cref="MinParallelWork"/>.
    /// </summary>
    public static void ForEach(int count, long work, Action<int> body)
    {
        if (count > 1 && work >= MinParallelWork)
            Parallel.For(0, count, TensorThreads.ParallelOptions, body);
        else
            for (int i = 0; i < count; i++) body(i);
    }
}
