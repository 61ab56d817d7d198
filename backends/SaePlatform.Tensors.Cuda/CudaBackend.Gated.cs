using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

public sealed partial class CudaBackend
{
    private Action<Index1D, GatedKernels.Args>? _gatedForward, _gatedBackward;

    /// <inheritdoc />
    public void GatedMagnitudeForward(Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor features)
    {
        const string name = nameof(GatedMagnitudeForward);
        var args = new GatedKernels.Args
        {
            GradF = _scratch.View,
            Gate = V(gate, name),
            BGate = V(bGate, name),
            RMag = V(rMag, name),
            BMag = V(bMag, name),
            Features = V(features, name),
            GradGate = _scratch.View,
            GradBGate = _scratch.View,
            GradRMag = _scratch.View,
            GradBMag = _scratch.View,
            Rows = gate.Rows,
            Cols = gate.Cols,
        };
        if (features.Length == 0) return;
        (_gatedForward ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, GatedKernels.Args>(GatedKernels.Forward))(features.Length, args);
    }

    /// <inheritdoc />
    public void GatedMagnitudeBackward(Tensor gradFeatures, Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor? gradGate, float betaGate, Tensor? gradBGate,
        float betaBGate, Tensor? gradRMag, float betaRMag, Tensor? gradBMag, float betaBMag)
    {
        const string name = nameof(GatedMagnitudeBackward);
        var args = new GatedKernels.Args
        {
            GradF = V(gradFeatures, name),
            Gate = V(gate, name),
            BGate = V(bGate, name),
            RMag = V(rMag, name),
            BMag = V(bMag, name),
            Features = _scratch.View,
            GradGate = V(gradGate, name, true),
            GradBGate = V(gradBGate, name, true),
            GradRMag = V(gradRMag, name, true),
            GradBMag = V(gradBMag, name, true),
            BetaGate = betaGate,
            BetaBGate = betaBGate,
            BetaRMag = betaRMag,
            BetaBMag = betaBMag,
            WantGate = gradGate is null ? 0 : 1,
            WantBGate = gradBGate is null ? 0 : 1,
            WantRMag = gradRMag is null ? 0 : 1,
            WantBMag = gradBMag is null ? 0 : 1,
            Rows = gate.Rows,
            Cols = gate.Cols,
        };
        // One thread per column writes the gate's gradient down its column and sums it in row order (float64).
        if (args.Cols == 0 || (gradGate is null && gradBGate is null && gradRMag is null && gradBMag is null)) return;
        (_gatedBackward ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, GatedKernels.Args>(GatedKernels.BackwardColumns))(args.Cols, args);
    }
}
