using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Training;

/// <summary>Training log events.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "step {Step}/{Total}  loss {Loss:G4}  L0 {L0:F1}  explained variance {ExplainedVariance:F3}  {SamplesPerSecond:N0} samples/s")]
    public static partial void Progress(ILogger logger, long step, long total, double loss, double l0, double explainedVariance, double samplesPerSecond);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Training {Model}/{Layer}: {Architecture}, d_in {DIn}, d_sae {DSae}, {Steps} steps of {BatchSize} rows; data: {Data}")]
    public static partial void RunStarting(ILogger logger, string model, string layer, string architecture, int dIn, int dSae, long steps, int batchSize, string data);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Finished {Model}/{Layer} ({Outcome}) in {Seconds:F1} s; outputs in {Directory}")]
    public static partial void RunFinished(ILogger logger, string model, string layer, string outcome, double seconds, string directory);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Evaluation ({Split}): explained variance {ExplainedVariance:F4}, L0 {L0:F2}, MSE/row {Mse:G4}, dead {Dead:P1}")]
    public static partial void Evaluated(ILogger logger, string split, double explainedVariance, double l0, double mse, double dead);
}
