namespace SaePlatform.Tensors.Backends.Cpu.Kernels;

/// <summary>
/// Cuts a <see cref="Layout"/> into blocks: runs of whole rows, or segments of the single flat row. The
/// cut depends only on the shape, never on the thread count, so reductions that keep one partial per
/// block and combine them in block order are bit-reproducible.
/// </summary>
internal readonly struct BlockPlan
{
    /// <summary>Elements per block: 64 KiB of floats, a comfortable L2 working set.</summary>
    public const int BlockElements = 1 << 14;

    private readonly int _rowsPerBlock;
    private readonly int _segment;

    public BlockPlan(Layout layout, int maxBlocks)
    {
        Layout = layout;
        if (layout.IsFlat)
        {
            int n = layout.Cols;
            _rowsPerBlock = 1;
            _segment = Math.Max(BlockElements, CeilDiv(n, maxBlocks));
            Count = n == 0 ? 0 : CeilDiv(n, _segment);
        }
        else
        {
            int cols = Math.Max(1, layout.Cols);
            _segment = layout.Cols;
            _rowsPerBlock = Math.Max(Math.Max(1, BlockElements / cols), CeilDiv(layout.Rows, maxBlocks));
            Count = layout.Rows == 0 ? 0 : CeilDiv(layout.Rows, _rowsPerBlock);
        }
    }

    public Layout Layout { get; }

    public int Count { get; }

    /// <summary>Longest row segment of any block (scratch size).</summary>
    public int MaxSegment => Layout.IsFlat ? Math.Min(_segment, Layout.Cols) : Layout.Cols;

    /// <summary>Rows [r0, r1) and columns [j0, j1) of block b.</summary>
    public void Block(int b, out int r0, out int r1, out int j0, out int j1)
    {
        if (Layout.IsFlat)
        {
            r0 = 0; r1 = 1;
            j0 = b * _segment;
            j1 = Math.Min(Layout.Cols, j0 + _segment);
        }
        else
        {
            r0 = b * _rowsPerBlock;
            r1 = Math.Min(Layout.Rows, r0 + _rowsPerBlock);
            j0 = 0; j1 = Layout.Cols;
        }
    }

    /// <summary>Runs body(b) for every block, in parallel when the work is large.</summary>
    public void Run(Action<int> body)
    {
        DeterministicPartition.ForEach(Count, Layout.Length, body);
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
