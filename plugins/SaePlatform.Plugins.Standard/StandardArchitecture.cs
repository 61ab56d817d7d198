using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.Standard;

/// <summary>
/// f = ReLU((x - b_dec) W_enc + b_enc); x_hat = f W_dec + b_dec;
/// loss = MSE + lambda * penalty(f, ||W_dec,i||) (SAE_REFERENCE.md "standard"). Without a configured
/// penalty the sparsity term is SAELens's: mean over rows of sum_i f_i ||W_dec,i||.
/// </summary>
/// <remarks>
/// A step in which few features fire (<see cref="StandardOptions.SparseBelow"/>) keeps its codes in CSR form:
/// the decoder and every gradient but the encoder's forward GEMM then cost in proportion to the firing entries.
/// </remarks>
[DeadFeatureRemedies(DeadFeatureRemedy.GhostGrads | DeadFeatureRemedy.Resampling)]
[SaeArchitecture("standard", Description = "ReLU SAE with a decoder-norm weighted sparsity penalty (SAELens standard).")]
public sealed class StandardArchitecture(StandardOptions options) : SaeArchitecture<StandardOptions>(options)
{
    /// <inheritdoc />
    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var norms = PenaltyNorms();
        // The built-in penalty, mean_b sum_i f_bi * ||W_dec,i|| (plain L1 under unit_norm, where every norm is 1), comes
        // out of the encoder, whose backward folds its gradient into the ReLU's pass.
        var builtInWeights = HasConfiguredPenalty ? null : norms ?? Tensor.Full(1f, Weights.FeatureCount);
        var codes = Ops.ReluEncode(input, Weights.WEnc, Weights.BEnc, InputCentre, Options.SparseBelow, builtInWeights);
        if (codes.Sparse is { } sparse)
        {
            var sparseReconstruction = Ops.SparseDecode(sparse, Weights.WDec, Weights.BDec);
            var sparseSparsity = SparsityTerm(sparse, norms, step, () => codes.Penalty!);
            return new SaeForwardResult(sparseReconstruction, sparse, [MseTerm(sparseReconstruction, input), sparseSparsity]);
        }

        var features = codes.Dense!;
        var reconstruction = Decode(features);
        var sparsity = SparsityTerm(features, norms, step, () => codes.Penalty!);
        return new SaeForwardResult(reconstruction, features, [MseTerm(reconstruction, input), sparsity]);
    }

    /// <inheritdoc />
    public override Tensor Encode(Tensor input) => Ops.LinearRelu(input, Weights.WEnc, Weights.BEnc, center: InputCentre);
}
