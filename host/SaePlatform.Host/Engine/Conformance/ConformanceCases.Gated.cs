using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>Which outputs of the gated backward a case asks for, with their betas (NaN: null).</summary>
    private static readonly (float Gate, float BGate, float RMag, float BMag)[] GatedOutputs =
    [
        (0f, 0f, 0f, 0f),                         // every output, beta 0 over NaN
        (0.5f, 1f, 0.25f, 1f),                    // every output accumulating
        (0f, float.NaN, float.NaN, float.NaN),    // the gate's gradient only
        (float.NaN, 0f, 1f, float.NaN),           // two column sums, no gate gradient
    ];

    /// <summary>
    /// <see cref="ITensorBackend.GatedMagnitudeForward"/> and <see cref="ITensorBackend.GatedMagnitudeBackward"/> on every
    /// grid: the gate a ReLU output (zeros switch features off), small magnitudes so some features clip at 0. The backward
    /// runs each output combination of <see cref="GatedOutputs"/>.
    /// </summary>
    private static IEnumerable<ConformanceCase> Gated(HostData data)
    {
        foreach (var (rows, cols) in Grids)
        {
            float[] gate = data.ReluOutput(rows * cols), bGate = data.Uniform(cols, -0.5f, 0.5f);
            float[] rMag = data.Uniform(cols, -0.5f, 0.5f), bMag = data.Uniform(cols, -0.5f, 0.5f);
            yield return new ConformanceCase(KernelMethods.GatedMagnitudeForward, $"{rows}x{cols}", run =>
            {
                var features = Poisoned(rows, cols);
                run.Backend.GatedMagnitudeForward(Upload(gate, rows, cols), Upload(bGate, cols), Upload(rMag, cols), Upload(bMag, cols), features);
                run.Read("features", features, Tolerance.Elementwise);
            });
        }
        foreach (var (rows, cols) in Grids)
            foreach (var betas in GatedOutputs)
            {
                float[] gate = data.ReluOutput(rows * cols), bGate = data.Uniform(cols, -0.5f, 0.5f), gradFeatures = data.Uniform(rows * cols);
                float[] rMag = data.Uniform(cols, -0.5f, 0.5f), bMag = data.Uniform(cols, -0.5f, 0.5f);
                float[] oldGate = data.Uniform(rows * cols), oldBGate = data.Uniform(cols), oldRMag = data.Uniform(cols), oldBMag = data.Uniform(cols);
                string label = $"{rows}x{cols} gradGate={Slot(betas.Gate)} gradBGate={Slot(betas.BGate)} gradRMag={Slot(betas.RMag)} gradBMag={Slot(betas.BMag)}";
                yield return new ConformanceCase(KernelMethods.GatedMagnitudeBackward, label, run =>
                {
                    var dGate = Destination(betas.Gate, oldGate, rows, cols);
                    var dBGate = Destination(betas.BGate, oldBGate, cols);
                    var dRMag = Destination(betas.RMag, oldRMag, cols);
                    var dBMag = Destination(betas.BMag, oldBMag, cols);
                    run.Backend.GatedMagnitudeBackward(Upload(gradFeatures, rows, cols), Upload(gate, rows, cols), Upload(bGate, cols), Upload(rMag, cols),
                        Upload(bMag, cols), dGate, Zero(betas.Gate), dBGate, Zero(betas.BGate), dRMag, Zero(betas.RMag), dBMag, Zero(betas.BMag));
                    if (dGate is not null) run.Read("gradGate", dGate, Tolerance.Elementwise);
                    if (dBGate is not null) run.Read("gradBGate", dBGate, Tolerance.Reduction);
                    if (dRMag is not null) run.Read("gradRMag", dRMag, Tolerance.Reduction);
                    if (dBMag is not null) run.Read("gradBMag", dBMag, Tolerance.Reduction);
                });
            }
    }

    /// <summary>An optional destination: null for a NaN beta, NaN-filled for beta 0, else holding <paramref name="old"/>.</summary>
    private static Tensor? Destination(float beta, float[] old, params int[] shape) =>
        float.IsNaN(beta) ? null : beta == 0f ? Poisoned(shape) : Upload(old, shape);

    /// <summary>The beta to pass: 0 for an absent output.</summary>
    private static float Zero(float beta) => float.IsNaN(beta) ? 0f : beta;

    /// <summary>"null" or the beta, for a label.</summary>
    private static string Slot(float beta) => float.IsNaN(beta) ? "null" : Beta(beta);
}
