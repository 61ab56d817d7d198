using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using SaePlatform.Host.Training.Checkpoints;
using SaePlatform.Tensors.IO;
using static SaePlatform.Host.Tests.Support.InProcessRuns;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// What a run writes while it trains: the streamed history (<c>L_training_log.jsonl</c>) and the TensorBoard event files,
/// decoded by tests/SaePlatform.Host.Tests/Runs/decode_tfevents.py (pure Python written from the format spec, sharing
/// no code with the writer: its own CRC-32C, varint and field parsing).
/// </summary>
public sealed class LiveRunFilesTests
{
    private static JsonObject Decode(string eventFile)
    {
        var python = Python.With("json", "struct")!;
        var result = Python.Run(python, [Path.Combine(Repository.Root, "tests", "SaePlatform.Host.Tests", "Runs", "decode_tfevents.py"), eventFile]);
        Assert.True(result.ExitCode == 0, $"the decoder rejected {eventFile}: {result.All}");
        var decoded = JsonNode.Parse(result.StdOut)!.AsObject();
        Assert.False(decoded["truncated"]!.GetValue<bool>(), "a record is cut short");
        return decoded;
    }

    private static JsonArray Events(string eventFile) => Decode(eventFile)["events"]!.AsArray();

    private static string[] EventFiles(string model) =>
        Directory.GetFiles(Path.Combine(model, "tensorboard", "synthetic"), "events.out.tfevents.*").Order(StringComparer.Ordinal).ToArray();

    // What TensorBoard shows for a scalar tag after reading the files in name order, with its purge of orphaned data:
    // a SessionLog START at step S drops every earlier event at a step >= S (event_accumulator._CheckForRestartAndMaybePurge).
    private static List<(long Step, float Value)> ShownScalars(IEnumerable<string> files, string tag)
    {
        var shown = new List<(long Step, float Value)>();
        foreach (var file in files)
        foreach (var e in Events(file))
        {
            long step = e!["step"]!.GetValue<long>();
            if (e["session_log_status"]?.GetValue<int>() == 1) shown.RemoveAll(p => p.Step >= step);
            foreach (var v in e["values"]?.AsArray() ?? [])
                if (v!["tag"]!.GetValue<string>() == tag) shown.Add((step, v["simple_value"]!.GetValue<float>()));
        }
        return shown;
    }

    private static string[] WithoutWallTime(string jsonl) =>
        File.ReadAllText(jsonl).Split('\n')[..^1].Select(l =>
        {
            var o = JsonNode.Parse(l)!.AsObject();
            Assert.True(o.Remove("wall_time"), "a row without wall_time");
            return o.ToJsonString();
        }).ToArray();

