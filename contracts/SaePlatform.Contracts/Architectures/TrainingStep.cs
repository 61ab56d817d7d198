namespace SaePlatform.Contracts.Architectures;

/// <summary>Where training stands, passed to every forward pass and hook.</summary>
/// <param name="Step">Zero-based optimiser step about to be taken.</param>
/// <param name="TotalSteps">Planned number of steps.</param>
/// <param name="SparsityCoefficient">Current sparsity coefficient (after its warm-up).</param>
/// <param name="LearningRate">Current learning rate.</param>
/// <param name="SamplesSeen">Training rows consumed before this step.</param>
public readonly record struct TrainingStep(long Step, long TotalSteps, float SparsityCoefficient, float LearningRate, long SamplesSeen);
