using System.Net;
using System.Text.Json;
using SaePlatform.Host.Dashboard;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>The dashboard's HTTP API against a real Kestrel server on a free port, over run folders written here.</summary>
public sealed class DashboardServerTests : IAsyncLifetime, IDisposable
{
    private readonly string _saeDir = Repository.NewTempDirectory();
    private readonly RecordingLoggers _loggers = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private DashboardServer? _server;

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync(_saeDir, IPAddress.Loopback, 0, _loggers);
        _http.BaseAddress = new Uri(_server.Url);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _loggers.Dispose();
    }

    private async Task<JsonElement> Get(string path)
    {
        var response = await _http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Runs_ListsEveryRunBelowTheFolder_SweepsIncluded_WithStateAndLastStep()
    {
        new FakeRun(_saeDir, "gpt2", "blocks.0").Append(0, 100, 10);
        new FakeRun(_saeDir, "gpt2", "blocks.1").Append(0, 50, 10);
        new FakeRun(_saeDir, Path.Combine("sweep", "lr_1e-3", "gpt2"), "blocks.0").Append(0, 30, 10);

        var runs = (await Get("api/runs")).GetProperty("runs").EnumerateArray().ToList();

        Assert.Equal(["gpt2/blocks.0", "gpt2/blocks.1", "sweep/lr_1e-3/gpt2/blocks.0"], runs.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal([90L, 40L, 20L], runs.Select(r => r.GetProperty("last_step").GetInt64()));
        Assert.All(runs, r => Assert.Equal("unknown", r.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task History_OfALongRun_IsThinnedToTheWidth_KeepsTheLastValue_AndSmoothsOnRequest()
    {
        var run = new FakeRun(_saeDir, "m", "L");
        run.Append(0, 20_000);

        var history = await Get($"api/history?run={Uri.EscapeDataString(run.Id)}&width=200&smoothing=0.9");
        var loss = history.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "losses/overall_loss");
        var x = loss.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var y = loss.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToList();

        Assert.Equal(20_000, history.GetProperty("steps_logged").GetInt64());
        Assert.InRange(x.Count, 200, 400);
        Assert.Equal(0, x[0]);
        Assert.Equal(19_999, x[^1]);
        Assert.Equal((float)FakeRun.Loss(19_999), (float)loss.GetProperty("last_y").GetDouble());
        for (int i = 0; i < x.Count; i++) Assert.Equal((float)FakeRun.Loss((long)x[i]), (float)y[i]);
        Assert.True(loss.TryGetProperty("sy", out var smoothed));
        Assert.Equal((float)FakeRun.Loss(0), (float)smoothed[0].GetDouble());   // debiased: the first smoothed value is the first value
        // grad_norm was logged as null at every step: a metric with no points, not a crash.
        var grad = history.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "details/grad_norm");
        Assert.Equal(0, grad.GetProperty("x").GetArrayLength());
    }

    [Fact]
    public async Task History_WallTimeAxis_UsesTheLoggedWallTimes()
    {
        var run = new FakeRun(_saeDir, "m", "L");
        run.Append(0, 10);

        var history = await Get($"api/history?run={Uri.EscapeDataString(run.Id)}&x=wall");
        var x = history.GetProperty("metrics")[0].GetProperty("x");

        Assert.Equal("wall", history.GetProperty("x_axis").GetString());
        Assert.Equal(1_700_000_000 + 9 * 0.05, x[9].GetDouble(), 6);
    }

    [Fact]
    public async Task History_DensityColumns_BecomeTheHistogramOverTraining_WithTheDeadFeatureCount()
    {
        var run = new FakeRun(_saeDir, "m", "L");
        run.Append(0, 1000, 10, densityEvery100: true);

        var history = await Get($"api/history?run={Uri.EscapeDataString(run.Id)}");
        var density = history.GetProperty("density");

        Assert.Equal(["zero", "1e-2_to_1e-1"], density.GetProperty("buckets").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 100L), density.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()));
        Assert.Equal([3.0, 497.0], density.GetProperty("counts")[3].EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal(9, history.GetProperty("dead_features").GetDouble());
        Assert.DoesNotContain(history.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("name").GetString()!.StartsWith("feature_density_hist/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedFiles_GiveThatRunAVisibleError_AndTheServerGoesOn()
    {
        var good = new FakeRun(_saeDir, "m", "good");
        good.Append(0, 10);
        var bad = new FakeRun(_saeDir, "m", "bad");
        File.WriteAllBytes(bad.File("_training_log.jsonl"), [0xFF, 0xFE, 0x00, (byte)'\n', .. "{\"step\": 3, \"a\": 1}\n{\"step\":"u8.ToArray()]);
        File.WriteAllText(bad.File("_run_health.json"), "{ half");
        File.WriteAllText(bad.File("_evaluation.json"), "[]");

        var runs = (await Get("api/runs")).GetProperty("runs").EnumerateArray().ToList();
        var history = await Get($"api/history?run={Uri.EscapeDataString(bad.Id)}");
        var details = await Get($"api/run?run={Uri.EscapeDataString(bad.Id)}");
        var stillGood = await Get($"api/history?run={Uri.EscapeDataString(good.Id)}");

        Assert.Contains(bad.File("_run_health.json"), runs.Single(r => r.GetProperty("id").GetString() == bad.Id).GetProperty("error").GetString());
        Assert.Contains("line 1", history.GetProperty("errors")[0].GetString());
        Assert.Equal(1, history.GetProperty("steps_logged").GetInt32());
        Assert.Contains(bad.File("_evaluation.json"), details.GetProperty("evaluation_error").GetString());
        Assert.Equal(10, stillGood.GetProperty("steps_logged").GetInt32());
    }

    [Fact]
    public async Task Details_GiveConfigEvaluationAndFigures_AndFiguresAreServedOnlyFromInsideTheFolder()
    {
        var run = new FakeRun(_saeDir, "m", "L");
        run.Append(0, 10);
        run.WriteConfig("run:\n  model: m\n");
        File.WriteAllText(run.File("_evaluation.json"), "{\"split\": \"test\", \"step\": 9, \"explained_variance\": 0.75, \"l0\": null, \"arrays\": {}}");
        Directory.CreateDirectory(Path.Combine(run.ModelDirectory, "training_plots"));
        File.WriteAllText(Path.Combine(run.ModelDirectory, "training_plots", "L_loss.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        File.WriteAllText(Path.Combine(_saeDir, "secret.txt"), "no");

        var details = await Get($"api/run?run={Uri.EscapeDataString(run.Id)}");
        var figure = await _http.GetAsync("api/figure?path=" + Uri.EscapeDataString("m/training_plots/L_loss.svg"));
        var outside = await _http.GetAsync("api/figure?path=" + Uri.EscapeDataString("../../../etc/hostname"));
        var notAFigure = await _http.GetAsync("api/figure?path=secret.txt");

        Assert.Equal("run:\n  model: m\n", details.GetProperty("config").GetString());
        Assert.Equal(0.75, details.GetProperty("evaluation").GetProperty("explained_variance").GetDouble());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("evaluation").GetProperty("l0").ValueKind);
        Assert.Equal(["m/training_plots/L_loss.svg"], details.GetProperty("figures").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(HttpStatusCode.OK, figure.StatusCode);
        Assert.Equal("image/svg+xml", figure.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAFigure.StatusCode);
    }

    [Fact]
    public async Task Csv_HoldsEveryLoggedStep()
    {
        var run = new FakeRun(_saeDir, "m", "L");
        run.Append(0, 5);

        var lines = (await _http.GetStringAsync($"api/csv?run={Uri.EscapeDataString(run.Id)}")).TrimEnd('\n').Split('\n');

        Assert.Equal("step,wall_time,losses/overall_loss,metrics/l0,details/grad_norm", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("4,1700000000.2,", lines[5]);
        Assert.EndsWith(",24,", lines[5]);
    }

    [Fact]
    public async Task Page_LoadsOnlyFromThisServer()
    {
        string page = await _http.GetStringAsync("");
        string script = await _http.GetStringAsync("dashboard.js");
        string style = await _http.GetStringAsync("dashboard.css");

        Assert.Contains("<script src=\"dashboard.js\">", page);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
        Assert.DoesNotContain("import ", script);
        Assert.Contains("api/history", script);
        Assert.DoesNotContain("@import", style);
    }

    [Fact]
    public async Task UnknownRun_Is404WithAMessage()
    {
        var response = await _http.GetAsync("api/history?run=nope/none");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope/none", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExposedHost_LogsAWarning()
    {
        await using var exposed = await DashboardServer.StartAsync(_saeDir, IPAddress.Any, 0, _loggers);

        Assert.Contains(_loggers.Warnings, w => w.Contains("not only this machine", StringComparison.Ordinal));
        Assert.DoesNotContain("0.0.0.0", exposed.Url, StringComparison.Ordinal);
    }
}
