using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>
    /// (source rows, columns, index count) of the row gathers and scatters: one element, repeated indices, more indices
    /// than rows, none, and (scatter) a 40 x 2100 block large enough for the CPU's parallel column stripes.
    /// </summary>
    private static readonly (int Rows, int Cols, int Count)[] RowIndexing = [(1, 1, 1), (17, 3, 33), (33, 130, 257), (257, 17, 0), (5, 257, 3), (40, 2100, 40)];

    /// <summary>(rows, source columns, index count) of the column gathers and scatters: zero rows and no indices included.</summary>
    private static readonly (int Rows, int Cols, int Count)[] ColumnIndexing = [(1, 1, 1), (3, 17, 33), (257, 130, 17), (0, 17, 5), (33, 130, 0), (17, 257, 130)];

    /// <summary>
    /// <see cref="ITensorBackend.GatherRows"/>, <see cref="ITensorBackend.ScatterAddRows"/>,
    /// <see cref="ITensorBackend.GatherColumns"/> and <see cref="ITensorBackend.ScatterAddColumns"/>: random indices with
    /// repeats (a scatter adds them up in index order) into random destinations; and <see cref="ITensorBackend.FillSequence"/>.
    /// </summary>
    private static IEnumerable<ConformanceCase> Indexing(HostData data)
    {
        foreach (var (rows, cols, count) in RowIndexing)
        {
            int[] index = data.Indices(count, rows);
            float[] x = data.Uniform(rows * cols);
            yield return new ConformanceCase(KernelMethods.GatherRows, $"{rows}x{cols} take {count} rows", run =>
            {
                var y = Poisoned(count, cols);
                run.Backend.GatherRows(Upload(x, rows, cols), IndexTensor.FromArray(index), y);
                run.Read("y", y, Tolerance.Elementwise);
            });
            float[] source = data.Uniform(count * cols), target = data.Uniform(rows * cols);
            yield return new ConformanceCase(KernelMethods.ScatterAddRows, $"{count} rows of {cols} into {rows}x{cols}", run =>
            {
                var y = Upload(target, rows, cols);
                run.Backend.ScatterAddRows(Upload(source, count, cols), IndexTensor.FromArray(index), y);
                run.Read("y", y, Tolerance.Reduction);
            });
        }
        foreach (var (rows, cols, count) in ColumnIndexing)
        {
            int[] index = data.Indices(count, cols);
            float[] x = data.Uniform(rows * cols);
            yield return new ConformanceCase(KernelMethods.GatherColumns, $"{rows}x{cols} take {count} columns", run =>
            {
                var y = Poisoned(rows, count);
                run.Backend.GatherColumns(Upload(x, rows, cols), IndexTensor.FromArray(index), y);
                run.Read("y", y, Tolerance.Elementwise);
            });
            float[] source = data.Uniform(rows * count), target = data.Uniform(rows * cols);
            yield return new ConformanceCase(KernelMethods.ScatterAddColumns, $"{rows}x{count} into {rows}x{cols}", run =>
            {
                var y = Upload(target, rows, cols);
                run.Backend.ScatterAddColumns(Upload(source, rows, count), IndexTensor.FromArray(index), y);
                run.Read("y", y, Tolerance.Reduction);
            });
        }
        // Uniform CSR row offsets (top-k codes): none, one, steps 0 and 1, and a long sequence; written over -1 sentinels.
        foreach (var (length, step) in new[] { (0, 3), (1, 7), (5, 0), (9, 1), (4097, 32) })
            yield return new ConformanceCase(KernelMethods.FillSequence, $"{length} offsets step {step}", run =>
            {
                var indices = IndexTensor.FromArray(Enumerable.Repeat(-1, length).ToArray());
                run.Backend.FillSequence(indices, step);
                run.Read("indices", indices.ToArray());
            });
    }
}
