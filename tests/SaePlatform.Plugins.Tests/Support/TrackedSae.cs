using SaePlatform.Contracts.Architectures;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.Tests.Support;

/// <summary>
/// An architecture driven as the host drives it with respect to dead features, for tests without the host: every
/// forward pass gets the run's dead-feature counters in <see cref="TrainingStep.DeadFeatures"/>, and each training
/// forward (<see cref="TrainingStep.IsTraining"/>) is then counted, as the host's FeatureActivity counts each
/// training step; a validation forward is not. Everything else passes through.
/// </summary>
/// <param name="sae">The initialised architecture.</param>
/// <param name="window">The run's training.dead_feature_window: idle steps after which a feature is dead.</param>
internal sealed class TrackedSae(ISaeArchitecture sae, long window) : ISaeArchitecture, IDeadFeatures
{
    private readonly long[] _stepsSinceFired = new long[sae.Description.FeatureCount];
    private readonly bool[] _mask = new bool[sae.Description.FeatureCount];

    public ISaeArchitecture Inner => sae;

    public long StepsSinceFired(int feature) => _stepsSinceFired[feature];

    public ReadOnlySpan<bool> Mask(out int count)
    {
        count = 0;
        for (int i = 0; i < _mask.Length; i++)
        {
            _mask[i] = _stepsSinceFired[i] >= window;
            if (_mask[i]) count++;
        }
        return _mask;
    }

    public SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var result = sae.Forward(input, step with { DeadFeatures = this });
        if (step.IsTraining) Count(TinySae.DenseFeatures(result));
        return result;
    }

    private void Count(float[] features)
    {
        for (int i = 0; i < _stepsSinceFired.Length; i++) _stepsSinceFired[i]++;
        for (int e = 0; e < features.Length; e++)
            if (features[e] != 0) _stepsSinceFired[e % _stepsSinceFired.Length] = 0;
    }

    public void Initialize(SaeInitContext context) => sae.Initialize(context);

    public IReadOnlyList<Tensor> Parameters => sae.Parameters;

    public SaeDescription Description => sae.Description;

    public Tensor Encode(Tensor input) => sae.Encode(input);

    public Tensor Decode(Tensor features) => sae.Decode(features);

    public void BeforeOptimizerStep(TrainingStep step) => sae.BeforeOptimizerStep(step);

    public void AfterOptimizerStep(TrainingStep step) => sae.AfterOptimizerStep(step);

    public IReadOnlyDictionary<string, Tensor> StateForSaving() => sae.StateForSaving();

    public IReadOnlyDictionary<string, Tensor> StateForInference(IReadOnlyDictionary<string, Tensor> saved) => sae.StateForInference(saved);

    public void Load(IReadOnlyDictionary<string, Tensor> state) => sae.Load(state);
}
