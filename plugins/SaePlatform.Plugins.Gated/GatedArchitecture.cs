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
[SaeArchitecture("gated", Description = "Gated SAE: a gate path for which features fire, a magnitude path for how much (SAELens gated).")]
public sealed class GatedArchitecture(GatedOptions options) : ISaeArchitecture
{
    /// <summary>SAELens's GatedSAE has no b_enc; the shared building block creates one, which this SAE never uses.</summary>
    private const string UnusedEncoderBias = "b_enc";

    private SaeParameters _p = null!;
    private SaeInitContext _init = null!;
    private Tensor _bGate = null!, _bMag = null!, _rMag = null!;
    private Tensor[] _parameters = [];
    private Dictionary<string, Tensor> _saved = [];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc />
    public SaeDescription Description { get; private set; } = null!;

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        _init = context;
        _p = SaeParameters.Create(context, options);
        int dSae = _p.FeatureCount;
        _bGate = _p.Add(Tensor.Parameter("b_gate", dSae));
        _bMag = _p.Add(Tensor.Parameter("b_mag", dSae));
        _rMag = _p.Add(Tensor.Parameter("r_mag", dSae));
        _parameters = [_p.WEnc, _p.WDec, _p.BDec, _bGate, _bMag, _rMag];
        _saved = _parameters.ToDictionary(t => t.Name!, t => t, StringComparer.Ordinal);
        Description = new SaeDescription("gated", context.InputWidth, dSae, options.ApplyBDecToInput,
            new Dictionary<string, object?>());
    }

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var norms = options.DecoderNorm == DecoderNormPolicy.UnitNorm ? null : Ops.RowNorms(_p.WDec);
        // The default penalty, mean_b sum_i g_bi * ||W_dec,i|| on the gate activity g (plain L1 under unit_norm), comes
        // out of the encoder, whose backward folds its gradient into the gate's ReLU pass. A configured penalty sees
        // the dense gate activity.
        var defaultWeights = _init.Penalty is null ? norms ?? Tensor.Full(1f, _p.FeatureCount) : null;
        var gateCodes = Ops.ReluEncode(input, _p.WEnc, _bGate, options.ApplyBDecToInput ? _p.BDec : null, options.SparseBelow, defaultWeights);
        if (gateCodes.Sparse is { } sparseGate)
        {
            var sparsePenalty = _init.Penalty is { } sp ? sp.Compute(Ops.ToDense(sparseGate), norms) : gateCodes.Penalty!;
            return SparseForward(input, sparseGate, sparsePenalty, step);
        }

        var gateActivity = gateCodes.Dense!;
        var features = Ops.GatedMagnitude(gateActivity, _bGate, _rMag, _bMag);
        var reconstruction = Ops.Linear(features, _p.WDec, _p.BDec);
        var penalty = _init.Penalty is { } p ? p.Compute(gateActivity, norms) : gateCodes.Penalty!;
        // The gate path alone must reconstruct x, so that it learns which features matter (paper, eq. 8).
        var auxReconstruction = Ops.Linear(gateActivity, AuxDecoder, AuxBias);
        return Result(input, reconstruction, features, null, penalty, auxReconstruction, step);
    }

    /// <summary>
    /// The same step on the open gates only: f at each stored entry is ReLU((g - b_gate) exp(r_mag) + b_mag) with the
    /// per-feature vectors gathered by column (every stored g is positive, so the gate is open there).
    /// </summary>
    private SaeForwardResult SparseForward(Tensor input, SparseRows gate, Tensor penalty, TrainingStep step)
    {
        Tensor Pick(Tensor perFeature) => Ops.GatherByFeature(perFeature, gate);
        var magnitude = Ops.Relu(Ops.Add(Ops.Mul(Ops.Sub(gate.Values, Pick(_bGate)), Pick(Ops.Exp(_rMag))), Pick(_bMag)));
        var features = new SparseRows(gate.Rows, gate.Cols, gate.RowOffsets, gate.Indices, magnitude);
        var reconstruction = Ops.SparseDecode(features, _p.WDec, _p.BDec);
        var auxReconstruction = Ops.SparseDecode(gate, AuxDecoder, AuxBias);
        return Result(input, reconstruction, null, features, penalty, auxReconstruction, step);
    }

    private Tensor AuxDecoder => options.DetachAuxDecoder ? _p.WDec.Detach() : _p.WDec;

    private Tensor AuxBias => options.DetachAuxDecoder ? _p.BDec.Detach() : _p.BDec;

    private SaeForwardResult Result(Tensor input, Tensor reconstruction, Tensor? dense, SparseRows? sparse, Tensor penalty,
        Tensor auxReconstruction, TrainingStep step)
    {
        // The auxiliary term comes first: the trainer sums the terms in this order, so the backward pass reaches the
        // auxiliary decoder's input-gradient GEMM last, and that GEMM adds into the gate gradient the magnitude path
        // already wrote instead of zeroing a [batch, d_sae] buffer first. Only speed depends on the order.
        LossTerm[] losses =
        [
            new(MetricNames.AuxiliaryLoss, Ops.MseLoss(auxReconstruction, input)),
            new(MetricNames.MseLoss, Ops.MseLoss(reconstruction, input)),
            new(_init.Penalty?.MetricName ?? MetricNames.SparsityLoss, Ops.MulScalar(penalty, step.SparsityCoefficient)),
        ];
        return sparse is null ? new SaeForwardResult(reconstruction, dense!, losses) : new SaeForwardResult(reconstruction, sparse, losses);
    }

    /// <summary>
    /// The gate activity ReLU(pi_gate), pi_gate = x_c W_enc + b_gate, from the shared encoder product (dense).
    /// </summary>
    private Tensor GateActivity(Tensor input) =>
        Ops.ReluEncode(input, _p.WEnc, _bGate, options.ApplyBDecToInput ? _p.BDec : null, 0).Dense!;

    /// <inheritdoc />
    /// <remarks>
    /// The gate is a hard 0/1 mask without gradient (the paper trains the gate path through the aux and sparsity
    /// terms only); GatedMagnitude passes none through it.
    /// </remarks>
    public Tensor Encode(Tensor input) => Ops.GatedMagnitude(GateActivity(input), _bGate, _rMag, _bMag);

    /// <inheritdoc />
    public Tensor Decode(Tensor features) => Ops.Linear(features, _p.WDec, _p.BDec);

    /// <inheritdoc />
    public void BeforeOptimizerStep(TrainingStep step) => _p.BeforeOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public void AfterOptimizerStep(TrainingStep step) => _p.AfterOptimizerStep(options.DecoderNorm);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> StateForSaving() => _saved;

    /// <inheritdoc />
    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        // SaeParameters.Load checks every tensor it holds, including the unused b_enc; let it copy onto itself.
        var withUnused = new Dictionary<string, Tensor>(state, StringComparer.Ordinal) { [UnusedEncoderBias] = _p.BEnc };
        _p.Load(withUnused);
    }
}
