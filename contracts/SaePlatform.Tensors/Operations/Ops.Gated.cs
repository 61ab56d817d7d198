using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors;

// The gated SAE (Rajamanoharan et al. 2024, "Improving Dictionary Learning with Gated Sparse Autoencoders";
// SAE_REFERENCE.md "gated"): pi_gate = h + b_gate, pi_mag = h * exp(r_mag) + b_mag with the shared encoder
// product h, and f = 1[pi_gate > 0] * ReLU(pi_mag).
public static partial class Ops
{
    /// <summary>
    /// The gated SAE's features from its gate activity g = ReLU(pi_gate):
    /// <c>f = 1[g &gt; 0] * ReLU((g - b_gate) * exp(r_mag) + b_mag)</c>. Where the gate is open, g - b_gate is
    /// the shared encoder product h, so this equals the paper's f; writing f as a function of g lets the whole
    /// encoder be one <see cref="LinearRelu"/> (g) plus this single pass, and lets both paths' gradients meet
    /// in g's gradient before one masked pass. The gate itself passes no gradient (a step, zero almost
    /// everywhere). Gradients, with m = dL/df where f &gt; 0: dg = m * exp(r_mag); db_mag = colsum(m);
    /// dr_mag = exp(r_mag) * colsum(m * (g - b_gate)); db_gate = -exp(r_mag) * colsum(m) (its path through g
    /// cancels this, as f does not depend on b_gate).
    /// </summary>
    /// <param name="gate">Gate activity ReLU(pi_gate) [rows, n].</param>
    /// <param name="bGate">Gate bias [n].</param>
    /// <param name="rMag">Log-scale of the magnitude path [n].</param>
    /// <param name="bMag">Magnitude bias [n].</param>
    /// <returns>Features f [rows, n].</returns>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    public static Tensor GatedMagnitude(Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag)
    {
        const string op = "GatedMagnitude";
        Require(gate.Rank == 2, op, $"needs 2-D gate activity, got {gate.ShapeString}");
        foreach (var v in (ReadOnlySpan<Tensor>)[bGate, rMag, bMag])
            Require(v.Rows == 1 && v.Length == gate.Cols, op, $"{v.Name ?? "vector"} {v.ShapeString} must be [{gate.Cols}] for gate {gate.ShapeString}");
        var f = Tensor.Empty(gate.Rows, gate.Cols);
        B.GatedMagnitudeForward(gate, bGate, rMag, bMag, f);
        if (!GradMode.IsEnabled || !(gate.RequiresGrad || bGate.RequiresGrad || rMag.RequiresGrad || bMag.RequiresGrad)) return f;
        return GradNode.Record(f, op, (g, ctx) =>
        {
            GradBuffer? dGate = ctx.Needs(0) ? ctx.Grad(0) : null;
            GradBuffer? dBGate = ctx.Needs(1) ? ctx.Grad(1) : null;
            GradBuffer? dR = ctx.Needs(2) ? ctx.Grad(2) : null;
            GradBuffer? dBMag = ctx.Needs(3) ? ctx.Grad(3) : null;
            B.GatedMagnitudeBackward(g, gate, bGate, rMag, bMag,
                dGate?.Tensor, dGate?.Beta ?? 0f, dBGate?.Tensor, dBGate?.Beta ?? 0f,
                dR?.Tensor, dR?.Beta ?? 0f, dBMag?.Tensor, dBMag?.Beta ?? 0f);
        }, gate, bGate, rMag, bMag);
    }
}