    [PythonFact]
    public void Train_WritesEventFilesTensorBoardReads_AndAResumedRunShowsTheSameCurves()
    {
        var dir = Repository.NewTempDirectory();
        string straight = Path.Combine(dir, "straight"), resumed = Path.Combine(dir, "resumed");
        var (runner, plan) = Build(straight, []);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        var model = Path.Combine(straight, "quickstart");

        var files = EventFiles(model);
        Assert.Single(files);
        Assert.Matches(@"events\.out\.tfevents\.\d{10}\.[A-Za-z0-9_-]+$", Path.GetFileName(files[0]));
        var events = Events(files[0]);
        Assert.Equal("brain.Event:2", events[0]!["file_version"]!.GetValue<string>());
        Assert.Equal(1, events[1]!["session_log_status"]!.GetValue<int>());

        // The resolved config as text (plugin "text", a scalar string tensor), as written to L_config.yaml.
        var text = events.Select(e => e!["values"]?.AsArray().FirstOrDefault(v => v!["tag"]!.GetValue<string>() == "config")).Single(v => v is not null)!;
        Assert.Equal("text", text["plugin_name"]!.GetValue<string>());
        Assert.Equal(7, text["tensor"]!["dtype"]!.GetValue<int>());   // DT_STRING
        Assert.Equal(0, text["tensor"]!["shape_dims"]!.GetValue<int>());
        var yaml = File.ReadAllText(Path.Combine(model, "synthetic_config.yaml")).Split('\n');
        Assert.Equal(yaml.Select(l => "    " + l), text["tensor"]!["string_val"]![0]!.GetValue<string>().Split('\n'));

        // Every metric of every logged step, under its history name, as float32 of the history's value.
        var history = HistoryFiles.ReadJson(Path.Combine(model, "synthetic_training_history.json"));
        var scalars = events.Where(e => e!["values"]?.AsArray().Any(v => v!["simple_value"] is not null) == true).ToList();
        Assert.Equal(history.Steps, scalars.Select(e => e!["step"]!.GetValue<long>()));
        for (int i = 0; i < history.Steps.Count; i++)
        {
            var logged = history.MetricNames.Where(n => !double.IsNaN(history.Get(n)![i])).Order(StringComparer.Ordinal).ToList();
            var values = scalars[i]!["values"]!.AsArray().OrderBy(v => v!["tag"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
            Assert.Equal(logged, values.Select(v => v!["tag"]!.GetValue<string>()));
            Assert.Equal(logged.Select(n => (float)history.Get(n)![i]), values.Select(v => v!["simple_value"]!.GetValue<float>()));
        }
        Assert.Contains(MetricNames.OverallLoss, scalars[0]!["values"]!.AsArray().Select(v => v!["tag"]!.GetValue<string>()));

        // The log10 density histogram at each window end (20, 40, 60, 80 steps); the last one is the window the saved
        // sparsity.safetensors holds, bucketed here by hand: first bucket <= -10 (never fired), then width 0.25 up to 0.
        var histograms = events.Where(e => e!["values"]?.AsArray().Any(v => v!["histo"] is not null) == true).ToList();
        Assert.Equal([19L, 39, 59, 79], histograms.Select(e => e!["step"]!.GetValue<long>()));
        var histo = histograms[^1]!["values"]![0]!;
        Assert.Equal("plots/feature_density_line_chart", histo["tag"]!.GetValue<string>());
        var density = SafetensorsFile.Read(Path.Combine(model, "synthetic", "sparsity.safetensors"))["sparsity"].Span.ToArray();
        var limits = histo["histo"]!["bucket_limit"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        var counts = histo["histo"]!["bucket"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        Assert.Equal(42, limits.Length);
        Assert.Equal(-10, limits[0]);
        Assert.Equal(0, limits[40]);
        Assert.Equal(double.MaxValue, limits[41]);
        var expected = new double[42];
        foreach (double d in density) expected[d <= -10 ? 0 : Math.Min(41, (int)Math.Ceiling((d + 10) / 0.25))]++;
        Assert.Equal(expected, counts);
        Assert.Equal(512, histo["histo"]!["num"]!.GetValue<double>());
        Assert.Equal(density.Min(), histo["histo"]!["min"]!.GetValue<double>());
        Assert.Equal(density.Max(), histo["histo"]!["max"]!.GetValue<double>());

        // Interrupted after step 30 (checkpoint at 31), then resumed: a second event file starting with a SessionLog START at 31,
        // so TensorBoard shows exactly the straight run's curve; the streamed history equals it too (but for wall_time).
        using var cts = new CancellationTokenSource();
        var (interrupted, plan2) = Build(resumed, [], _ => [new CancelAfter(30, cts)]);
        Assert.Equal(ExitCodes.Interrupted, interrupted.Run(plan2, cts.Token));
        var resumedModel = Path.Combine(resumed, "quickstart");
        Assert.Equal(history.Steps.Where(s => s <= 30), StreamedHistory.Read(Path.Combine(resumedModel, "synthetic_training_log.jsonl")).Steps);
        var (again, plan3) = Build(resumed, []);
        Assert.Equal(ExitCodes.Success, again.Run(plan3, CancellationToken.None, new ResumeRequest(null)));
        var resumedFiles = EventFiles(resumedModel);
        Assert.Equal(2, resumedFiles.Length);
        var second = Events(resumedFiles[1]);
        Assert.Equal("brain.Event:2", second[0]!["file_version"]!.GetValue<string>());
        Assert.Equal(1, second[1]!["session_log_status"]!.GetValue<int>());
        Assert.Equal(31, second[1]!["step"]!.GetValue<long>());
        foreach (var tag in new[] { MetricNames.OverallLoss, MetricNames.L0, "validation/losses/overall_loss" })
            Assert.Equal(ShownScalars(files, tag), ShownScalars(resumedFiles, tag));
        Assert.Equal(WithoutWallTime(Path.Combine(model, "synthetic_training_log.jsonl")), WithoutWallTime(Path.Combine(resumedModel, "synthetic_training_log.jsonl")));
    }

    [Fact]
    public void Train_TensorboardOff_WritesNoEventFiles_ButStillStreamsTheHistory()
    {
        var dir = Repository.NewTempDirectory();
        var (runner, plan) = Build(dir, ["training.steps=20", "training.lr_warmup_steps=5", "run.tensorboard=false"]);
        Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(dir, "quickstart", "tensorboard")));
        Assert.Equal([0L, 10, 19], StreamedHistory.Read(Path.Combine(dir, "quickstart", "synthetic_training_log.jsonl")).Steps);
    }

    /// <summary>A real <c>sae train</c>: the JSONL grows while it runs, <c>sae plot</c> draws it, kill -9 keeps every step logged, <c>--resume</c> continues.</summary>
    [Fact]
    public async Task Train_StreamedHistoryIsReadableDuringTheRun_SurvivesKill9_AndResumeContinuesIt()
    {
        var dir = Repository.NewTempDirectory();
        string[] settings = ["--set", "training.log_every=1", "--set", "data.rows=20000", "--set", "training.batch_size=256", "--set", "training.lr_warmup_steps=0",
            "--set", "training.checkpoint_every=20", "--set", "run.output_dir=out", "--no-progress"];
        var info = SaeProcess.StartInfo(dir, new[] { "train", Quickstart, "--set", "training.steps=1000000" }.Concat(settings));
        var model = Path.Combine(dir, "out", "quickstart");
        string jsonl = Path.Combine(model, "synthetic_training_log.jsonl");

        using var process = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            // While it runs: the history grows, holds one row per step so far, and `sae plot` draws it.
            var waited = Stopwatch.StartNew();
            while (!(File.Exists(jsonl) && StreamedHistory.Read(jsonl).Steps.Count >= 30))
            {
                Assert.False(process.HasExited, "sae train ended early: " + log);
                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), "no 30 logged steps in 3 minutes: " + log);
                await Task.Delay(100);
            }
            var during = StreamedHistory.Read(jsonl);
            Assert.Equal(Enumerable.Range(0, during.Steps.Count).Select(i => (long)i), during.Steps);
            Assert.False(File.Exists(Path.Combine(model, "synthetic_training_history.json")), "the end-of-run history exists already");
            var plot = SaeProcess.Run(dir, "plot", "--sae-dir", "out");
            Assert.True(plot.ExitCode == 0, plot.All);
            Assert.True(File.Exists(Path.Combine(model, "training_plots", "quickstart_synthetic_training_history.png")), plot.All);
            long seen = StreamedHistory.Read(jsonl).Steps.Count;
            Assert.True(seen > during.Steps.Count, "the history did not grow during the run");
        }
        finally
        {
            process.Kill(entireProcessTree: true);   // SIGKILL: no handler runs
            await process.WaitForExitAsync();
        }

