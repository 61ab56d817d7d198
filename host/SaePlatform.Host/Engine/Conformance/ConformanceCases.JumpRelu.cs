using SaePlatform.Tensors.Backends;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>JumpReLU grids: the usual ones plus 300 columns (past the CPU's 256-column bands).</summary>
    private static readonly (int Rows, int Cols)[] JumpReluGrids = [.. Grids, (9, 300)];

    /// <summary>Backward variants: (step, gradH beta or NaN for none, gradThreshold beta or NaN for none).</summary>
    private static readonly (bool Step, float BetaH, float BetaT)[] JumpReluBackwardVariants =
    [
        (false, 0f, 0f), (false, 0.5f, 1f), (false, float.NaN, 0.25f), (false, 1f, float.NaN), (true, float.NaN, 0f), (true, float.NaN, 1f),
    ];

    /// <summary>
    /// Pre-activations around positive thresholds: half of them within 0.1 of their column's threshold (inside the
    /// rectangle window of width 0.1 or just outside), some exactly equal to it (not above: 0).
    /// </summary>
    private static float[] NearThreshold(HostData data, float[] theta, int rows)
    {
        int cols = theta.Length;
        var h = data.Uniform(rows * cols, -0.5f, 1.5f);
        for (int i = 0; i < h.Length; i++)
        {
            if (data.Chance(0.5)) h[i] = theta[i % cols] + data.Next(-0.1f, 0.1f);
            else if (data.Chance(0.05)) h[i] = theta[i % cols];
        }
        return h;
    }

    /// <summary>
    /// <see cref="ITensorBackend.JumpReluForward"/> (JumpReLU and step) and <see cref="ITensorBackend.JumpReluBackward"/>
    /// (bandwidth 0.1; every combination of <see cref="JumpReluBackwardVariants"/>) on every JumpReLU grid.
    /// </summary>
    private static IEnumerable<ConformanceCase> JumpRelu(HostData data)
    {
        foreach (var (rows, cols) in JumpReluGrids)
        {
            var theta = data.Uniform(cols, 0f, 0.5f);
            var h = NearThreshold(data, theta, rows);
            foreach (bool step in new[] { false, true })
                yield return new ConformanceCase(KernelMethods.JumpReluForward, $"{rows}x{cols} step={step}", run =>
                {
                    var result = Poisoned(rows, cols);
                    run.Backend.JumpReluForward(Upload(h, rows, cols), Upload(theta, cols), step, result);
                    run.Read("result", result, Tolerance.Elementwise);
                });
        }
        const float bandwidth = 0.1f;
        foreach (var (rows, cols) in JumpReluGrids)
            foreach (var (step, betaH, betaT) in JumpReluBackwardVariants)
            {
                var theta = data.Uniform(cols, 0f, 0.5f);
                float[] h = NearThreshold(data, theta, rows), g = data.Uniform(rows * cols), oldH = data.Uniform(rows * cols), oldT = data.Uniform(cols);
                string label = $"{rows}x{cols} step={step} gradH={Slot(betaH)} gradThreshold={Slot(betaT)}";
                yield return new ConformanceCase(KernelMethods.JumpReluBackward, label, run =>
                {
                    var gradH = Destination(betaH, oldH, rows, cols);
                    var gradT = Destination(betaT, oldT, cols);
                    run.Backend.JumpReluBackward(Upload(h, rows, cols), Upload(theta, cols), bandwidth, step, Upload(g, rows, cols), gradH, Zero(betaH), gradT, Zero(betaT));
                    if (gradH is not null) run.Read("gradH", gradH, Tolerance.Elementwise);
                    if (gradT is not null) run.Read("gradThreshold", gradT, Tolerance.Reduction);
                });
            }
    }
}
