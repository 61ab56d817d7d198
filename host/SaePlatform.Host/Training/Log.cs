using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Training;

/// <summary>Training log events.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "step {Step}/{Total}  loss {Loss:G4}  L0 {L0:F1}  explained variance {ExplainedVariance:F3}  dead {Dead}  {SamplesPerSecond:N0} samples/s")]
    public static partial void Progress(ILogger logger, long step, long total, double loss, double l0, double explainedVariance, string dead, double samplesPerSecond);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Training {Model}/{Layer}: {Architecture}, d_in {DIn}, d_sae {DSae}; {Budget}; " +
        "dead after {DeadWindow} idle steps (training.dead_feature_window), feature density every {DensityWindow} steps; data: {Data}")]
    public static partial void RunStarting(ILogger logger, string model, string layer, string architecture, int dIn, int dSae, string budget,
        long deadWindow, long densityWindow, string data);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "training.dead_feature_window = {Window} steps is not shorter than the run ({Steps} steps): " +
        "no feature can count as dead before the end, so AuxK never starts and dead features show only as never fired. Lower training.dead_feature_window " +
        "(or leave it unset: a tenth of the run).")]
    public static partial void DeadWindowLongerThanRun(ILogger logger, long window, long steps);

    [LoggerMessage(EventId = 391, Level = LogLevel.Information, Message = "Step {Step}: resampled {Resampled} of {Dead} dead features towards badly reconstructed rows ({Rows} rows scored; training.resample_every)")]
    public static partial void Resampled(ILogger logger, long step, int resampled, int dead, int rows);

    [LoggerMessage(EventId = 392, Level = LogLevel.Information, Message = "Step {Step}: no feature is dead (idle for training.dead_feature_window = {Window} steps); nothing to resample")]
    public static partial void NothingToResample(ILogger logger, long step, long window);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Finished {Model}/{Layer} ({Outcome}) in {Seconds:F1} s; outputs in {Directory}")]
    public static partial void RunFinished(ILogger logger, string model, string layer, string outcome, double seconds, string directory);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Evaluation ({Split}): explained variance {ExplainedVariance:F4}, L0 {L0:F2}, MSE/row {Mse:G4} in {Units}, dead {Dead:P1}")]
    public static partial void Evaluated(ILogger logger, string split, double explainedVariance, double l0, double mse, string units, double dead);

    [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Losses and MSE while training are squared errors summed over d_in, mean over rows, of the training rows: {Units}")]
    public static partial void LossUnits(ILogger logger, string units);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "{Metric}: final {Final:G5}, mean {Mean:G5}, min {Min:G5}, max {Max:G5}, change {Change:G5} (in {Units})")]
    public static partial void LossSummary(ILogger logger, string metric, double final, double mean, double min, double max, double change, string units);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "Checkpoint written: {Folder}")]
    public static partial void CheckpointWritten(ILogger logger, string folder);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Resuming {Model}/{Layer} from {Folder} (step {Step} of {Total})")]
    public static partial void Resuming(ILogger logger, string model, string layer, string folder, long step, long total);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Validation at step {Step}: loss {Loss:G5}, explained variance {ExplainedVariance:F4}, L0 {L0:F2}")]
    public static partial void Validated(ILogger logger, long step, double loss, double explainedVariance, double l0);

    [LoggerMessage(EventId = 308, Level = LogLevel.Information, Message = "Early stopping at step {Step}: no validation-loss improvement above {MinDelta} in {Patience} evaluations (best {Best:G5} at step {BestStep})")]
    public static partial void StoppedEarly(ILogger logger, long step, double minDelta, int patience, double best, long bestStep);

    [LoggerMessage(EventId = 309, Level = LogLevel.Information, Message = "{Model}/{Layer} already finished ({Reason}); skipping it")]
    public static partial void AlreadyFinished(ILogger logger, string model, string layer, string reason);

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Initialised {Model}/{Layer} from {Source}")]
    public static partial void InitialisedFrom(ILogger logger, string model, string layer, string source);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information,
        Message = "Restored the weights of step {Step} (best validation loss {Loss:G5}) for the saved SAE and the evaluation; training ran {StepsDone} steps (training.restore_best_weights)")]
    public static partial void RestoredBestWeights(ILogger logger, long step, double loss, long stepsDone);

    [LoggerMessage(EventId = 314, Level = LogLevel.Warning, Message = "[{Code}] step {Step}: {Message}. Likely cause and fix: {Remedy}")]
    public static partial void HealthWarning(ILogger logger, string code, long step, string message, string remedy);

    [LoggerMessage(EventId = 315, Level = LogLevel.Information, Message = "[{Code}] cleared at step {Step}")]
    public static partial void WarningCleared(ILogger logger, string code, long step);

    [LoggerMessage(EventId = 316, Level = LogLevel.Information, Message = "Verdict for {Model}/{Layer}: {Verdict}")]
    public static partial void Verdict(ILogger logger, string model, string layer, string verdict);

    [LoggerMessage(EventId = 317, Level = LogLevel.Warning, Message = "Warning raised during the run: [{Code}] first at step {FirstStep}, {State}: {Message}. Fix: {Remedy}")]
    public static partial void WarningSummary(ILogger logger, string code, long firstStep, string state, string message, string remedy);

    [LoggerMessage(EventId = 318, Level = LogLevel.Information, Message = "Warning raised during the run and cleared: [{Code}] from step {FirstStep} to {LastStep}: {Message}")]
    public static partial void ClearedWarningSummary(ILogger logger, string code, long firstStep, long lastStep, string message);

    [LoggerMessage(EventId = 319, Level = LogLevel.Error, Message = "{Model}/{Layer}: training failed: {Message}")]
    public static partial void TrainingFailed(ILogger logger, Exception exception, string model, string layer, string message);

    [LoggerMessage(EventId = 390, Level = LogLevel.Warning,
        Message = "{Folder} is saved as architecture '{Architecture}', which SAELens cannot load (it has no such inference class); sae encode and the numpy loader of docs/python read it")]
    public static partial void NotSaeLensLoadable(ILogger logger, string folder, string architecture);

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning,
        Message = "{Setting} = {Threads} is more than the {Cores} cores this process may use: threads will share cores, which is usually slower.")]
    public static partial void ThreadsAboveCores(ILogger logger, string setting, int? threads, int cores);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Compute backend: {Backend}")]
    public static partial void ComputeBackend(ILogger logger, string backend);

    [LoggerMessage(EventId = 322, Level = LogLevel.Error, Message = "{Message}")]
    public static partial void RunFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 323, Level = LogLevel.Warning,
        Message = "{Folder} was written for {Old} steps, the config now plans {New}: the learning-rate schedule changes.")]
    public static partial void ResumedScheduleChanges(ILogger logger, string? folder, long old, long @new);

    [LoggerMessage(EventId = 324, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void BudgetWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 325, Level = LogLevel.Error, Message = "{Model}/{Layer}: {Message}")]
    public static partial void TargetFailed(ILogger logger, string model, string layer, string message);

    [LoggerMessage(EventId = 326, Level = LogLevel.Error, Message = "{Model}/{Layer}: cannot write the run's files: {Message}")]
    public static partial void RunFilesNotWritten(ILogger logger, string model, string layer, string message);

    [LoggerMessage(EventId = 327, Level = LogLevel.Information, Message = "{Model}/{Layer}: no checkpoint in {Folder}; training from the start.")]
    public static partial void NoCheckpoint(ILogger logger, string model, string layer, string folder);

    [LoggerMessage(EventId = 328, Level = LogLevel.Warning,
        Message = "{Model}/{Layer}: the newest checkpoint {Damaged} is damaged ({Reason}); resuming from {Older} instead.")]
    public static partial void CheckpointDamaged(ILogger logger, string model, string layer, string? damaged, string reason, string? older);

    [LoggerMessage(EventId = 329, Level = LogLevel.Warning, Message = "Observer '{Id}': isolation: process applies to visualizers only; it runs in-process, guarded.")]
    public static partial void ObserverIsolationIgnored(ILogger logger, string id);

    [LoggerMessage(EventId = 330, Level = LogLevel.Warning, Message = "Observer '{Id}' left out of this run: {Message}")]
    public static partial void ObserverLeftOut(ILogger logger, string id, string message);

    [LoggerMessage(EventId = 331, Level = LogLevel.Warning, Message = "training.patience = {Patience} has no effect without validation: set training.eval_every.")]
    public static partial void PatienceWithoutValidation(ILogger logger, int patience);

    [LoggerMessage(EventId = 332, Level = LogLevel.Warning,
        Message = "The weights of the best validation (step {Step}) are not available (resumed from an older checkpoint); keeping the final weights.")]
    public static partial void BestWeightsMissing(ILogger logger, long step);

    [LoggerMessage(EventId = 370, Level = LogLevel.Warning, Message = "Observer '{Id}' (plugin {Plugin}) failed in {Callback}: {Error}")]
    public static partial void ObserverFailed(ILogger logger, string id, string plugin, string callback, string error);

    [LoggerMessage(EventId = 371, Level = LogLevel.Warning, Message = "Observer '{Id}' (plugin {Plugin}) failed {Count} times in a row and is switched off for this run.")]
    public static partial void ObserverSwitchedOff(ILogger logger, string id, string plugin, int count);
}
