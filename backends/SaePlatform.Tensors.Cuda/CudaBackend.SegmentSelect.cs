using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

// Row selections written as CSR segment by segment (BatchTopK's kept entries, the positive entries of a ReLU output).
public sealed partial class CudaBackend
{
    private Action<Index1D, SegmentSelectKernels.Args, ArrayView<int>, ArrayView<int>>? _segmentCount;
    private Action<Index1D, SegmentSelectKernels.Args, ArrayView<int>, ArrayView<int>, ArrayView<int>>? _segmentTake;
    private Action<Index1D, ArrayView<int>, int, ArrayView<int>>? _segmentRowOffsets;
    private Action<Index1D, SegmentSelectKernels.Args, ArrayView<int>, ArrayView<int>, ArrayView<int>, int>? _segmentWrite;

    /// <summary>
    /// Writes the selection of <paramref name="mode"/> (<see cref="SegmentSelectKernels"/>) of a [rows, n] matrix as CSR:
    /// its [rows + 1] offsets and at most <paramref name="limit"/> column indices. <paramref name="state"/> is BatchTopK's
    /// search state in cut mode. Everything stays on the device.
    /// </summary>
    private void SelectBySegments(ArrayView<int> bits, int rows, int n, int mode, ArrayView<int> state, ArrayView<int> offsets, ArrayView<int> output, int limit)
    {
        int segments = Math.Max(1, (n + SegmentSelectKernels.SegmentLength - 1) / SegmentSelectKernels.SegmentLength);
        int cells = checked(rows * segments);
        var scratch = Allocator.Rent(this, 3L * cells + 3);
        try
        {
            var all = scratch.View.Cast<int>();
            // take has at least one slot, so that its view starts inside the scratch when there are no cells.
            ArrayView<int> kept = all.SubView(0, cells + 1L), ties = all.SubView(cells + 1L, cells + 1L), take = all.SubView(2L * cells + 2, cells + 1L);
            // Positive mode never reads the state; a view of the scratch stands in for it.
            var args = new SegmentSelectKernels.Args { Bits = bits, State = state.IsValid ? state : all.SubView(0, 1), Cols = n, Segments = segments, Mode = mode };
            if (cells > 0)
                (_segmentCount ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SegmentSelectKernels.Args, ArrayView<int>, ArrayView<int>>(SegmentSelectKernels.Count))
                    (cells, args, kept, ties);
            OffsetsFromCounts(ties, cells);
            if (cells > 0)
                (_segmentTake ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SegmentSelectKernels.Args, ArrayView<int>, ArrayView<int>, ArrayView<int>>(
                    SegmentSelectKernels.Take))(cells, args, kept, ties, take);
            OffsetsFromCounts(kept, cells);
            (_segmentRowOffsets ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, int, ArrayView<int>>(SegmentSelectKernels.RowOffsets))
                (rows + 1, kept, segments, offsets);
            if (cells > 0 && limit > 0)
                (_segmentWrite ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, SegmentSelectKernels.Args, ArrayView<int>, ArrayView<int>, ArrayView<int>, int>(
                    SegmentSelectKernels.Write))(cells, args, kept, take, output, limit);
        }
        finally
        {
            Allocator.Return(scratch);
        }
    }
}
