using SaePlatform.Tensors.Backends;
using static SaePlatform.Host.Engine.Conformance.HostKernels;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>Shapes of the squared-error cases, scalars and zero rows included.</summary>
    private static readonly int[][] ErrorShapes = [[33, 130], [257], [], [1, 1], [0, 17], [3, 17], [257, 257]];

    private static IEnumerable<ConformanceCase> Fused(HostData data) =>
        [.. BiasReluCases(data), .. BiasReluInPlaceCases(data), .. ReluBackwardCases(data), .. ReluBackwardAddendCases(data), .. SquaredErrorCases(data)];

    /// <summary>
    /// <see cref="ITensorBackend.BiasRelu"/> on every grid with and without a bias and row counts; y holds NaN (counted),
    /// exact zeros, and entries equal to minus their bias (sum exactly 0, not counted).
    /// </summary>
    private static IEnumerable<ConformanceCase> BiasReluCases(HostData data)
    {
        foreach (var (rows, cols) in Grids)
            foreach (var (withBias, withCounts) in new[] { (true, true), (false, true), (true, false), (false, false) })
            {
                var bias = data.Uniform(cols, -0.5f, 0.5f);
                var y = data.Sprinkle(data.Sprinkle(data.Uniform(rows * cols), 0.02, 0f), 0.01, float.NaN);
                for (int i = 0; i < y.Length; i++) if (withBias && data.Chance(0.02)) y[i] = -bias[i % cols];
                yield return new ConformanceCase(KernelMethods.BiasRelu, $"{rows}x{cols} bias={(withBias ? "[n]" : "null")} rowCounts={(withCounts ? "[rows]" : "null")}", run =>
                {
                    var ty = Upload(y, rows, cols);
                    var counts = withCounts ? Upload(Enumerable.Repeat(-7f, rows).ToArray(), rows) : null;
                    long positive = run.Backend.BiasRelu(ty, withBias ? Upload(bias, cols) : null, counts);
                    run.Read("y", ty, Tolerance.Elementwise);
                    run.Read("returned", positive);
                    if (counts is not null) run.Read("rowCounts", Array.ConvertAll(counts.ToArray(), c => (int)c));
                });
            }
    }

    /// <summary><see cref="ITensorBackend.BiasReluInPlace"/> on every grid with and without a bias: y holds NaN and exact zeros.</summary>
    private static IEnumerable<ConformanceCase> BiasReluInPlaceCases(HostData data)
    {
        foreach (var (rows, cols) in Grids)
            foreach (bool withBias in new[] { true, false })
            {
                var bias = data.Uniform(cols, -0.5f, 0.5f);
                var y = data.Sprinkle(data.Sprinkle(data.Uniform(rows * cols), 0.02, 0f), 0.01, float.NaN);
                yield return new ConformanceCase(KernelMethods.BiasReluInPlace, $"{rows}x{cols} bias={(withBias ? "[n]" : "null")}", run =>
                {
                    var ty = Upload(y, rows, cols);
                    run.Backend.BiasReluInPlace(ty, withBias ? Upload(bias, cols) : null);
                    run.Read("y", ty, Tolerance.Elementwise);
                });
            }
    }

    /// <summary>
    /// <see cref="ITensorBackend.ReluBackward(Tensors.Tensor, Tensors.Tensor, Tensors.Tensor, Tensors.Tensor?, float)"/> on every
    /// grid: y a ReLU output with zeros and NaN (masked), gradInput separate or the gradient itself, the bias gradient
    /// null or given with beta 0 (NaN-filled), 1 and 0.5.
    /// </summary>
    private static IEnumerable<ConformanceCase> ReluBackwardCases(HostData data)
    {
        foreach (var (rows, cols) in Grids)
            foreach (var (inPlace, withBias, beta) in new[] { (false, false, 0f), (false, true, 0f), (true, true, 1f), (false, true, 0.5f), (true, false, 0f) })
            {
                float[] g = data.Uniform(rows * cols), y = data.Sprinkle(data.ReluOutput(rows * cols), 0.01, float.NaN), old = data.Uniform(cols);
                yield return new ConformanceCase(KernelMethods.ReluBackward,
                    $"{rows}x{cols}{(inPlace ? " in place" : "")} biasGrad={(withBias ? "[n] " + Beta(beta) : "null")}", run =>
                    {
                        var tg = Upload(g, rows, cols);
                        var grad = inPlace ? tg : Poisoned(rows, cols);
                        var biasGrad = !withBias ? null : beta == 0f ? Poisoned(cols) : Upload(old, cols);
                        run.Backend.ReluBackward(tg, Upload(y, rows, cols), grad, biasGrad, beta);
                        run.Read("gradInput", grad, Tolerance.Elementwise);
                        if (biasGrad is not null) run.Read("biasGrad", biasGrad, Tolerance.Reduction);
                    });
            }
    }

    /// <summary>
    /// <see cref="ITensorBackend.ReluBackward(Tensors.Tensor?, Tensors.Tensor, Tensors.Tensor, float, Tensors.Tensor, Tensors.Tensor?, float)"/>
    /// on every grid: the output gradient given or null (zeros), in place or not, the bias gradient null or given with
    /// beta 0 (NaN-filled), 0.5 and 1.
    /// </summary>
    private static IEnumerable<ConformanceCase> ReluBackwardAddendCases(HostData data)
    {
        foreach (var (rows, cols) in Grids)
            foreach (var (withG, inPlace, withBias, beta) in new[]
                     {
                         (true, false, false, 0f), (false, false, true, 0f), (true, true, true, 0.5f), (false, false, false, 0f), (true, false, true, 1f),
                     })
            {
                float[] g = data.Uniform(rows * cols), y = data.Sprinkle(data.ReluOutput(rows * cols), 0.01, float.NaN);
                float[] addend = data.Uniform(cols, 0f, 2f), old = data.Uniform(cols);
                float scale = data.Next(0.001f, 0.1f);
                string label = $"{rows}x{cols} gradOutput={(withG ? "given" : "null")}{(inPlace ? " in place" : "")} biasGrad={(withBias ? "[n] " + Beta(beta) : "null")}";
                yield return new ConformanceCase(KernelMethods.ReluBackwardAddend, label, run =>
                {
                    var tg = withG ? Upload(g, rows, cols) : null;
                    var grad = inPlace ? tg! : Poisoned(rows, cols);
                    var biasGrad = !withBias ? null : beta == 0f ? Poisoned(cols) : Upload(old, cols);
                    run.Backend.ReluBackward(tg, Upload(y, rows, cols), Upload(addend, cols), scale, grad, biasGrad, beta);
                    run.Read("gradInput", grad, Tolerance.Elementwise);
                    if (biasGrad is not null) run.Read("biasGrad", biasGrad, Tolerance.Reduction);
                });
            }
    }

    /// <summary>
    /// <see cref="ITensorBackend.SquaredErrorSum"/> on every error shape (including a 66,049-element one, several blocks);
    /// <see cref="ITensorBackend.SquaredErrorGrad"/> with both gradients, either one null, and betas 0 (NaN-filled), 0.5,
    /// 1 and 0.25.
    /// </summary>
    private static IEnumerable<ConformanceCase> SquaredErrorCases(HostData data)
    {
        float[] alphas = [1f, 0.5f, 1e-3f];
        int index = 0;
        foreach (var shape in ErrorShapes)
        {
            float[] a = data.Uniform(Count(shape)), b = data.Uniform(Count(shape));
            float alpha = alphas[index++ % alphas.Length];
            yield return new ConformanceCase(KernelMethods.SquaredErrorSum, $"{Describe(shape)} alpha={Num(alpha)}", run =>
            {
                var y = Poisoned();
                run.Backend.SquaredErrorSum(Upload(a, shape), Upload(b, shape), alpha, y);
                run.Read("y", y, Tolerance.Reduction);
            });
        }
        foreach (var shape in ErrorShapes[..^1])
            foreach (var (withA, betaA, withB, betaB) in new[] { (true, 0f, true, 0f), (true, 0.5f, false, 0f), (false, 0f, true, 1f), (true, 1f, true, 0.25f) })
            {
                float[] a = data.Uniform(Count(shape)), b = data.Uniform(Count(shape)), oldA = data.Uniform(Count(shape)), oldB = data.Uniform(Count(shape));
                float g = data.Next(-1f, 1f), alpha = data.Next(0.1f, 1f);
                string label = $"{Describe(shape)} gradA={(withA ? Beta(betaA) : "null")} gradB={(withB ? Beta(betaB) : "null")}";
                yield return new ConformanceCase(KernelMethods.SquaredErrorGrad, label, run =>
                {
                    var gradA = !withA ? null : betaA == 0f ? Poisoned(shape) : Upload(oldA, shape);
                    var gradB = !withB ? null : betaB == 0f ? Poisoned(shape) : Upload(oldB, shape);
                    run.Backend.SquaredErrorGrad(Upload(a, shape), Upload(b, shape), Upload([g]), alpha, gradA, betaA, gradB, betaB);
                    if (gradA is not null) run.Read("gradA", gradA, Tolerance.Elementwise);
                    if (gradB is not null) run.Read("gradB", gradB, Tolerance.Elementwise);
                });
            }
    }
}
