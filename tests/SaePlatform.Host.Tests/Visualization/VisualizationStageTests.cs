using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Runs;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Rendering;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Plugins;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Visualization;
using SaePlatform.Host.Visualization.Worker;

namespace SaePlatform.Host.Tests.Visualization;

/// <summary>
/// The stage with the test visualizer plugins: failures of every kind are contained and listed, the good
/// visualizer still writes its output, and worker processes absorb crashes.
/// </summary>
public sealed class VisualizationStageTests
{
    private readonly string _pluginRoot = TestPluginFolders.RootWith("TestVisualizers", "IsolatedVisualizers");
    private readonly PluginCatalog _catalog;

    public VisualizationStageTests() => _catalog = TestPluginFolders.Load(_pluginRoot);

    private VisualizationStage Stage(int maxFailures = 3, IFigureSinkFactory? figures = null) =>
        new(_catalog, NullLoggerFactory.Instance, figures ?? new FigureSinkFactory(NullLogger.Instance, useCairo: false),
            VisualizationSettings.Default with { MaxConsecutiveFailures = maxFailures },
            WorkerCommand.ForAssembly(Path.Combine(Repository.HostOutput, "sae.dll")));

    private VisualizationEnvironment Environment => new(PluginRoots.Build(null, [_pluginRoot], null), Repository.NewTempDirectory(), 7);

    private VisualizerEntry Entry(string id, ComponentIsolation isolation = ComponentIsolation.InProcess, double seconds = 60, object? options = null) =>
        new($"entry:{id}", _catalog.Registry.Find(ComponentKind.Visualizer, id)!, options, isolation, TimeSpan.FromSeconds(seconds));

    /// <summary>A saved run of model "m" with layers a and b (history of 3 rows; b also has cfg.json and an evaluation).</summary>
    private static RunPaths SavedRun(string root)
    {
        var model = Path.Combine(root, "m");
        Directory.CreateDirectory(Path.Combine(model, "b"));
        foreach (var layer in new[] { "a", "b" })
        {
            var history = new TrainingHistory();
            for (int s = 0; s < 3; s++) history.Append(s * 10, new Dictionary<string, double> { [MetricNames.MseLoss] = 3 - s });
            HistoryFiles.WriteJson(Path.Combine(model, layer + "_training_history.json"), history);
        }
        File.WriteAllText(Path.Combine(model, "b", "cfg.json"), """{"d_in": 8, "d_sae": 32}""");
        File.WriteAllText(Path.Combine(model, "b_evaluation.json"), """{"split": "test", "step": 20, "explained_variance": 0.5}""");
        return new RunPaths(model, "m", "b");
    }

    private static Dictionary<string, string> Report(string path) =>
        File.ReadAllLines(path).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public void Run_GoodThrowingAndHangingInProcess_GoodWritesAndTheOthersAreListed()
    {
        var paths = SavedRun(Repository.NewTempDirectory());
        var stage = Stage();

        var failures = stage.Run([Entry("test_throws"), Entry("test_hangs", seconds: 0.5), Entry("test_good")],
            VisualizationRequest.ForRun(paths), Environment, CancellationToken.None);

        Assert.Equal(["test_throws", "test_hangs"], failures.Select(f => f.VisualizerId));
        Assert.Equal(VisualizerFailureKind.Exception, failures[0].Kind);
        Assert.Contains("test_throws always throws", failures[0].Reason);
        Assert.Equal(VisualizerFailureKind.Timeout, failures[1].Kind);
        var report = Report(Path.Combine(paths.Plots, "m_b_good.txt"));
        Assert.Equal("3", report["rows"]);
        Assert.Equal("20", report["last_step"]);
        Assert.Equal("a,b", report["layers"]);
        Assert.Equal("32", report["d_sae"]);
        Assert.Equal("explained_variance", report["evaluation_keys"]);
    }

