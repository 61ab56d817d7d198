namespace SaePlatform.Host.Training;

/// <summary>The resolved training knobs the loop needs (mapped from the config's training section).</summary>
internal sealed record TrainerSettings
{
    public required long Steps { get; init; }
    public required int BatchSize { get; init; }
    public required double LearningRate { get; init; }
    public long LearningRateWarmupSteps { get; init; }
    public bool CosineSchedule { get; init; }
    public long LearningRateDecaySteps { get; init; }
    public double SparsityCoefficient { get; init; } = 1;
    public long SparsityWarmupSteps { get; init; }
    public double GradientClip { get; init; } = 1.0;
    public int LogEvery { get; init; } = 10;
    public long DeadFeatureWindow { get; init; } = 1000;
    public long FeatureSamplingWindow { get; init; } = 2000;
    public string Optimizer { get; init; } = "adam";
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;
    public double WeightDecay { get; init; }
    public double ValidationFraction { get; init; } = 0.15;
    public double TestFraction { get; init; } = 0.15;
    public int EvaluationRows { get; init; } = 8192;
}
