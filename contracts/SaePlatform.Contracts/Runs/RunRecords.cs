namespace SaePlatform.Contracts.Runs;

/// <summary>Facts about a run, given to observers at its start.</summary>
/// <param name="ModelName">Sanitised model name.</param>
/// <param name="LayerName">Layer name.</param>
/// <param name="Architecture">Architecture id.</param>
/// <param name="InputWidth">d_in.</param>
/// <param name="FeatureCount">d_sae.</param>
/// <param name="TotalSteps">Planned steps.</param>
/// <param name="OutputDirectory">The run's output folder.</param>
public sealed record RunInfo(string ModelName, string LayerName, string Architecture, int InputWidth, int FeatureCount, long TotalSteps, string OutputDirectory);

/// <summary>The metrics of one logged step.</summary>
/// <param name="Step">Step number.</param>
/// <param name="Values">Metric values by history key.</param>
public sealed record StepMetrics(long Step, IReadOnlyDictionary<string, double> Values);

/// <summary>Result of an evaluation pass.</summary>
/// <param name="Split">"validation" or "test".</param>
/// <param name="Step">Training step at which it ran.</param>
/// <param name="Values">Scalar results by name.</param>
public sealed record EvaluationResult(string Split, long Step, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>
    /// Per-row and per-feature arrays by name: <c>mse_per_row</c> (squared error of each evaluated row),
    /// <c>mean_activation_per_feature</c> and <c>log10_feature_density</c> ([d_sae]). Empty when not computed.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> Arrays { get; init; } = new Dictionary<string, double[]>();

    /// <summary>
    /// What the squared errors (<c>mse_per_row_mean</c>, <c>mse_per_row_std</c>, <c>mse_per_row</c>) are measured in,
    /// in words; null when not stated (a validation pass, whose values are in the training rows' units).
    /// </summary>
    public string? MseUnits { get; init; }
}

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    /// <summary>Reached its budget.</summary>
    Completed,
    /// <summary>Stopped by early stopping.</summary>
    StoppedEarly,
    /// <summary>Ctrl+C or SIGTERM; state was saved.</summary>
    Interrupted,
    /// <summary>An error ended it.</summary>
    Failed,
}

/// <summary>Given to observers at the end of a run.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="StepsCompleted">Optimiser steps taken.</param>
/// <param name="History">The full history.</param>
/// <param name="OutputDirectory">Where files were written.</param>
public sealed record RunSummary(RunOutcome Outcome, long StepsCompleted, TrainingHistory History, string OutputDirectory);