    [Fact]
    public void RunForLayers_SameVisualizerFailsOnEachLayer_DisabledAfterTheLimitForLaterLayers()
    {
        var root = Repository.NewTempDirectory();
        var paths = SavedRun(root);
        var stage = Stage(maxFailures: 2);
        var entries = new[] { Entry("test_throws"), Entry("test_good") };

        var perLayer = new[] { "a", "b", "a" }
            .Select(layer => stage.Run(entries, VisualizationRequest.ForRun(paths with { Layer = layer }), Environment, CancellationToken.None).Count)
            .ToList();

        Assert.Equal([1, 1, 0], perLayer);
        Assert.Equal(2, stage.Failures.Count);
        Assert.True(File.Exists(Path.Combine(paths.Plots, "m_a_good.txt")));
    }

    [Fact]
    public void Run_FigureThroughInjectedSink_SavesThroughIt()
    {
        var paths = SavedRun(Repository.NewTempDirectory());
        var sink = new RecordingSinkFactory();

        var failures = Stage(figures: sink).Run([Entry("test_figure")], VisualizationRequest.ForRun(paths) with { Formats = ["svg"], Dpi = 99 },
            Environment, CancellationToken.None);

        Assert.Empty(failures);
        Assert.Equal((paths.Plots, "svg", 99), (sink.Directory, string.Join(',', sink.Formats!), sink.Dpi));
        Assert.Equal(["m_b_figure"], sink.Saved);
    }

    [Fact]
    public void Run_MissingHistory_RunsNothingAndReportsNoFailure()
    {
        var paths = new RunPaths(Repository.NewTempDirectory(), "m", "none");

        Assert.Empty(Stage().Run([Entry("test_good")], VisualizationRequest.ForRun(paths), Environment, CancellationToken.None));
        Assert.False(Directory.Exists(paths.Plots));
    }

    [Fact]
    public void Run_FailFastAndStackOverflowInWorkers_ThisProcessLivesAndTheGoodWorkerWrites()
    {
        var paths = SavedRun(Repository.NewTempDirectory());
        // The options type lives in the plugin's load context; set it the way the binder does, by reflection.
        var optionsType = _catalog.Registry.Find(ComponentKind.Visualizer, "test_good")!.OptionsType!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("Tag")!.SetValue(options, "from-the-host");

        var failures = Stage().Run(
            [Entry("test_failfast", ComponentIsolation.Process), Entry("test_stack_overflow", ComponentIsolation.Process),
             Entry("test_hangs", ComponentIsolation.Process, seconds: 3), Entry("test_good", ComponentIsolation.Process, options: options)],
            VisualizationRequest.ForRun(paths), Environment, CancellationToken.None);

        Assert.Equal(["test_failfast", "test_stack_overflow", "test_hangs"], failures.Select(f => f.VisualizerId));
        Assert.Equal([VisualizerFailureKind.Crash, VisualizerFailureKind.Crash, VisualizerFailureKind.Timeout], failures.Select(f => f.Kind));
        Assert.Contains("test_failfast brings the process down", failures[0].Reason);
        Assert.Contains("Stack overflow", failures[1].Reason);
        var report = Report(Path.Combine(paths.Plots, "m_b_good.txt"));
        Assert.Equal("from-the-host", report["tag"]);
        Assert.NotEqual(System.Environment.ProcessId.ToString(), report["process"]);
        Assert.Equal("32", report["d_sae"]);
    }

    [Fact]
    public void ResolveEntries_ThirdPartyPluginsWithoutAChoice_RunInAWorkerAndTheManifestOrConfigCanSayOtherwise()
    {
        var isolated = _catalog.Registry.Find(ComponentKind.Visualizer, "isolated_failfast")!;
        var good = _catalog.Registry.Find(ComponentKind.Visualizer, "test_good")!;
        GuardedComponentSpec Spec(ComponentDescriptor d, int i, ComponentIsolation? isolation, double? timeout) =>
            new(new ComponentSlot(ComponentKind.Visualizer, d, null, $"visualizers[{i}]", new("x.yaml", i + 1, 1, ".")), isolation, timeout);

        var entries = Stage().ResolveEntries(
            [Spec(isolated, 0, null, null), Spec(good, 1, null, 5), Spec(good, 2, ComponentIsolation.InProcess, null)], includeComparison: false);

        // isolated_failfast's manifest asks for a worker; test_good's says nothing and its plugin is not the host's own.
        Assert.Equal([ComponentIsolation.Process, ComponentIsolation.Process, ComponentIsolation.InProcess], entries.Select(e => e.Isolation));
        Assert.Equal([VisualizationSettings.Default.DefaultTimeout, TimeSpan.FromSeconds(5), VisualizationSettings.Default.DefaultTimeout], entries.Select(e => e.Timeout));
    }

