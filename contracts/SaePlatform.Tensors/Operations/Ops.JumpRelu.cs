using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

// JumpReLU SAE activations (Rajamanoharan et al. 2024, "Jumping Ahead"): a per-feature threshold
// trained through a straight-through estimator with the rectangle kernel K(u) = 1[|u| < 1/2].
public static partial class Ops
{
    /// <summary>
    /// JumpReLU: <c>f = h * 1[h &gt; theta]</c> with theta per column. Gradients: to h, <c>1[h &gt; theta] * g</c>;
    /// to theta the pseudo-gradient <c>-(theta/eps) * K((h - theta)/eps) * g</c> summed over rows, with
    /// K(u) = 1[|u| &lt; 1/2] (SAELens's JumpReLU).
    /// </summary>
    /// <param name="h">Pre-activations [rows, n].</param>
    /// <param name="threshold">Per-feature threshold theta [n] (a direct parameter, e.g. initialised to 0.01).</param>
    /// <param name="bandwidth">Kernel bandwidth eps, &gt; 0 (SAELens default 0.05).</param>
    /// <returns>[rows, n].</returns>
    /// <exception cref="ArgumentException">Shapes disagree or the bandwidth is not positive.</exception>
    public static Tensor JumpRelu(Tensor h, Tensor threshold, float bandwidth = 0.05f) =>
        ThresholdOp(h, threshold, bandwidth, step: false, "JumpRelu");

    /// <summary>
    /// Heaviside step <c>H(h - theta) = 1[h &gt; theta]</c> for the JumpReLU L0 penalty. No gradient to h;
    /// to theta the pseudo-gradient <c>-(1/eps) * K((h - theta)/eps) * g</c> summed over rows.
    /// </summary>
    /// <param name="h">Pre-activations [rows, n].</param>
    /// <param name="threshold">Per-feature threshold theta [n].</param>
    /// <param name="bandwidth">Kernel bandwidth eps, &gt; 0 (SAELens default 0.05).</param>
    /// <returns>[rows, n] of 0 and 1.</returns>
    /// <exception cref="ArgumentException">Shapes disagree or the bandwidth is not positive.</exception>
    public static Tensor Step(Tensor h, Tensor threshold, float bandwidth = 0.05f) =>
        ThresholdOp(h, threshold, bandwidth, step: true, "Step");

    private static Tensor ThresholdOp(Tensor h, Tensor threshold, float bandwidth, bool step, string op)
    {
        Require(h.Rank == 2, op, $"needs a 2-D tensor, got {h.ShapeString}");
        Require(threshold.Rank == 1 && threshold.Length == h.Cols, op, $"threshold {threshold.ShapeString} does not match {h.Cols} columns");
        Require(bandwidth > 0f && float.IsFinite(bandwidth), op, $"bandwidth {bandwidth} must be positive");
        var y = Tensor.Empty(h.Rows, h.Cols);
        B.JumpReluForward(h, threshold, step, y);
        bool wantH = !step && GradNode.NeedsRecording(h);
        if (!wantH && !GradNode.NeedsRecording(threshold)) return y;
        return GradNode.Record(y, op, (g, ctx) =>
        {
            // The step passes no gradient to h (its true derivative is zero almost everywhere).
            GradBuffer? gh = !step && ctx.Needs(0) ? ctx.Grad(0) : null;
            GradBuffer? gt = ctx.Needs(1) ? ctx.Grad(1) : null;
            if (gh is null && gt is null) return;
            B.JumpReluBackward(h, threshold, bandwidth, step, g,
                gh?.Tensor, gh?.Beta ?? 0f, gt?.Tensor, gt?.Beta ?? 0f);
        }, h, threshold);
    }
}
