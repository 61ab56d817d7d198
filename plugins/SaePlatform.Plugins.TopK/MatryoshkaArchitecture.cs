using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// Matryoshka BatchTopK SAE (Bussmann et al. 2025; SAE_REFERENCE.md "matryoshka"): batchtopk plus, for each
/// prefix width m &lt; d_sae, the MSE of the reconstruction from features 0..m-1 alone (term
/// <c>losses/mse_loss_prefix_&lt;m&gt;</c>, unweighted), so early features learn general directions.
/// The full-width MSE is <c>losses/mse_loss</c>. Saved as <c>jumprelu</c>, like batchtopk.
/// </summary>
[SaeArchitecture("matryoshka", Description = "Matryoshka BatchTopK SAE: batchtopk plus an MSE term per nested prefix of features.")]
public sealed class MatryoshkaArchitecture(MatryoshkaOptions options) : ISaeArchitecture, IResumableState
{
    private readonly BatchTopKCore _core = new(options);
    private int[] _prefixes = [];
    private string[] _names = [];

    /// <summary>Prefix widths below d_sae that get their own loss term, after defaults.</summary>
    public IReadOnlyList<int> PrefixWidths => _prefixes;

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _core.P.All;

    /// <inheritdoc />
    public SaeDescription Description => _core.Description;

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        _core.Initialize("matryoshka", context);
        int dSae = _core.P.FeatureCount;
        var widths = options.PrefixWidths.Length > 0 ? options.PrefixWidths : [dSae / 8, dSae / 4, dSae / 2];
        foreach (int m in widths)
            if (m > dSae)
                throw new ArgumentException($"matryoshka: prefix width {m} exceeds d_sae = {dSae}.", "prefix_widths");
        _prefixes = widths.Where(m => m >= 1 && m < dSae).Distinct().Order().ToArray();
        _names = _prefixes.Select(m => $"{MetricNames.MseLoss}_prefix_{m}").ToArray();
    }

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var (codes, reconstruction, mse, aux) = _core.Train(input);
        var losses = new List<LossTerm>(_prefixes.Length + 2) { mse };
        for (int i = 0; i < _prefixes.Length; i++)
        {
            var prefix = Ops.SparseDecode(SparseCodes.Prefix(codes, _prefixes[i]), _core.P.WDec, _core.P.BDec);
            losses.Add(new LossTerm(_names[i], Ops.MseLoss(prefix, input)));
        }
        losses.Add(aux);
        return new SaeForwardResult(reconstruction, codes, losses);
    }

    /// <inheritdoc />
    public Tensor Encode(Tensor input) => _core.Encode(input);

    /// <inheritdoc />
    public Tensor Decode(Tensor features) => _core.Decode(features);

    /// <inheritdoc />
    public void BeforeOptimizerStep(TrainingStep step) => _core.BeforeOptimizerStep();

    /// <inheritdoc />
    public void AfterOptimizerStep(TrainingStep step) => _core.AfterOptimizerStep();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> StateForSaving() => _core.P.ByName;

    /// <inheritdoc />
    public void Load(IReadOnlyDictionary<string, Tensor> state) => _core.P.Load(state);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> ExportResumeState() =>
        new Dictionary<string, double[]> { [DeadFeatureTracker.StateName] = _core.Tracker.Export() };

    /// <inheritdoc />
    public void ImportResumeState(IReadOnlyDictionary<string, double[]> state) => _core.Tracker.Import(state);
}
