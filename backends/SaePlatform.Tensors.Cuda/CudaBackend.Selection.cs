using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

// Sparse selection: per-row top-k, batch-wide top-k and the positive entries of a ReLU output, as CSR on the device.
public sealed partial class CudaBackend
{
    private Action<Index1D, SelectionKernels.TopKArgs>? _topK;
    private Action<Index1D, SelectionKernels.TopKArgs, SelectionKernels.TopKSegmentArgs>? _topKSegments, _topKMerge;
    private int? _topKTwoPassColumns;

    /// <summary>
    /// Rows at least this wide (with every column competing) take the two-pass top-k: one thread per (row, segment), then
    /// one per row merging the segments' candidates, instead of one thread per row over all columns (4,096 threads for a
    /// 4,096-row batch: far too few for a GPU). On by default on a GPU from 4,096 columns; off on the CPU accelerator
    /// (settable for tests of the GPU path).
    /// </summary>
    internal int TopKTwoPassColumns
    {
        get => _topKTwoPassColumns ??= _accelerator is ILGPU.Runtime.Cuda.CudaAccelerator ? 4096 : int.MaxValue;
        set => _topKTwoPassColumns = value;
    }

    /// <summary>Columns per segment of the two-pass top-k for a given k.</summary>
    internal int TopKSegmentLength(int k) => Math.Max(Math.Min(1024, Math.Max(1, TopKTwoPassColumns / 4)), 16 * k);
    private Action<Index1D, ArrayView<int>, int, int, ArrayView<int>>? _scanBlockSums, _scanApply;
    private Action<Index1D, ArrayView<int>, ArrayView<int>, int>? _scanPartials;
    private Action<Index1D, ArrayView<int>>? _searchInit;
    private Action<Index1D, SelectionKernels.SearchArgs>? _searchCount;
    private Action<Index1D, ArrayView<int>, int>? _searchStep;
    private Action<Index1D, ArrayView<int>, ArrayView<float>>? _cutSmallest;

    /// <inheritdoc />
    public void TopKSelect(Tensor scores, int k, Tensor? columnScale, IndexTensor? candidates, IndexTensor indices)
    {
        const string name = nameof(TopKSelect);
        int rows = scores.Rows, n = scores.Cols;
        var args = new SelectionKernels.TopKArgs
        {
            Scores = V(scores, name),
            Scale = V(columnScale, name, true),
            Candidates = candidates is null ? V(null, name, true).Cast<int>() : I(candidates, name),
            Output = I(indices, name),
            Cols = n,
            K = k,
            Scaled = columnScale is null ? 0 : 1,
            CandidateCount = candidates?.Length ?? -1,
        };
        if (k == 0 || rows == 0) return;
        var values = Allocator.Rent(this, (long)rows * k);
        try
        {
            args.Values = values.View;
            int segmentLength = TopKSegmentLength(k);
            if (candidates is null && n >= TopKTwoPassColumns && n >= 2 * segmentLength) TopKTwoPass(args, rows, segmentLength);
            else (_topK ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SelectionKernels.TopKArgs>(SelectionKernels.TopK))(rows, args);
        }
        finally
        {
            Allocator.Return(values);
        }
    }

    private void TopKTwoPass(SelectionKernels.TopKArgs args, int rows, int segmentLength)
    {
        int segments = (args.Cols + segmentLength - 1) / segmentLength;
        long slots = (long)rows * segments * args.K;
        var segmentValues = Allocator.Rent(this, slots);
        var segmentColumns = Allocator.Rent(this, slots);
        var counts = Allocator.Rent(this, (long)rows * segments + rows);
        try
        {
            var countsAndFlags = counts.View.Cast<int>();
            var s = new SelectionKernels.TopKSegmentArgs
            {
                SegmentValues = segmentValues.View,
                SegmentColumns = segmentColumns.View.Cast<int>(),
                SegmentCounts = countsAndFlags.SubView(0, (long)rows * segments),
                NanRows = countsAndFlags.SubView((long)rows * segments, rows),
                SegmentLength = segmentLength,
                Segments = segments,
            };
            FillRange(counts.View.SubView((long)rows * segments, rows), 0f); // no row flagged (int 0 has the bits of 0f)
            (_topKSegments ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SelectionKernels.TopKArgs, SelectionKernels.TopKSegmentArgs>(
                SelectionKernels.TopKSegments))(rows * segments, args, s);
            (_topKMerge ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SelectionKernels.TopKArgs, SelectionKernels.TopKSegmentArgs>(
                SelectionKernels.TopKMerge))(rows, args, s);
        }
        finally
        {
            Allocator.Return(segmentValues);
            Allocator.Return(segmentColumns);
            Allocator.Return(counts);
        }
    }

