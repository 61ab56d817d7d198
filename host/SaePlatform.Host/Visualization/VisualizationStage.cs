using System.Text;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Rendering;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Visualization.Worker;

namespace SaePlatform.Host.Visualization;

/// <summary>
/// The end-of-run stage (ARCHITECTURE.md data flow: history -> visualizers -> figures): runs the configured
/// visualizers, or the default set, for one model/layer from the files the run saved. Every call goes through
/// the <see cref="VisualizerGuard"/>: in-process on a thread with a time limit, or (<c>isolation: process</c>)
/// in a worker process. Nothing here can fail the run; failures are returned, logged and summarised.
/// One instance serves a whole run, so consecutive failures count across layers.
/// </summary>
internal sealed class VisualizationStage
{
    private readonly PluginCatalog _catalog;
    private readonly ILoggerFactory _loggers;
    private readonly IFigureSinkFactory _figures;
    private readonly VisualizationSettings _settings;
    private readonly VisualizerWorkerProcess _worker;
    private readonly VisualizerGuard _guard;
    private readonly ILogger _log;
    private readonly List<VisualizerFailure> _failures = [];

    public VisualizationStage(PluginCatalog catalog, ILoggerFactory loggers, IFigureSinkFactory figures, VisualizationSettings settings, WorkerCommand worker)
    {
        _catalog = catalog;
        _loggers = loggers;
        _figures = figures;
        _settings = settings;
        _worker = new VisualizerWorkerProcess(worker);
        _log = loggers.CreateLogger("plots");
        _guard = new VisualizerGuard(settings.MaxConsecutiveFailures, _log);
    }

    /// <summary>The figure renderer used by runs, <c>sae plot</c> and workers: cairo, or the pure SVG writer without it.</summary>
    public static IFigureSinkFactory DefaultFigures(ILogger logger) => new FigureSinkFactory(logger);

    /// <summary>The stage a training run uses: default settings, this host as the worker.</summary>
    public static VisualizationStage ForRun(PluginCatalog catalog, ILoggerFactory loggers) =>
        new(catalog, loggers, DefaultFigures(loggers.CreateLogger("figures")), VisualizationSettings.Default, WorkerCommand.ForCurrentHost());

    /// <summary>Every failure so far in this run, in order.</summary>
    public IReadOnlyList<VisualizerFailure> Failures => _failures;

    /// <summary>
    /// Plots one trained (or interrupted) layer of <paramref name="plan"/> from its saved files into
    /// <c>M/training_plots</c>. Never throws for a visualizer's sake; returns this layer's failures.
    /// </summary>
    public IReadOnlyList<VisualizerFailure> RunForLayer(RunPlan plan, RunTarget target, RunPaths paths, CancellationToken cancellation)
    {
        var entries = ResolveEntries(plan.Visualizers, includeComparison: true);
        var environment = new VisualizationEnvironment(PluginRoots.ForHost(plan.PluginPaths), plan.ConfigDirectory, target.Seed);
        return Run(entries, VisualizationRequest.ForRun(paths), environment, cancellation);
    }

    /// <summary>
    /// The visualizers to run: the configured ones (an empty list: none), or, when <paramref name="configured"/>
    /// is null (no <c>visualizers</c> key), the default set minus ids no plugin provides and, unless
    /// <paramref name="includeComparison"/>, minus the layer overlay.
    /// </summary>
    public IReadOnlyList<VisualizerEntry> ResolveEntries(IReadOnlyList<GuardedComponentSpec>? configured, bool includeComparison)
    {
        var entries = new List<VisualizerEntry>();
        if (configured is not null)
        {
            foreach (var spec in configured)
            {
                var descriptor = spec.Component.Descriptor;
                var timeout = spec.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : _settings.DefaultTimeout;
                entries.Add(new VisualizerEntry(spec.Component.KeyPath, descriptor, spec.Component.Options,
                    spec.Isolation ?? ManifestIsolation(descriptor), timeout));
            }
            return entries;
        }
        foreach (var id in DefaultVisualizers.Ids)
        {
            if (!includeComparison && id == DefaultVisualizers.LayerComparison) continue;
            var descriptor = _catalog.Registry.Find(ComponentKind.Visualizer, id);
            if (descriptor is null)
            {
                _log.DefaultVisualizerMissing(id);
                continue;
            }
            entries.Add(new VisualizerEntry(id, descriptor, null, ManifestIsolation(descriptor), _settings.DefaultTimeout));
        }
        return entries;
    }

