using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Components;
using SaePlatform.Host.Cli;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Visualization;
using SaePlatform.Host.Visualization.Worker;

namespace SaePlatform.Host.Cli.Bench;

/// <summary>
/// What a worker process costs per visualizer call: each default visualizer renders the same saved run in process
/// and in a worker (<c>isolation: process</c>), alternately, and the medians are compared. The worker's cost is a
/// process start, loading the plugins and reading the run's files again; the rendering itself is the same.
/// </summary>
internal static class VisualizerIsolationBench
{
    /// <summary>One JSON-ready result per default visualizer the built-in plugins provide.</summary>
    public static IEnumerable<Dictionary<string, object>> Run(int repeats)
    {
        var root = Path.Combine(Path.GetTempPath(), "sae-bench-visualizers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var config = Path.Combine(root, "run.yaml");
            File.WriteAllText(config, $$"""
                run: {model: bench, layer: l, output_dir: "{{Path.Combine(root, "out")}}"}
                data: {type: synthetic, d_in: 32, n_features: 128, rows: 20000}
                architecture: {type: standard, d_sae: 256}
                penalty: l1
                training: {steps: 500, batch_size: 256, log_every: 5, eval_every: 100}
                visualizers: []
                """);
            var catalog = new PluginLoader(NullLogger<PluginLoader>.Instance).Load(PluginRoots.ForHost());
            var code = TrainCommand.Execute(config, [], false, null, NullLoggerFactory.Instance, _ => catalog, new RunLogFileSink(),
                TextWriter.Null, false, CancellationToken.None);
            if (code != ExitCodes.Success) throw new InvalidOperationException($"training the benchmark's run failed with exit code {code}");

            var paths = RunPaths.For(new RunTarget("bench", "l", 42, Path.Combine(root, "out")));
            var stage = new VisualizationStage(catalog, NullLoggerFactory.Instance, VisualizationStage.DefaultFigures(NullLogger.Instance),
                VisualizationSettings.Default with { MaxConsecutiveFailures = int.MaxValue }, WorkerCommand.ForCurrentHost());
            var environment = new VisualizationEnvironment(PluginRoots.ForHost(), root, 42);
            var request = VisualizationRequest.ForRun(paths);
            var results = new List<Dictionary<string, object>>();
            foreach (var id in DefaultVisualizers.Ids)
            {
                if (catalog.Registry.Find(ComponentKind.Visualizer, id) is not { } descriptor) continue;
                var timings = new Dictionary<ComponentIsolation, List<double>> { [ComponentIsolation.InProcess] = [], [ComponentIsolation.Process] = [] };
                var failures = 0;
                for (var r = 0; r <= repeats; r++)
                foreach (var isolation in new[] { ComponentIsolation.InProcess, ComponentIsolation.Process })
                {
                    var entry = new VisualizerEntry(id, descriptor, null, isolation, TimeSpan.FromMinutes(2));
                    var clock = Stopwatch.StartNew();
                    failures += stage.Run([entry], request, environment, CancellationToken.None).Count;
                    // The first round warms both paths up (JIT, font caches) and is not counted.
                    if (r > 0) timings[isolation].Add(clock.Elapsed.TotalMilliseconds);
                }
                var inProcess = BenchStatistics.Median(timings[ComponentIsolation.InProcess]);
                var worker = BenchStatistics.Median(timings[ComponentIsolation.Process]);
                results.Add(new Dictionary<string, object>
                {
                    ["case"] = $"visualize/{id}",
                    ["repeats"] = repeats,
                    ["in_process_ms_median"] = Math.Round(inProcess, 1),
                    ["worker_ms_median"] = Math.Round(worker, 1),
                    ["worker_overhead_ms_median"] = Math.Round(worker - inProcess, 1),
                    ["failures"] = failures,
                });
            }
            return results;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
