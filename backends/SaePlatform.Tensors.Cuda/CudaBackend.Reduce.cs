using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

// The broadcast-reduce machinery shared by the element-wise gradients, the reductions and the norms.
public sealed partial class CudaBackend
{
    private Action<Index1D, ReduceSource, ReduceKernels.Target>? _reduceFull, _reduceColumns, _reduceRows;
    private Action<Index1D, ReduceSource, ReduceKernels.Target, int, ArrayView<double>>? _reducePartials;
    private Action<Index1D, ArrayView<double>, int, ReduceKernels.Target>? _reduceFinish;
    private MemoryBuffer1D<double, Stride1D.Dense>? _partials;

    /// <summary>How <paramref name="t"/> broadcasts onto an output [rows, cols].</summary>
    internal Operand Broadcast(Tensor t, int rows, int cols, string op) => Operand.For(V(t, op), t.Rows, t.Cols, rows, cols);

    /// <summary>
    /// target = alpha * (source over [rows, cols] summed down to the target's shape) + beta * target: element-wise for a
    /// full-size target, column sums for [n] / [1, n], row sums for [m, 1], the total for a single value. Deterministic.
    /// </summary>
    internal void ReduceTo(ReduceSource source, int rows, int cols, Tensor target, float alpha, float beta, string op)
    {
        var t = new ReduceKernels.Target { Data = V(target, op), Rows = rows, Cols = cols, Alpha = alpha, Beta = beta };
        var shape = Operand.For(t.Data, target.Rows, target.Cols, rows, cols);
        if (target.Length == 0) return;
        long total = (long)rows * cols;
        if (shape.RowStride == cols && shape.ColStride == 1 && (target.Length != 1 || total == 1))
        {
            if (total > 0) (_reduceFull ??= Load(ReduceKernels.Full))((int)total, source, t);
        }
        else if (shape.RowStride == 0 && shape.ColStride == 1 && target.Length != 1)
        {
            (_reduceColumns ??= Load(ReduceKernels.Columns))(cols, source, t);
        }
        else if (shape.RowStride == 1 && shape.ColStride == 0 && target.Length != 1)
        {
            (_reduceRows ??= Load(ReduceKernels.RowSums))(rows, source, t);
        }
        else
        {
            // A single value: fixed chunks of the flattened elements, then their partial sums in order.
            _partials ??= _accelerator.Allocate1D<double>(ReduceKernels.MaxPartials);
            int chunk = (int)Math.Max(4096, (total + ReduceKernels.MaxPartials - 1) / ReduceKernels.MaxPartials);
            int count = (int)((total + chunk - 1) / chunk);
            if (count > 0)
                (_reducePartials ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ReduceSource, ReduceKernels.Target, int, ArrayView<double>>(ReduceKernels.Partials))
                    (count, source, t, chunk, _partials.View);
            (_reduceFinish ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, ReduceKernels.Target>(ReduceKernels.Finish))
                (1, _partials.View, count, t);
        }
    }

    private Action<Index1D, ReduceSource, ReduceKernels.Target> Load(Action<Index1D, ReduceSource, ReduceKernels.Target> kernel) =>
        _accelerator.LoadAutoGroupedStreamKernel(kernel);
}
