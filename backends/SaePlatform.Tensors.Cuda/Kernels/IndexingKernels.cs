using ILGPU;

namespace SaePlatform.Tensors.Cuda.Kernels;

/// <summary>
/// Row and column gathers (one thread per output element) and scatter-adds. A scatter-add never uses atomics: each
/// thread owns a set of targets that no other thread touches and walks the index list in order, so repeated indices add
/// up in index order (the CPU's float32 order) and every run gives the same bits.
/// </summary>
internal static class IndexingKernels
{
    /// <summary>y[i, j] = x[rows[i], j] (one thread per element of y).</summary>
    public static void GatherRows(Index1D e, ArrayView<float> x, ArrayView<int> rows, int cols, ArrayView<float> y)
    {
        int i = e / cols, j = e - i * cols;
        y[e] = x[(long)rows[i] * cols + j];
    }

    /// <summary>
    /// Column j of y: y[rows[i], j] += x[i, j] for i = 0, 1, ... in order (one thread per column: the columns are
    /// independent, the index list is walked once per column, so the work is linear in the indices times columns).
    /// </summary>
    public static void ScatterAddRows(Index1D j, ArrayView<float> x, ArrayView<int> rows, int count, int cols, ArrayView<float> y)
    {
        for (int i = 0; i < count; i++)
        {
            long target = (long)rows[i] * cols + j;
            y[target] = y[target] + x[(long)i * cols + j];
        }
    }

    /// <summary>y[r, j] = x[r, columns[j]] (one thread per element of y [rows, picked]).</summary>
    public static void GatherColumns(Index1D e, ArrayView<float> x, ArrayView<int> columns, int cols, int picked, ArrayView<float> y)
    {
        int r = e / picked, j = e - r * picked;
        y[e] = x[(long)r * cols + columns[j]];
    }

    /// <summary>
    /// Row r of y: y[r, columns[j]] += x[r, j] for j = 0, 1, ... in order (one thread per row: rows are independent).
    /// </summary>
    public static void ScatterAddColumns(Index1D r, ArrayView<float> x, ArrayView<int> columns, int picked, int cols, ArrayView<float> y)
    {
        long source = (long)(int)r * picked, target = (long)(int)r * cols;
        for (int j = 0; j < picked; j++)
        {
            long t = target + columns[j];
            y[t] = y[t] + x[source + j];
        }
    }

    /// <summary>indices[i] = i * step (uniform CSR row offsets).</summary>
    public static void Sequence(Index1D i, ArrayView<int> indices, int step) => indices[i] = i * step;
}
