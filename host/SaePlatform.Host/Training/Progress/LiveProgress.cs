using System.Globalization;
using Spectre.Console;

namespace SaePlatform.Host.Training.Progress;

/// <summary>A Spectre.Console progress bar with ETA, loss, L0 and explained variance, shown when stdout is a terminal.</summary>
internal sealed class LiveProgress(ProgressTask task, string name) : ITrainingProgress
{
    /// <summary>Whether to show a live bar: stdout and stderr are both terminals.</summary>
    public static bool Enabled => !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with a live bar named <paramref name="name"/> when <see cref="Enabled"/>, else with <see cref="NoProgress"/>.</summary>
    public static T Run<T>(string name, long totalSteps, Func<ITrainingProgress, T> body)
    {
        if (!Enabled) return body(NoProgress.Instance);
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(name), maxValue: Math.Max(1, totalSteps));
                return body(new LiveProgress(task, name));
            });
    }

    public void Update(long stepsDone, long totalSteps, double loss, double l0, double explainedVariance)
    {
        task.MaxValue = Math.Max(1, totalSteps);
        task.Value = stepsDone;
        task.Description = Markup.Escape(string.Format(CultureInfo.InvariantCulture,
            "{0}  loss {1:G4}  L0 {2:F1}  EV {3:F3}", name, loss, l0, explainedVariance));
    }
}
