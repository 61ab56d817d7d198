using SaePlatform.Tensors.Backends;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>
    /// (rows, features, most entries per row, dense width d) of the sparse cases: one element, odd widths, features not a
    /// multiple of the CPU's 16-feature blocks, d below and above 8 (its vector tiles), zero rows; features that fire in
    /// about 40 % of the rows over some 13,000 entries, and more than 65,536 features (the feature-major index's sort by feature
    /// then needs one, two and three 8-bit passes on a GPU).
    /// </summary>
    private static readonly (int Rows, int Cols, int PerRow, int D)[] SparseShapes =
    [
        (1, 1, 1, 1), (3, 17, 4, 3), (33, 130, 12, 17), (257, 33, 5, 8), (17, 257, 40, 33), (0, 17, 3, 5), (120, 290, 280, 3),
        (5, 70_001, 4, 1),
    ];

    /// <summary>The beta and flags the sparse products cycle through; beta 0 writes over a NaN-filled result.</summary>
    private static readonly float[] SparseBetas = [0f, 1f, 0.5f];

    /// <summary>Stored values with exact zeros (skipped by the CPU, but they must still count as zeros) and negatives.</summary>
    private static float[] SparseValues(HostData data, int count) => data.Sprinkle(data.Uniform(count), 0.1, 0f);

    private static IEnumerable<ConformanceCase> SparseProducts(HostData data) => [.. SparseElementCases(data), .. SparseMatMulCases(data), .. SparseTransposeCases(data)];

    /// <summary>
    /// <see cref="ITensorBackend.SparseGather"/> (with and without ReLU), <see cref="ITensorBackend.SparseScatterAdd"/> into a
    /// random dense matrix, <see cref="ITensorBackend.SparseReluGrad"/> (values with zeros, negatives and NaN) and
    /// <see cref="ITensorBackend.SparseColumnSums"/> (every beta) and <see cref="ITensorBackend.SparseCountNonZero"/> (values with
    /// 0, -0 and NaN; exact counts) on every sparse shape.
    /// </summary>
    private static IEnumerable<ConformanceCase> SparseElementCases(HostData data)
    {
        int index = 0;
        foreach (var (rows, cols, perRow, _) in SparseShapes)
        {
            var pattern = data.Pattern(rows, cols, perRow);
            int nnz = pattern.NonZeros;
            float[] dense = data.Uniform(rows * cols), values = SparseValues(data, nnz), grad = data.Uniform(nnz);
            float[] reluValues = data.Sprinkle(SparseValues(data, nnz), 0.05, float.NaN), old = data.Uniform(cols);
            string label = $"{rows}x{cols} nnz={nnz}";
            foreach (bool relu in new[] { false, true })
                yield return new ConformanceCase(KernelMethods.SparseGather, $"{label} relu={relu}", run =>
                {
                    var v = Poisoned(nnz);
                    run.Backend.SparseGather(Upload(dense, rows, cols), Pattern(pattern, v), relu, v);
                    run.Read("values", v, Tolerance.Elementwise);
                });
            yield return new ConformanceCase(KernelMethods.SparseScatterAdd, label, run =>
            {
                var d = Upload(dense, rows, cols);
                var v = Upload(values, nnz);
                run.Backend.SparseScatterAdd(Pattern(pattern, v), v, d);
                run.Read("dense", d, Tolerance.Elementwise);
            });
            yield return new ConformanceCase(KernelMethods.SparseReluGrad, $"nnz={nnz}", run =>
            {
                var result = Poisoned(nnz);
                run.Backend.SparseReluGrad(Upload(grad, nnz), Upload(reluValues, nnz), result);
                run.Read("result", result, Tolerance.Elementwise);
            });
            float beta = SparseBetas[index++ % SparseBetas.Length];
            yield return new ConformanceCase(KernelMethods.SparseColumnSums, $"{label} {Beta(beta)}", run =>
            {
                var v = Upload(values, nnz);
                var result = beta == 0f ? Poisoned(cols) : Upload(old, cols);
                run.Backend.SparseColumnSums(Pattern(pattern, v), v, beta, result);
                run.Read("result", result, Tolerance.Reduction);
            });
            var countValues = CountInput(data, nnz);
            yield return new ConformanceCase(KernelMethods.SparseCountNonZero, label, run =>
            {
                var v = Upload(countValues, nnz);
                var counts = Poisoned(cols);
                run.Backend.SparseCountNonZero(Pattern(pattern, v), v, counts);
                run.Read("counts", counts, Tolerance.Exact);
            });
        }
    }

    /// <summary>
    /// <see cref="ITensorBackend.SparseMatMul"/> (W [n, d] and transposed [d, n], bias null and given, every beta) and
    /// <see cref="ITensorBackend.SparseRowDots"/> (every beta) on every sparse shape.
    /// </summary>
    private static IEnumerable<ConformanceCase> SparseMatMulCases(HostData data)
    {
        int index = 0;
        foreach (var (rows, cols, perRow, d) in SparseShapes)
        {
            var pattern = data.Pattern(rows, cols, perRow);
            int nnz = pattern.NonZeros;
            float[] values = SparseValues(data, nnz), w = data.Uniform(cols * d), bias = data.Uniform(d), old = data.Uniform(rows * d);
            foreach (var (transposeW, withBias) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                float beta = SparseBetas[index++ % SparseBetas.Length];
                string label = $"{rows}x{cols} nnz={nnz} d={d}{(transposeW ? " W^T" : "")} bias={(withBias ? "[d]" : "null")} {Beta(beta)}";
                yield return new ConformanceCase(KernelMethods.SparseMatMul, label, run =>
                {
                    var v = Upload(values, nnz);
                    var result = beta == 0f ? Poisoned(rows, d) : Upload(old, rows, d);
                    var tw = transposeW ? Upload(w, d, cols) : Upload(w, cols, d);
                    run.Backend.SparseMatMul(Pattern(pattern, v), v, tw, transposeW, withBias ? Upload(bias, d) : null, beta, result);
                    run.Read("result", result, Tolerance.Gemm);
                });
            }
            float[] g = data.Uniform(rows * d), oldValues = data.Uniform(nnz);
            foreach (float beta in SparseBetas)
                yield return new ConformanceCase(KernelMethods.SparseRowDots, $"{rows}x{cols} nnz={nnz} d={d} {Beta(beta)}", run =>
                {
                    var result = beta == 0f ? Poisoned(nnz) : Upload(oldValues, nnz);
                    run.Backend.SparseRowDots(Pattern(pattern, values), Upload(g, rows, d), Upload(w, cols, d), beta, result);
                    run.Read("result", result, Tolerance.Gemm);
                });
        }
    }

    /// <summary>
    /// <see cref="ITensorBackend.SparseTransposeMatMul"/> on every sparse shape into [n, d] and transposed [d, n], every beta
    /// (with beta 1 the features absent from the pattern keep their old values, which are compared too).
    /// </summary>
    private static IEnumerable<ConformanceCase> SparseTransposeCases(HostData data)
    {
        foreach (var (rows, cols, perRow, d) in SparseShapes)
        {
            var pattern = data.Pattern(rows, cols, perRow);
            int nnz = pattern.NonZeros;
            float[] values = SparseValues(data, nnz), dense = data.Uniform(rows * d), old = data.Uniform(cols * d);
            foreach (bool transposeResult in new[] { false, true })
                foreach (float beta in SparseBetas)
                {
                    int[] shape = transposeResult ? [d, cols] : [cols, d];
                    yield return new ConformanceCase(KernelMethods.SparseTransposeMatMul,
                        $"{rows}x{cols} nnz={nnz} d={d}{(transposeResult ? " transposed" : "")} {Beta(beta)}", run =>
                        {
                            var v = Upload(values, nnz);
                            var result = beta == 0f ? Poisoned(shape) : Upload(old, shape);
                            run.Backend.SparseTransposeMatMul(Pattern(pattern, v), v, Upload(dense, rows, d), transposeResult, beta, result);
                            run.Read("result", result, Tolerance.Gemm);
                        });
                }
        }
    }
}
