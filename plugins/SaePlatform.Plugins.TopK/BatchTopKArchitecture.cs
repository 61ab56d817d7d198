using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// BatchTopK SAE (Bussmann et al. 2024; SAE_REFERENCE.md "batchtopk"): training keeps the floor(k B) largest ReLU(h)
/// entries of the whole batch; loss = MSE + alpha * AuxK. A threshold tracks the smallest kept activation
/// (theta &lt;- (1 - r) theta + r min after each training step, SAELens's scalar EMA applied to every feature) and
/// inference is a JumpReLU with it, which is why the SAE is saved as <c>jumprelu</c> with a <c>threshold</c>
/// [d_sae] tensor.
/// </summary>
/// <remarks>Matryoshka derives from it and adds its prefix terms (<see cref="AddReconstructionTerms"/>).</remarks>
[DeadFeatureRemedies(DeadFeatureRemedy.Resampling, Reason = "top-k codes have AuxK for dead features, architecture.aux_k_coefficient")]
[SaeArchitecture("batchtopk", Description = "BatchTopK SAE: top k x batch activations over the whole batch; saved as jumprelu with the tracked threshold.")]
public class BatchTopKArchitecture(BatchTopKOptions options) : SaeArchitecture<BatchTopKOptions>(options)
{
    private int _auxK;
    // The last training forward's smallest kept activation, [1] where the weights live (NaN when none was positive),
    // and whether the threshold EMA still has to take it.
    private Tensor? _smallestKept;
    private bool _emaPending;

    /// <inheritdoc />
    protected override string SavedArchitecture => "jumprelu";

    /// <summary>Per-feature inference threshold [d_sae] (a saved buffer, not trained by the optimiser).</summary>
    private Tensor Threshold => Weights.ByName["threshold"];

    /// <inheritdoc />
    protected override void OnInitialize(SaeInitContext context)
    {
        StructuralSparsity.Check(ComponentId, context, Options.K, Weights.FeatureCount);
        var threshold = Tensor.Persistent(Weights.FeatureCount);
        threshold.Name = "threshold";
        Weights.AddBuffer(threshold);
        _auxK = AuxKLoss.AuxFeatures(Options.AuxK, context.InputWidth);
    }

    /// <inheritdoc />
    public sealed override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var centred = Centred(input);
        var smallest = step.IsTraining ? SmallestKeptBuffer() : null;
        var codes = Ops.BatchTopKEncode(centred, Weights.WEnc, Weights.BEnc, Options.K, smallest);
        _emaPending |= step.IsTraining;
        var reconstruction = Ops.SparseDecode(codes, Weights.WDec, Weights.BDec);
        int deadCount = step.DeadFeatures?.Count ?? 0;
        SparseRows? aux = null;
        // BatchTopKEncode keeps h internal, so AuxK recomputes it densely, only while some features are dead.
        if (deadCount > 0 && Options.AuxKCoefficient > 0)
            aux = Ops.TopKMasked(Ops.Linear(centred, Weights.WEnc, Weights.BEnc), _auxK, step.DeadFeatures!.Indices(), relu: false);
        var losses = new List<LossTerm> { MseTerm(reconstruction, input) };
        AddReconstructionTerms(losses, codes, input);
        losses.Add(AuxKLoss.Term(aux, Weights, Options, input, reconstruction, deadCount));
        return new SaeForwardResult(reconstruction, codes, losses);
    }

    /// <summary>Adds terms between the MSE and AuxK (matryoshka's prefix reconstructions). Default none.</summary>
    private protected virtual void AddReconstructionTerms(List<LossTerm> losses, SparseRows codes, Tensor input) { }

    /// <inheritdoc />
    /// <remarks>Inference: ReLU(h) * 1[h &gt; theta] (SAELens JumpReLU).</remarks>
    public sealed override Tensor Encode(Tensor input) =>
        Ops.JumpRelu(Ops.LinearRelu(input, Weights.WEnc, Weights.BEnc, center: InputCentre), Threshold);

    /// <inheritdoc />
    /// <remarks>The threshold EMA with the last training forward's smallest kept activation.</remarks>
    protected sealed override void OnAfterOptimizerStep(TrainingStep step)
    {
        if (!_emaPending) return;
        _emaPending = false;
        float r = (float)Options.ThresholdLr;
        var m = _smallestKept!;
        // theta <- (1 - r) theta + r m, as operations on the engine's device (no read of m); left as it is when m is NaN
        // (nothing positive was kept): m - m is 0 for a number and NaN otherwise, and Where keeps theta where it is not 0.
        using (TensorScope.Begin())
        using (GradMode.Disable())
        {
            var updated = Ops.Add(Ops.MulScalar(Threshold, 1 - r), Ops.MulScalar(m, r));
            var noValue = Ops.Add(Tensor.Zeros(Threshold.Length), Ops.Sub(m, m));
            Threshold.CopyFrom(Ops.Where(noValue, Threshold, updated));
        }
    }

    /// <summary>The [1] buffer BatchTopKEncode writes the smallest kept activation to, on the current engine's device.</summary>
    private Tensor SmallestKeptBuffer()
    {
        if (_smallestKept is null || _smallestKept.Device != TensorBackend.Current.Device)
        {
            _smallestKept?.Dispose();
            _smallestKept = Tensor.Persistent(1);
        }
        return _smallestKept;
    }
}