    /// <summary>Runs <paramref name="entries"/> for one model/layer; returns the failures and logs a summary.</summary>
    public IReadOnlyList<VisualizerFailure> Run(IReadOnlyList<VisualizerEntry> entries, VisualizationRequest request, VisualizationEnvironment environment, CancellationToken cancellation)
    {
        var failures = new List<VisualizerFailure>();
        if (entries.Count == 0) return failures;
        if (!File.Exists(request.HistoryPath))
        {
            _log.VisualizationInputsMissing(request.ModelName, request.LayerName, $"no history at {request.HistoryPath}");
            return failures;
        }

        // In-process visualizers share one context, read from disk once; a worker reads its own.
        VisualizationContext? context = null;
        string? inputProblem = null;
        var ran = 0;
        foreach (var entry in entries)
        {
            if (cancellation.IsCancellationRequested) break;
            if (_guard.IsDisabled(entry.Key))
            {
                _log.VisualizerSkipped(entry.Label, request.ModelName, request.LayerName);
                continue;
            }
            ran++;
            _log.VisualizerRunning(entry.Label, request.ModelName, request.LayerName,
                entry.Isolation == ComponentIsolation.Process ? "worker process" : "in-process", entry.Timeout.TotalSeconds);
            var failure = _guard.Run(entry, request.ModelName, request.LayerName, () =>
            {
                if (entry.Isolation == ComponentIsolation.Process)
                    return _worker.Run(WorkerRequest(entry, request, environment), entry.Timeout, ComponentLogger(entry), cancellation);
                if (context is null && inputProblem is null)
                {
                    try
                    {
                        context = request.BuildContext(_figures.Create(request.OutputDirectory, request.Formats, request.Dpi));
                    }
                    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                    {
                        inputProblem = e.Message;
                    }
                }
                if (inputProblem is not null) return VisualizerCallOutcome.Failed(VisualizerFailureKind.Input, inputProblem);
                var shared = context!;
                return InProcessVisualizerCall.Run(entry.Descriptor.Id, token => Render(entry, shared, environment, request, token), entry.Timeout, cancellation);
            });
            if (failure is not null) failures.Add(failure);
        }

        _failures.AddRange(failures);
        if (failures.Count > 0)
        {
            var list = new StringBuilder();
            foreach (var f in failures) list.Append(Environment.NewLine).Append("  - ").Append(f.ToString());
            _log.VisualizationSummaryWithFailures(request.ModelName, request.LayerName, failures.Count, ran, list.ToString());
        }
        else if (ran > 0)
        {
            _log.VisualizationSummary(request.ModelName, request.LayerName, ran, request.OutputDirectory);
        }
        return failures;
    }

    private void Render(VisualizerEntry entry, VisualizationContext context, VisualizationEnvironment environment, VisualizationRequest request, CancellationToken token)
    {
        var componentContext = new ComponentContext(ComponentLogger(entry), environment.ConfigDirectory,
            request.SaeDirectory ?? request.OutputDirectory, environment.Seed);
        var visualizer = (IVisualizer)_catalog.Create(entry.Descriptor, entry.Options, componentContext);
        try
        {
            visualizer.Render(context, token);
        }
        finally
        {
            (visualizer as IDisposable)?.Dispose();
        }
    }

    private ILogger ComponentLogger(VisualizerEntry entry) => _loggers.CreateLogger($"{entry.Descriptor.PluginId}/{entry.Descriptor.Id}");

    private static VisualizerWorkerRequest WorkerRequest(VisualizerEntry entry, VisualizationRequest request, VisualizationEnvironment environment) =>
        new(entry.Descriptor.Id,
            entry.Descriptor.OptionsType is null ? null : OptionsJson.Write(entry.Options ?? Activator.CreateInstance(entry.Descriptor.OptionsType)!),
            environment.PluginRoots, environment.ConfigDirectory, request.SaeDirectory ?? request.OutputDirectory, environment.Seed, request);

    // The manifest's choice, else the host's default (crashes in a third-party visualizer never cost the run).
    private ComponentIsolation ManifestIsolation(ComponentDescriptor descriptor)
    {
        var plugin = _catalog.PluginOf(descriptor);
        return IsolationDefaults.Resolve(plugin?.Manifest?.Isolation, plugin?.Folder);
    }
}
