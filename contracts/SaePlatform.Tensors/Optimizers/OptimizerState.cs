namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// Checkpointable optimiser state: named float arrays plus step counters. Buffer keys are
/// <c>parameterName + "/" + bufferName</c>, e.g. <c>W_dec/exp_avg</c>, <c>W_dec/exp_avg_sq</c>,
/// <c>b_dec/momentum_buffer</c> (torch's state names). A parameter without a name is called
/// <c>param{index}</c>. A parameter that has never been stepped has no entries.
/// </summary>
/// <param name="StepCount">Number of optimiser steps taken (<see cref="IOptimizer.StepCount"/>).</param>
/// <param name="Buffers">Per-parameter state arrays, each as long as its parameter.</param>
/// <param name="ParameterSteps">Per-parameter step counters (used for Adam's bias correction), keyed by parameter name.</param>
public sealed record OptimizerState(
    long StepCount,
    IReadOnlyDictionary<string, float[]> Buffers,
    IReadOnlyDictionary<string, long> ParameterSteps);
