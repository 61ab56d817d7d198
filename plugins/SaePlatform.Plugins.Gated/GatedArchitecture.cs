using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.Gated;

/// <summary>
/// Gated SAE (SAE_REFERENCE.md "gated"; Rajamanoharan et al. 2024):
/// pi_gate = x_c W_enc + b_gate; pi_mag = x_c (W_enc * exp(r_mag)) + b_mag; f = 1[pi_gate &gt; 0] * ReLU(pi_mag);
/// x_hat = f W_dec + b_dec;
/// loss = MSE + lambda * penalty(ReLU(pi_gate), ||W_dec,i||) + mean_b ||ReLU(pi_gate) W_dec' + b_dec' - x||^2.
/// Saved with SAELens's gated tensors: W_enc, W_dec, b_dec, b_gate, b_mag, r_mag (no b_enc).
/// </summary>
/// <remarks>
/// Because r_mag scales whole columns, x_c (W_enc * exp(r_mag)) = (x_c W_enc) * exp(r_mag): both paths share
/// one encoder product, which halves the encoder GEMMs of a step (forward and weight gradient). The encoder is
/// one fused <see cref="Ops.ReluEncode"/> giving the gate activity ReLU(pi_gate), and f follows from it in one
/// pass (<see cref="Ops.GatedMagnitude"/>), so the gradients of f, of the sparsity penalty and of the auxiliary
/// loss all meet in the gate activity's gradient before a single masked pass and the weight GEMM. A step in which
/// few gates open (<see cref="GatedOptions.SparseBelow"/>) keeps the gate activity and f in CSR form instead.
/// </remarks>
[DeadFeatureRemedies(DeadFeatureRemedy.GhostGrads | DeadFeatureRemedy.Resampling)]
[SaeArchitecture("gated", Description = "Gated SAE: a gate path for which features fire, a magnitude path for how much (SAELens gated).")]
public sealed class GatedArchitecture(GatedOptions options) : SaeArchitecture<GatedOptions>(options, encoderBias: false)
{
    /// <inheritdoc />
    protected override void OnInitialize(SaeInitContext context)
    {
        foreach (string name in (string[])["b_gate", "b_mag", "r_mag"]) Weights.Add(Tensor.Parameter(name, Weights.FeatureCount), featureAxis: 0);
    }

    /// <inheritdoc />
    /// <remarks>The gate decides which features fire: ghost grads act on pi_gate.</remarks>
    protected override Tensor? PreActivationBias => BGate;

    private Tensor BGate => Weights.ByName["b_gate"];

    private Tensor BMag => Weights.ByName["b_mag"];

    private Tensor RMag => Weights.ByName["r_mag"];

    /// <inheritdoc />
    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var norms = PenaltyNorms();
        // The built-in penalty, mean_b sum_i g_bi * ||W_dec,i|| on the gate activity g (plain L1 under unit_norm), comes
        // out of the encoder, whose backward folds its gradient into the gate's ReLU pass.
        var builtInWeights = HasConfiguredPenalty ? null : norms ?? Tensor.Full(1f, Weights.FeatureCount);
        var gateCodes = Ops.ReluEncode(input, Weights.WEnc, BGate, InputCentre, Options.SparseBelow, builtInWeights);
        if (gateCodes.Sparse is { } sparseGate)
            return SparseForward(input, sparseGate, SparsityTerm(sparseGate, norms, step, () => gateCodes.Penalty!));

        var gateActivity = gateCodes.Dense!;
        var features = Ops.GatedMagnitude(gateActivity, BGate, RMag, BMag);
        var reconstruction = Decode(features);
        var sparsity = SparsityTerm(gateActivity, norms, step, () => gateCodes.Penalty!);
        // The gate path alone must reconstruct x, so that it learns which features matter (paper, eq. 8).
        var auxReconstruction = Ops.Linear(gateActivity, AuxDecoder, AuxBias);
        return new SaeForwardResult(reconstruction, features, Losses(input, reconstruction, sparsity, auxReconstruction));
    }

    /// <summary>
    /// The same step on the open gates only: f at each stored entry is ReLU((g - b_gate) exp(r_mag) + b_mag) with the
    /// per-feature vectors gathered by column (every stored g is positive, so the gate is open there).
    /// </summary>
    private SaeForwardResult SparseForward(Tensor input, SparseRows gate, LossTerm sparsity)
    {
        Tensor Pick(Tensor perFeature) => Ops.GatherByFeature(perFeature, gate);
        var magnitude = Ops.Relu(Ops.Add(Ops.Mul(Ops.Sub(gate.Values, Pick(BGate)), Pick(Ops.Exp(RMag))), Pick(BMag)));
        var features = new SparseRows(gate.Rows, gate.Cols, gate.RowOffsets, gate.Indices, magnitude);
        var reconstruction = Ops.SparseDecode(features, Weights.WDec, Weights.BDec);
        var auxReconstruction = Ops.SparseDecode(gate, AuxDecoder, AuxBias);
        return new SaeForwardResult(reconstruction, features, Losses(input, reconstruction, sparsity, auxReconstruction));
    }

    private Tensor AuxDecoder => Options.DetachAuxDecoder ? Weights.WDec.Detach() : Weights.WDec;

    private Tensor AuxBias => Options.DetachAuxDecoder ? Weights.BDec.Detach() : Weights.BDec;

    // The auxiliary term comes first: the trainer sums the terms in this order, so the backward pass reaches the
    // auxiliary decoder's input-gradient GEMM last, and that GEMM adds into the gate gradient the magnitude path
    // already wrote instead of zeroing a [batch, d_sae] buffer first. Only speed depends on the order.
    private static LossTerm[] Losses(Tensor input, Tensor reconstruction, LossTerm sparsity, Tensor auxReconstruction) =>
        [new(MetricNames.AuxiliaryLoss, Ops.MseLoss(auxReconstruction, input)), MseTerm(reconstruction, input), sparsity];

    /// <inheritdoc />
    /// <remarks>
    /// The gate ReLU(pi_gate) is a hard 0/1 mask without gradient (the paper trains the gate path through the aux and
    /// sparsity terms only); GatedMagnitude passes none through it.
    /// </remarks>
    public override Tensor Encode(Tensor input)
    {
        var gateActivity = Ops.ReluEncode(input, Weights.WEnc, BGate, InputCentre, 0).Dense!;
        return Ops.GatedMagnitude(gateActivity, BGate, RMag, BMag);
    }
}