        // Every step logged before the kill is there, in order; at most the last line is partial.
        var text = File.ReadAllText(jsonl);
        var killed = StreamedHistory.Read(jsonl);
        Assert.Equal(Enumerable.Range(0, killed.Steps.Count).Select(i => (long)i), killed.Steps);
        Assert.True(text.Split('\n').Length - 1 == killed.Steps.Count, "a complete line was not read");
        var before = text[..(text.LastIndexOf('\n') + 1)].Split('\n')[..^1];

        var latest = CheckpointStore.Read(CheckpointStore.Latest(Path.Combine(model, "synthetic", "checkpoints"))!);
        long until = latest.Step + 5;
        var resumed = SaeProcess.Run(dir, ["train", Quickstart, "--resume", "--set", $"training.steps={until}", .. settings]);
        Assert.True(resumed.ExitCode == 0, resumed.All);
        var after = File.ReadAllText(jsonl).Split('\n')[..^1];
        Assert.Equal(Enumerable.Range(0, (int)until).Select(i => (long)i), StreamedHistory.Read(jsonl).Steps);
        Assert.Equal(before[..(int)latest.Step], after[..(int)latest.Step]);   // rows before the checkpoint kept as written
        Assert.Equal(HistoryFiles.ReadJson(Path.Combine(model, "synthetic_training_history.json")).Steps, StreamedHistory.Read(jsonl).Steps);
    }
}

/// <summary>A fact that is skipped, saying why, when no Python 3 is installed (the event-file decoder is pure Python).</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (Python.With("json", "struct") is null) Skip = "No Python 3 (tried /usr/bin/python3 and python3): apt-get install python3 (.ci/run does).";
    }
}
