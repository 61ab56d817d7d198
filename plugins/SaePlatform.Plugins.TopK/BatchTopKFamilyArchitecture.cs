using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// What batchtopk and matryoshka share around <see cref="BatchTopKCore"/>: parameters, JumpReLU inference,
/// optimiser hooks (threshold tracking), saving and the AuxK counters in checkpoints. Subclasses add the
/// training forward pass.
/// </summary>
public abstract class BatchTopKFamilyArchitecture : ISaeArchitecture, IResumableState
{
    private protected BatchTopKFamilyArchitecture(BatchTopKOptions options) => Core = new BatchTopKCore(options);

    private protected BatchTopKCore Core { get; }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Parameters => Core.P.All;

    /// <inheritdoc />
    public SaeDescription Description => Core.Description;

    /// <inheritdoc />
    public abstract void Initialize(SaeInitContext context);

    /// <inheritdoc />
    public abstract SaeForwardResult Forward(Tensor input, TrainingStep step);

    /// <inheritdoc />
    public Tensor Encode(Tensor input) => Core.Encode(input);

    /// <inheritdoc />
    public Tensor Decode(Tensor features) => Core.Decode(features);

    /// <inheritdoc />
    public void BeforeOptimizerStep(TrainingStep step) => Core.BeforeOptimizerStep();

    /// <inheritdoc />
    public void AfterOptimizerStep(TrainingStep step) => Core.AfterOptimizerStep();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> StateForSaving() => Core.P.ByName;

    /// <inheritdoc />
    public void Load(IReadOnlyDictionary<string, Tensor> state) => Core.P.Load(state);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double[]> ExportResumeState() =>
        new Dictionary<string, double[]> { [DeadFeatureTracker.StateName] = Core.Tracker.Export() };

    /// <inheritdoc />
    public void ImportResumeState(IReadOnlyDictionary<string, double[]> state) => Core.Tracker.Import(state);
}
