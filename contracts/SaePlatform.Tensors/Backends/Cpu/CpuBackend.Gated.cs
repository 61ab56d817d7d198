using System.Buffers;
using SaePlatform.Tensors.Backends.Cpu.Kernels;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void GatedMagnitudeForward(Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor features)
    {
        int cols = gate.Cols;
        float[] g = gate.Array, f = features.Array, bg = bGate.Array, bm = bMag.Array;
        float[] scale = ArrayPool<float>.Shared.Rent(cols);
        Exponentials(rMag, scale);
        var plan = new BlockPlan(Layout.Grid(gate.Rows, cols), int.MaxValue);
        plan.Run(b =>
        {
            plan.Block(b, out int r0, out int r1, out _, out _);
            for (int i = r0; i < r1; i++)
                GatedKernels.Forward(g.AsSpan(i * cols, cols), bg.AsSpan(0, cols), scale.AsSpan(0, cols), bm.AsSpan(0, cols), f.AsSpan(i * cols, cols));
        });
        ArrayPool<float>.Shared.Return(scale);
    }

    /// <inheritdoc />
    public void GatedMagnitudeBackward(Tensor gradFeatures, Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag,
        Tensor? gradGate, float betaGate, Tensor? gradBGate, float betaBGate, Tensor? gradRMag, float betaRMag,
        Tensor? gradBMag, float betaBMag)
    {
        int cols = gate.Cols;
        float[] df = gradFeatures.Array, g = gate.Array, bg = bGate.Array, bm = bMag.Array;
        float[]? dg = gradGate?.Array;
        bool wantSums = gradBGate is not null || gradRMag is not null || gradBMag is not null;
        float[] scale = ArrayPool<float>.Shared.Rent(cols);
        Exponentials(rMag, scale);

        // One pair of float64 partial column sums per block; blocks are cut by shape only, so the sums are
        // combined in the same order whatever the thread count.
        var plan = new BlockPlan(Layout.Grid(gate.Rows, cols), MaxBiasBlocks);
        int count = Math.Max(1, plan.Count);
        double[]? partials = wantSums ? ArrayPool<double>.Shared.Rent(2 * count * cols) : null;
        partials?.AsSpan(0, 2 * count * cols).Clear();
        plan.Run(b =>
        {
            plan.Block(b, out int r0, out int r1, out _, out _);
            var sumM = partials is null ? default : partials.AsSpan(2 * b * cols, cols);
            var sumMh = partials is null ? default : partials.AsSpan((2 * b + 1) * cols, cols);
            for (int i = r0; i < r1; i++)
                GatedKernels.Backward(df.AsSpan(i * cols, cols), g.AsSpan(i * cols, cols), bg.AsSpan(0, cols), scale.AsSpan(0, cols),
                    bm.AsSpan(0, cols), dg is null ? default : dg.AsSpan(i * cols, cols), betaGate, sumM, sumMh);
        });

        if (partials is not null)
        {
            Span<float> dBGate = gradBGate is null ? default : gradBGate.Span, dR = gradRMag is null ? default : gradRMag.Span;
            Span<float> dBMag = gradBMag is null ? default : gradBMag.Span;
            for (int j = 0; j < cols; j++)
            {
                double m = 0, mh = 0;
                for (int b = 0; b < plan.Count; b++)
                {
                    m += partials[2 * b * cols + j];
                    mh += partials[(2 * b + 1) * cols + j];
                }
                double e = scale[j];
                if (!dBMag.IsEmpty) dBMag[j] = Accumulate(m, betaBMag, dBMag[j]);
                if (!dR.IsEmpty) dR[j] = Accumulate(e * mh, betaRMag, dR[j]);
                if (!dBGate.IsEmpty) dBGate[j] = Accumulate(-e * m, betaBGate, dBGate[j]);
            }
            ArrayPool<double>.Shared.Return(partials);
        }
        ArrayPool<float>.Shared.Return(scale);
    }

    private static void Exponentials(Tensor r, float[] destination)
    {
        var rs = r.Span;
        for (int j = 0; j < rs.Length; j++) destination[j] = MathF.Exp(rs[j]);
    }
}
