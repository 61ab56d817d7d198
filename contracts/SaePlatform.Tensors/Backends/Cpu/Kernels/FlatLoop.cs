namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>Splits purely element-wise work over n elements into fixed chunks across cores.</summary>
internal static class FlatLoop
{
    /// <summary>Runs body(start, length) over [0, n): one call when small, parallel chunks when large.</summary>
    public static void For(int n, Action<int, int> body)
    {
        if (n < BlockPlan.ParallelThreshold)
        {
            if (n > 0) body(0, n);
            return;
        }
        int chunks = (n + BlockPlan.BlockElements - 1) / BlockPlan.BlockElements;
        Parallel.For(0, chunks, TensorThreads.ParallelOptions, c =>
        {
            int start = c * BlockPlan.BlockElements;
            body(start, Math.Min(BlockPlan.BlockElements, n - start));
        });
    }
}