    [Fact]
    public void Run_InProcess_LogsTheVisualizerAboutToRunAtInformationBeforeItRuns()
    {
        // If an in-process visualizer takes the process down, the last line of the console and train.log names it.
        var paths = SavedRun(Repository.NewTempDirectory());
        var loggers = new RecordingLoggers();
        var stage = new VisualizationStage(_catalog, loggers, new FigureSinkFactory(NullLogger.Instance, useCairo: false),
            VisualizationSettings.Default, WorkerCommand.ForAssembly(Path.Combine(Repository.HostOutput, "sae.dll")));

        stage.Run([Entry("test_throws")], VisualizationRequest.ForRun(paths), Environment, CancellationToken.None);

        var lines = loggers.Lines.ToList();
        var running = lines.FindIndex(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Information && l.Text.StartsWith("Running visualizer 'test_throws'", StringComparison.Ordinal));
        var failed = lines.FindIndex(l => l.Text.Contains("test_throws always throws", StringComparison.Ordinal));
        Assert.True(running >= 0, "no Information line names the visualizer before it runs:\n" + string.Join("\n", lines.Select(l => l.Text)));
        Assert.True(failed > running, "the failure is logged after the line naming the visualizer");
    }

    [Fact]
    public void IsHostPlugin_FolderInTheHostsPluginsFolder_TrueElsewhereFalse()
    {
        Assert.True(PluginRoots.IsHostPlugin(Path.Combine(AppContext.BaseDirectory, "plugins", "SaePlatform.Plugins.Standard")));
        Assert.False(PluginRoots.IsHostPlugin(Path.Combine(_pluginRoot, "TestVisualizers")));
        Assert.False(PluginRoots.IsHostPlugin(Path.Combine(AppContext.BaseDirectory, "plugins", "a", "b")));
    }

    [Fact]
    public void Run_WorkerExitsWithCodeZeroWithoutAResult_IsAFailureNamingTheVisualizer()
    {
        var paths = SavedRun(Repository.NewTempDirectory());

        var failures = Stage().Run([Entry("test_exits_quietly", ComponentIsolation.Process), Entry("test_figure", ComponentIsolation.Process)],
            VisualizationRequest.ForRun(paths), Environment, CancellationToken.None);

        var failure = Assert.Single(failures);
        Assert.Equal("test_exits_quietly", failure.VisualizerId);
        Assert.Equal(VisualizerFailureKind.Crash, failure.Kind);
        Assert.Contains("without reporting a result", failure.Reason);
        Assert.True(Directory.EnumerateFiles(paths.Plots, "m_b_figure.*").Any(), "the visualizer after it still writes its figure");
    }

    [Fact]
    public void ResolveEntries_NothingConfiguredAndNoDefaultRegistered_IsEmpty()
    {
        Assert.Empty(Stage().ResolveEntries(null, includeComparison: true));
    }

    private sealed class RecordingSinkFactory : IFigureSinkFactory, IFigureSink
    {
        public string? Directory;
        public IReadOnlyList<string>? Formats;
        public int Dpi;
        public List<string> Saved { get; } = [];

        public IFigureSink Create(string outputDirectory, IReadOnlyList<string> formats, int dpi)
        {
            (Directory, Formats, Dpi) = (outputDirectory, formats, dpi);
            return this;
        }

        public IReadOnlyList<string> Save(Figure figure, string fileStem)
        {
            Saved.Add(fileStem);
            return [];
        }
    }
}
