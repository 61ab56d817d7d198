using ILGPU;
using ILGPU.Runtime;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda;

// JumpReLU and its Heaviside step with the straight-through rectangle-kernel pseudo-gradient (Rajamanoharan et al. 2024).
public sealed partial class CudaBackend
{
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>>? _jumpReluForward;
    private Action<Index1D, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, float, ArrayView<float>>? _jumpReluGradH;
    private Action<Index1D, JumpReluKernels.ThresholdArgs>? _jumpReluGradThreshold;

    /// <inheritdoc />
    public void JumpReluForward(Tensor h, Tensor threshold, bool step, Tensor result)
    {
        const string name = nameof(JumpReluForward);
        var (vh, vt, vr) = (V(h, name), V(threshold, name), V(result, name));
        if (result.Length == 0) return;
        (_jumpReluForward ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>>(JumpReluKernels.Forward))
            (result.Length, vh, vt, h.Cols, step ? 1 : 0, vr);
    }

    /// <inheritdoc />
    public void JumpReluBackward(Tensor h, Tensor threshold, float bandwidth, bool step, Tensor grad,
        Tensor? gradH, float betaH, Tensor? gradThreshold, float betaThreshold)
    {
        const string name = nameof(JumpReluBackward);
        var (vh, vt, vg) = (V(h, name), V(threshold, name), V(grad, name));
        int rows = h.Rows, n = h.Cols;
        if (gradH is not null && gradH.Length > 0)
            (_jumpReluGradH ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, float, ArrayView<float>>(
                JumpReluKernels.GradH))(gradH.Length, vh, vt, n, vg, betaH, V(gradH, name));
        if (gradThreshold is not null && n > 0)
        {
            var args = new JumpReluKernels.ThresholdArgs
            {
                H = vh, Theta = vt, G = vg, GradThreshold = V(gradThreshold, name), Rows = rows, N = n, Step = step ? 1 : 0,
                HalfWidth = 0.5f * bandwidth, Bandwidth = bandwidth, Beta = betaThreshold,
            };
            (_jumpReluGradThreshold ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, JumpReluKernels.ThresholdArgs>(JumpReluKernels.GradThreshold))(n, args);
        }
    }
}
