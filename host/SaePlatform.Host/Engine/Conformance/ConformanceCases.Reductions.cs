using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Storage;
using static SaePlatform.Host.Engine.Conformance.HostKernels;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>
    /// (full, reduced) shape pairs of ReduceSum and Expand: everything, column sums [n] and [1, n], row sums [m, 1], the same
    /// shape (a copy), 1-D, and zero rows (sums of nothing).
    /// </summary>
    private static readonly (int[] Full, int[] Reduced)[] ReduceLayouts =
    [
        ([33, 130], []), ([257, 33], [33]), ([17, 257], [1, 257]), ([130, 17], [130, 1]), ([3, 17], [3, 17]),
        ([257], []), ([257], [257]), ([0, 17], [17]), ([0, 17], []), ([1, 1], [1]),
    ];

    /// <summary>(alpha, beta): beta 0 over a NaN-filled destination, accumulation, both scaled.</summary>
    private static readonly (float Alpha, float Beta)[] ReduceScalars = [(1f, 0f), (0.5f, 1f), (2f, 0.25f)];

    /// <summary>
    /// <see cref="ITensorBackend.ReduceSum"/> and <see cref="ITensorBackend.Expand"/> on every layout with every (alpha, beta)
    /// pair; <see cref="ITensorBackend.Dot"/> over empty, one-element, odd and 2-D operands;
    /// <see cref="ITensorBackend.CountNonZeroColumns"/> on every grid and a 2100-wide one (counts are exact);
    /// <see cref="ITensorBackend.ReconstructionStatistics"/> on every grid with a close, an unrelated and a perfect
    /// reconstruction (one row: no variance; zero rows: NaN error); <see cref="ITensorBackend.GhostGradScales"/> on every grid
    /// with a zero ghost row and a zero residual row; <see cref="ITensorBackend.DivideF64"/> on ordinary, huge, zero and
    /// near-cancelling denominators.
    /// </summary>
    private static IEnumerable<ConformanceCase> Reductions(HostData data)
    {
        foreach (var (full, reduced) in ReduceLayouts)
            foreach (var (alpha, beta) in ReduceScalars)
            {
                float[] x = data.Uniform(Count(full)), old = data.Uniform(Count(reduced));
                yield return new ConformanceCase(KernelMethods.ReduceSum, $"{Describe(full)} -> {Describe(reduced)} alpha={Num(alpha)} {Beta(beta)}", run =>
                {
                    var y = beta == 0f ? Poisoned(reduced) : Upload(old, reduced);
                    run.Backend.ReduceSum(Upload(x, full), alpha, beta, y);
                    run.Read("y", y, Tolerance.Reduction);
                });
            }
        foreach (var (full, reduced) in ReduceLayouts)
            foreach (var (alpha, beta) in ReduceScalars)
            {
                float[] x = data.Uniform(Count(reduced)), old = data.Uniform(Count(full));
                yield return new ConformanceCase(KernelMethods.Expand, $"{Describe(reduced)} -> {Describe(full)} alpha={Num(alpha)} {Beta(beta)}", run =>
                {
                    var y = beta == 0f ? Poisoned(full) : Upload(old, full);
                    run.Backend.Expand(Upload(x, reduced), alpha, beta, y);
                    run.Read("y", y, Tolerance.Elementwise);
                });
            }
        foreach (var (shape, scale) in new (int[], float)[] { ([0], 1f), ([1], 2f), ([17], 1f), ([257], 0.5f), ([33, 130], -1f), ([257, 33], 1e-3f) })
        {
            float[] a = data.Uniform(Count(shape)), b = data.Uniform(Count(shape));
            yield return new ConformanceCase(KernelMethods.Dot, $"{Describe(shape)} scale={Num(scale)}", run =>
            {
                var y = Poisoned();
                run.Backend.Dot(Upload(a, shape), Upload(b, shape), scale, y);
                run.Read("y", y, Tolerance.Reduction);
            });
        }
        foreach (var (rows, cols) in Grids.Append((5, 2100)))
        {
            var x = CountInput(data, rows * cols);
            yield return new ConformanceCase(KernelMethods.CountNonZeroColumns, $"{rows}x{cols}", run =>
            {
                var counts = Poisoned(cols);
                run.Backend.CountNonZeroColumns(Upload(x, rows, cols), counts);
                run.Read("counts", counts, Tolerance.Exact);
            });
        }
        foreach (var (rows, cols) in Grids)
            foreach (string kind in new[] { "close", "unrelated", "perfect" })
            {
                var x = data.Uniform(rows * cols, -2f, 3f);
                var xHat = kind switch
                {
                    "close" => Array.ConvertAll(x, v => v + data.Next(-0.05f, 0.05f)),
                    "unrelated" => data.Uniform(rows * cols, -2f, 3f),
                    _ => (float[])x.Clone(),
                };
                yield return new ConformanceCase(KernelMethods.ReconstructionStatistics, $"{rows}x{cols} {kind}", run =>
                {
                    var result = Poisoned(6);
                    run.Backend.ReconstructionStatistics(Upload(x, rows, cols), Upload(xHat, rows, cols), result);
                    run.ReadFloat64(result, Tolerance.Reduction, "explainedVariance", "perRowStd", "squaredErrorPerRow");
                });
            }
        foreach (var (rows, cols) in Grids)
        {
            // A zero ghost row (the scale is then ||r|| / 1e-6) and a zero residual row (scale 0) among ordinary ones.
            var residual = data.Uniform(rows * cols, -1f, 1f);
            var ghost = data.Uniform(rows * cols, 0f, 2f);
            if (rows > 1) Array.Clear(ghost, 0, cols);
            if (rows > 2) Array.Clear(residual, cols, cols);
            yield return new ConformanceCase(KernelMethods.GhostGradScales, $"{rows}x{cols}", run =>
            {
                var scale = Poisoned(rows, 1);
                var mse = Poisoned(2);
                run.Backend.GhostGradScales(Upload(residual, rows, cols), Upload(ghost, rows, cols), 1e-6, scale, mse);
                run.Read("scale", scale, Tolerance.Reduction);
                run.ReadFloat64(mse, Tolerance.Reduction, "residualMse");
            });
        }
        foreach (var (numerator, denominator) in new[] { (2.5, 0.5f), (1e-3, 3e4f), (0.0, 0f), (7.25, -1e-6f) })
            yield return new ConformanceCase(KernelMethods.DivideF64, $"{numerator} / ({denominator} + 1e-6)", run =>
            {
                var bits = new float[2];
                Float64Bits.Write(bits, 0, numerator);
                var result = Poisoned();
                run.Backend.DivideF64(Upload(bits, 2), Upload([denominator]), 1e-6, result);
                run.Read("result", result, Tolerance.Elementwise);
            });
    }

    /// <summary>Values to count: a third exactly 0, some -0 (zero too), some NaN (counted as non-zero).</summary>
    private static float[] CountInput(HostData data, int count) =>
        data.Sprinkle(data.Sprinkle(data.Sprinkle(data.Uniform(count), 0.3, 0f), 0.1, -0f), 0.02, float.NaN);
}
