namespace SaePlatform.Tensors.Backends.Cpu.Sparse;

/// <summary>
/// Splits a loop over independent items (rows, feature blocks) into contiguous chunks across cores.
/// Every item is computed by one thread in a fixed order, so results do not depend on the split.
/// </summary>
internal static class SparseParallel
{
    /// <summary>Below this many element operations a loop stays on the calling thread.</summary>
    public const long MinParallelWork = 1 << 16;

    public static void For(int count, long workPerItem, Action<int, int> body)
    {
        if (count <= 0) return;
        int threads = TensorThreads.Count;
        if (threads == 1 || count == 1 || count * Math.Max(1, workPerItem) < MinParallelWork)
        {
            body(0, count);
            return;
        }
        // A few chunks per core so an uneven chunk (rows with more entries) does not stall the rest.
        int chunks = Math.Min(count, threads * 4);
        Parallel.For(0, chunks, TensorThreads.ParallelOptions, c =>
        {
            int start = (int)((long)count * c / chunks), end = (int)((long)count * (c + 1) / chunks);
            body(start, end);
        });
    }
}
