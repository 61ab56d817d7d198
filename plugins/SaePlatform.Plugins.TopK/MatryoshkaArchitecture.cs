using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// Matryoshka BatchTopK SAE (Bussmann et al. 2025; SAE_REFERENCE.md "matryoshka"): batchtopk plus, for each
/// prefix width m &lt; d_sae, the MSE of the reconstruction from features 0..m-1 alone (term
/// <c>losses/mse_loss_prefix_&lt;m&gt;</c>, unweighted), so early features learn general directions.
/// The full-width MSE is <c>losses/mse_loss</c>. Saved as <c>jumprelu</c>, like batchtopk.
/// </summary>
[DeadFeatureRemedies(DeadFeatureRemedy.Resampling, Reason = "top-k codes have AuxK for dead features, architecture.aux_k_coefficient")]
[SaeArchitecture("matryoshka", Description = "Matryoshka BatchTopK SAE: batchtopk plus an MSE term per nested prefix of features.")]
public sealed class MatryoshkaArchitecture(MatryoshkaOptions options) : BatchTopKArchitecture(options)
{
    private int[] _prefixes = [];
    private string[] _names = [];
    // The prefixes' 0/1 feature weights, uploaded once to the engine's device (not once per step).
    private Tensor[] _prefixWeights = [];

    /// <summary>Prefix widths below d_sae that get their own loss term, after defaults.</summary>
    public IReadOnlyList<int> PrefixWidths => _prefixes;

    /// <inheritdoc />
    protected override void OnInitialize(SaeInitContext context)
    {
        base.OnInitialize(context);
        int dSae = Weights.FeatureCount;
        var widths = options.PrefixWidths.Length > 0 ? options.PrefixWidths : [dSae / 8, dSae / 4, dSae / 2];
        foreach (int m in widths)
            if (m > dSae)
                throw new ArgumentException($"matryoshka: prefix width {m} exceeds d_sae = {dSae}.", "prefix_widths");
        _prefixes = widths.Where(m => m >= 1 && m < dSae).Distinct().Order().ToArray();
        _names = _prefixes.Select(m => $"{MetricNames.MseLoss}_prefix_{m}").ToArray();
    }

    private protected override void AddReconstructionTerms(List<LossTerm> losses, SparseRows codes, Tensor input)
    {
        if (_prefixWeights.Length != _prefixes.Length || _prefixWeights.Any(w => w.Device != TensorBackend.Current.Device))
        {
            foreach (var w in _prefixWeights) w.Dispose();
            _prefixWeights = _prefixes.Select(m => SparseCodes.PrefixWeights(codes.Cols, m)).ToArray();
        }
        for (int i = 0; i < _prefixes.Length; i++)
        {
            var prefix = Ops.SparseDecode(SparseCodes.Prefix(codes, _prefixWeights[i]), Weights.WDec, Weights.BDec);
            losses.Add(new LossTerm(_names[i], Ops.MseLoss(prefix, input)));
        }
    }
}