    /// <inheritdoc />
    public void BatchTopKSelect(Tensor h, int count, IndexTensor rowOffsets, IndexTensor indices, Tensor smallest)
    {
        const string name = nameof(BatchTopKSelect);
        int rows = h.Rows, n = h.Cols, total = h.Length;
        var bits = V(h, name).Cast<int>();
        var offsets = IndicesView(rowOffsets);
        var vs = V(smallest, name);
        if (count <= 0 || total == 0)
        {
            FillRange(V(rowOffsets.DeviceBits!, name), 0f); // int 0 has the bits of 0f
            FillRange(vs, float.NaN);
            return;
        }

        var scratch = Allocator.Rent(this, SelectionKernels.StateLength);
        try
        {
            var state = scratch.View.Cast<int>().SubView(0, SelectionKernels.StateLength);
            // The cut: the largest bit pattern with at least min(count, positives) positive entries at or above it (positive
            // floats order like their bits), found by narrowing [1, +inf] by a factor of Buckets per round, all on the
            // device: no read per round.
            (_searchInit ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>>(SelectionKernels.SearchInit))(1, state);
            int chunks = (int)Math.Min(16384L, Math.Max(1L, total / 256)); // chunks of at least 256 elements, one warp each
            var search = new SelectionKernels.SearchArgs { Bits = bits, State = state, Total = total, Chunks = chunks };
            for (long width = SelectionKernels.PositiveInfinityBits; width > 1; width = (width + SelectionKernels.Buckets - 1) / SelectionKernels.Buckets)
            {
                (_searchCount ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SelectionKernels.SearchArgs>(SelectionKernels.SearchCount))
                    (chunks * SelectionKernels.Buckets, search);
                (_searchStep ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int>(SelectionKernels.SearchStep))(1, state, count);
            }
            (_cutSmallest ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>>(SelectionKernels.CutSmallest))(1, state, vs);
            // The entries above the cut, and the ties (equal to it) that row-major order still admits; with too few positive
            // entries, every positive one and the non-positive ones that fill up to count. The caller sized the indices.
            SelectBySegments(bits, rows, n, SegmentSelectKernels.CutMode, state, offsets, IndicesView(indices), count);
        }
        finally
        {
            Allocator.Return(scratch);
        }
    }

    /// <inheritdoc />
    public void SelectPositive(Tensor y, Tensor rowCounts, int count, out IndexTensor rowOffsets, out IndexTensor indices)
    {
        const string name = nameof(SelectPositive);
        int rows = y.Rows, n = y.Cols;
        var vy = V(y, name);
        V(rowCounts, name); // on this device (checked), though unused: the kernels count the entries themselves
        rowOffsets = NewIndices(rows + 1);
        indices = NewIndices(count);
        var offsets = IndicesView(rowOffsets);
        // The CPU checks that the row counts add up to count; here that would cost a read. The kernels count by segments
        // of the rows and never write past count.
        SelectBySegments(vy.Cast<int>(), rows, n, SegmentSelectKernels.PositiveMode, default, offsets, IndicesView(indices), count);
    }

    /// <summary>
    /// Counts at <c>a[1..length]</c> become offsets: <c>a[0] = 0</c>, <c>a[i]</c> = the sum of the first i counts. Blocks of
    /// about sqrt(length) are summed in parallel, the block sums prefixed by one thread, then each block written.
    /// </summary>
    internal void OffsetsFromCounts(ArrayView<int> a, int length)
    {
        int block = Math.Max(64, (int)Math.Ceiling(Math.Sqrt(length)));
        int blocks = (length + block - 1) / block;
        var partial = Allocator.Rent(this, Math.Max(1, blocks));
        try
        {
            var p = partial.View.Cast<int>();
            if (blocks > 0)
                (_scanBlockSums ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, int, ArrayView<int>>(SelectionKernels.ScanBlockSums))
                    (blocks, a, length, block, p);
            (_scanPartials ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, int>(SelectionKernels.ScanPartials))(1, a, p, blocks);
            if (blocks > 0)
                (_scanApply ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, int, ArrayView<int>>(SelectionKernels.ScanApply))
                    (blocks, a, length, block, p);
        }
        finally
        {
            Allocator.Return(partial);
        }
    }
}
