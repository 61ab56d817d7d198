using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// BatchTopK SAE (Bussmann et al. 2024): ReLU(h), keep the floor(k B) largest entries of the batch;
/// loss = MSE + alpha * AuxK; saved as SAELens <c>jumprelu</c> with the tracked threshold (see <see cref="BatchTopKCore"/>).
/// </summary>
[SaeArchitecture("batchtopk", Description = "BatchTopK SAE: top k x batch activations over the whole batch; saved as jumprelu with the tracked threshold.")]
public sealed class BatchTopKArchitecture(BatchTopKOptions options) : ISaeArchitecture, IResumableState
{
    private readonly BatchTopKCore _core = new(options);

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => _core.P.All;

    /// <inheritdoc />
    public SaeDescription Description => _core.Description;

    /// <inheritdoc />
    public void Initialize(SaeInitContext context) => _core.Initialize("batchtopk", context);

    /// <inheritdoc />
    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var (codes, reconstruction, mse, aux) = _core.Train(input);
        return new SaeForwardResult(reconstruction, codes, [mse, aux]);
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
