using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Optimizers;
using static SaePlatform.Host.Engine.Conformance.HostKernels;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>Parameter shapes of the optimizer steps: one element, odd 1-D, a matrix, 66,049 elements (past one 65,536 chunk), zero rows.</summary>
    private static readonly int[][] ParameterShapes = [[1], [17], [33, 130], [257, 257], [0, 17]];

    /// <summary>Matrices of the row-wise kernels (norms, normalisation, projection).</summary>
    private static readonly (int Rows, int Cols)[] RowMatrices = [(0, 17), (1, 1), (3, 17), (33, 130), (257, 33), (17, 257)];

    private static IEnumerable<ConformanceCase> Optimizers(HostData data) => [.. AdamCases(data), .. SgdCases(data), .. ParameterUtilityCases(data)];

    /// <summary>Adam scalars at step 3 (lr 1e-3, betas 0.9 and 0.999, eps 1e-8) with the given decays.</summary>
    private static AdamStepScalars AdamScalars(float l2, float decoupled)
    {
        const double lr = 1e-3, beta1 = 0.9, beta2 = 0.999;
        const int step = 3;
        return new AdamStepScalars((float)(lr / (1 - Math.Pow(beta1, step))), (float)(1 - beta1), (float)beta2, (float)(1 - beta2),
            (float)Math.Sqrt(1 - Math.Pow(beta2, step)), 1e-8f, l2, (float)(1 - lr * decoupled));
    }

    /// <summary><see cref="ITensorBackend.AdamStep"/>: every parameter shape as plain Adam, with coupled L2 decay, and as AdamW.</summary>
    private static IEnumerable<ConformanceCase> AdamCases(HostData data)
    {
        foreach (var shape in ParameterShapes)
            foreach (var (name, scalars) in new[] { ("adam", AdamScalars(0f, 0f)), ("adam l2=0.01", AdamScalars(0.01f, 0f)), ("adamw wd=0.1", AdamScalars(0f, 0.1f)) })
            {
                int n = Count(shape);
                float[] p = data.Uniform(n), g = data.Uniform(n, -0.1f, 0.1f), m = data.Uniform(n, -0.05f, 0.05f), v = data.Uniform(n, 0f, 1e-3f);
                yield return new ConformanceCase(KernelMethods.AdamStep, $"{Describe(shape)} {name}", run =>
                {
                    var (tp, tm, tv) = (Upload(p, shape), Upload(m, shape), Upload(v, shape));
                    run.Backend.AdamStep(tp, Upload(g, shape), tm, tv, scalars);
                    run.Read("parameter", tp, Tolerance.Elementwise);
                    run.Read("expAvg", tm, Tolerance.Elementwise);
                    run.Read("expAvgSq", tv, Tolerance.Elementwise);
                });
            }
    }

    /// <summary>
    /// <see cref="ITensorBackend.SgdStep"/>: without momentum (null buffer) with and without weight decay, the first momentum
    /// step (buffer set to the gradient), dampened momentum, and Nesterov with weight decay; three shapes each.
    /// </summary>
    private static IEnumerable<ConformanceCase> SgdCases(HostData data)
    {
        (string Name, SgdStepScalars Scalars)[] variants =
        [
            ("plain", new SgdStepScalars(0.1f, 0f, 0f, 0f, false, false)),
            ("wd=0.01", new SgdStepScalars(0.1f, 0f, 0f, 0.01f, false, false)),
            ("momentum first step", new SgdStepScalars(0.05f, 0.9f, 0f, 0f, false, true)),
            ("momentum dampening=0.1", new SgdStepScalars(0.05f, 0.9f, 0.1f, 0f, false, false)),
            ("nesterov wd=0.01", new SgdStepScalars(0.05f, 0.9f, 0f, 0.01f, true, false)),
        ];
        int index = 0;
        foreach (var (name, scalars) in variants)
            for (int s = 0; s < 3; s++)
            {
                var shape = ParameterShapes[index++ % ParameterShapes.Length];
                int n = Count(shape);
                float[] p = data.Uniform(n), g = data.Uniform(n, -0.5f, 0.5f), buffer = data.Uniform(n, -0.5f, 0.5f);
                bool withBuffer = scalars.Momentum != 0f;
                yield return new ConformanceCase(KernelMethods.SgdStep, $"{Describe(shape)} {name}", run =>
                {
                    var (tp, tb) = (Upload(p, shape), withBuffer ? Upload(buffer, shape) : null);
                    run.Backend.SgdStep(tp, Upload(g, shape), tb, scalars);
                    run.Read("parameter", tp, Tolerance.Elementwise);
                    if (tb is not null) run.Read("momentumBuffer", tb, Tolerance.Elementwise);
                });
            }
    }

    /// <summary>
    /// <see cref="ITensorBackend.SumOfSquaresF64(Tensors.Tensor)"/> (empty, one element, odd, and 66,049 and 140,000 elements:
    /// several chunks), its list form (no tensors, one, and mixed shapes with an empty one; the float64 result stays on the
    /// device as two float32 halves), <see cref="ITensorBackend.ScaleInPlace"/> (factors including 0 and negatives), and the row-wise
    /// <see cref="ITensorBackend.RowL2Norms"/>, <see cref="ITensorBackend.NormalizeRowsInPlace"/> and
    /// <see cref="ITensorBackend.RemoveParallelRowComponent"/> on matrices with an all-zero row (left unchanged).
    /// </summary>
    private static IEnumerable<ConformanceCase> ParameterUtilityCases(HostData data)
    {
        foreach (var shape in new int[][] { [0], [1], [3, 17], [257], [257, 257], [140_000] })
        {
            var x = data.Uniform(Count(shape));
            yield return new ConformanceCase(KernelMethods.SumOfSquaresF64, Describe(shape), run =>
                run.Read("returned", run.Backend.SumOfSquaresF64(Upload(x, shape)), Tolerance.Reduction));
        }
        int[][][] lists = [[], [[257]], [[3, 17], [0], [257, 257], [1]], [[33, 130], [130], [140_000]]];
        foreach (var shapes in lists)
        {
            var values = shapes.Select(shape => data.Uniform(Count(shape))).ToList();
            string label = shapes.Length == 0 ? "no tensors" : string.Join(" + ", shapes.Select(Describe));
            yield return new ConformanceCase(KernelMethods.SumOfSquaresF64List, label, run =>
            {
                var result = Poisoned(2);
                run.Backend.SumOfSquaresF64([.. values.Select((v, i) => Upload(v, shapes[i]))], result);
                run.ReadFloat64(result, Tolerance.Reduction, "result");
            });
        }
        foreach (var (shape, factor) in new (int[], float)[] { ([33, 130], 0.5f), ([257], -3f), ([], 0f), ([0, 17], 2f), ([257, 257], 1.5f), ([1, 1], -1f) })
        {
            var x = data.Uniform(Count(shape));
            yield return new ConformanceCase(KernelMethods.ScaleInPlace, $"{Describe(shape)} factor={Num(factor)}", run =>
            {
                var t = Upload(x, shape);
                run.Backend.ScaleInPlace(t, factor);
                run.Read("tensor", t, Tolerance.Elementwise);
            });
        }
        float[] targets = [1f, 2.5f, 0.5f];
        int index = 0;
        foreach (var (rows, cols) in RowMatrices)
        {
            float[] w = HostData.ZeroRow(data.Uniform(rows * cols), cols, Math.Min(1, rows - 1)), g = data.Uniform(rows * cols);
            float target = targets[index++ % targets.Length];
            yield return new ConformanceCase(KernelMethods.RowL2Norms, $"{rows}x{cols}", run =>
            {
                var norms = Poisoned(rows);
                run.Backend.RowL2Norms(Upload(w, rows, cols), norms);
                run.Read("norms", norms, Tolerance.Reduction);
            });
            yield return new ConformanceCase(KernelMethods.NormalizeRowsInPlace, $"{rows}x{cols} norm={Num(target)}", run =>
            {
                var t = Upload(w, rows, cols);
                run.Backend.NormalizeRowsInPlace(t, target);
                run.Read("matrix", t, Tolerance.Reduction);
            });
            yield return new ConformanceCase(KernelMethods.RemoveParallelRowComponent, $"{rows}x{cols}", run =>
            {
                var t = Upload(g, rows, cols);
                run.Backend.RemoveParallelRowComponent(Upload(w, rows, cols), t);
                run.Read("gradient", t, Tolerance.Reduction);
            });
        }
    }
}
