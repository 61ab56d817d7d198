using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using SaePlatform.Host.Dashboard;
using SaePlatform.Host.Tests.Support;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>
/// The issue's scale check, run on demand (it writes about 2.5 GB): 50 runs of 100,000 logged steps each (15 scalar
/// metrics per step, the density histogram every 500 steps), opened in chromium; prints the page-load and update times.
/// Run it with <c>SAE_DASHBOARD_BENCH=/some/folder dotnet test --filter DashboardScaleBenchmark</c>.
/// </summary>
public sealed class DashboardScaleBenchmark(ITestOutputHelper output)
{
    private const int Runs = 50;
    private const int Steps = 100_000;

    private static readonly string[] Scalars =
    [
        "losses/mse_loss", "losses/l1_loss", "losses/overall_loss", "metrics/l0", "metrics/explained_variance", "metrics/explained_variance_std",
        "details/grad_norm", "details/current_learning_rate", "details/sparsity_coefficient", "details/n_training_samples",
        "sparsity/mean_passes_since_fired", "sparsity/dead_features", "metrics/mean_log10_feature_sparsity", "sparsity/below_1e-5", "sparsity/below_1e-6",
    ];

    private static readonly string[] Buckets = ["zero", "below_1e-6", "1e-6_to_1e-5", "1e-5_to_1e-4", "1e-4_to_1e-3", "1e-3_to_1e-2", "1e-2_to_1e-1", "1e-1_to_1"];

    [BenchFact]
    public async Task FiftyRunsOfHundredThousandSteps_PageLoadAndUpdateTimes()
    {
        string saeDir = Environment.GetEnvironmentVariable("SAE_DASHBOARD_BENCH")!;
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < Runs; r++) Generate(saeDir, r);
        output.WriteLine($"files ready in {clock.Elapsed.TotalSeconds:F1} s");

        await using var server = await DashboardServer.StartAsync(saeDir, IPAddress.Loopback, 0, new RecordingLoggers());
        using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromMinutes(5) };
        clock.Restart();
        await http.GetStringAsync("api/runs");
        output.WriteLine($"api/runs (50 runs): {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        string first = await http.GetStringAsync("api/history?run=sweep%2Fmodel_00%2Fblocks.0&width=392&smoothing=0.6");
        output.WriteLine($"api/history, one 100,000-step run, cold (parse the file): {clock.ElapsedMilliseconds} ms, {first.Length / 1024} KiB");
        clock.Restart();
        await http.GetStringAsync("api/history?run=sweep%2Fmodel_00%2Fblocks.0&width=392&smoothing=0.6");
        output.WriteLine($"api/history, same run, warm: {clock.ElapsedMilliseconds} ms");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1100 } });
        string loss = ".chart[data-metric='losses/overall_loss'] path.raw";

        // One run of the 50 selected: page load, then updates while it grows.
        string grown = RunId(7);
        string last = $"{loss}[data-run='{grown}']";
        await page.GotoAsync(server.Url);
        await page.EvaluateAsync($"() => localStorage.setItem('sae-dashboard-selected', '[\"{grown}\"]')");
        clock.Restart();
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(last, new() { Timeout = 300_000 });
        output.WriteLine($"page load, 1 of 50 runs selected: {clock.ElapsedMilliseconds} ms");
        output.WriteLine($"update (append to drawn), 1 run selected: {string.Join(", ", await Updates(page, saeDir, last, 0))} ms");

        // Page load, all 50 runs selected (a cold server: every history parsed on this load).
        await using var coldServer = await DashboardServer.StartAsync(saeDir, IPAddress.Loopback, 0, new RecordingLoggers());
        string ids = string.Join(",", Enumerable.Range(0, Runs).Select(r => $"\"{RunId(r)}\""));
        await page.GotoAsync(coldServer.Url);
        await page.EvaluateAsync($"() => localStorage.setItem('sae-dashboard-selected', '[{ids.Replace("\"", "\\\"", StringComparison.Ordinal)}]')");
        clock.Restart();
        await page.ReloadAsync();
        await page.WaitForFunctionAsync($"() => document.querySelectorAll(\"{loss}\").length === {Runs}", null, new() { Timeout = 300_000, PollingInterval = 50 });
        output.WriteLine($"page load, 50 runs selected, cold server: {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        await page.ReloadAsync();
        await page.WaitForFunctionAsync($"() => document.querySelectorAll(\"{loss}\").length === {Runs}", null, new() { Timeout = 300_000, PollingInterval = 50 });
        output.WriteLine($"page load, 50 runs selected, warm server: {clock.ElapsedMilliseconds} ms");

        // Update: one of the 50 runs logs 100 more steps; time until its line has them.
        var times = await Updates(page, saeDir, last, 5);
        double cycle = await page.EvaluateAsync<double>("() => window.saeDashboard.lastCycleMs");
        output.WriteLine($"update (append to drawn), 50 runs selected: {string.Join(", ", times)} ms; last poll cycle incl. render {cycle:F0} ms");
        string screenshot = Path.Combine(saeDir, "dashboard-50-runs.png");
        await page.ScreenshotAsync(new() { Path = screenshot });
        output.WriteLine($"screenshot: {screenshot}");
    }

    private static async Task<List<long>> Updates(IPage page, string saeDir, string line, int round)
    {
        var times = new List<long>();
        string file = Path.Combine(saeDir, "sweep", "model_07", "blocks.0_training_log.jsonl");
        for (int k = 0; k < 5; k++)
        {
            string before = await page.GetAttributeAsync(line, "d") ?? "";
            long from = File.ReadLines(file).Count();
            var clock = Stopwatch.StartNew();
            AppendSteps(file, from, 100, 7 + round);
            await page.WaitForFunctionAsync($"() => document.querySelector(\"{line}\").getAttribute('d') !== {System.Text.Json.JsonSerializer.Serialize(before)}",
                null, new() { Timeout = 60_000, PollingInterval = 20 });
            times.Add(clock.ElapsedMilliseconds);
        }
        return times;
    }

    private static string RunId(int r) => $"sweep/model_{r:D2}/blocks.0";

    private static void Generate(string saeDir, int r)
    {
        string folder = Path.Combine(saeDir, "sweep", $"model_{r:D2}");
        string path = Path.Combine(folder, "blocks.0_training_log.jsonl");
        Directory.CreateDirectory(folder);
        if (File.Exists(path) && new FileInfo(path).Length > 0) return;
        File.WriteAllText(Path.Combine(folder, "blocks.0_config.yaml"), $"run:\n  model: model_{r:D2}\n  layer: blocks.0\n");
        AppendSteps(path, 0, Steps, r);
    }

    private static void AppendSteps(string path, long from, int count, int seed)
    {
        var random = new Random(seed * 1_000_003 + (int)from);
        using var writer = new StreamWriter(path, append: true, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(1024);
        for (long s = from; s < from + count; s++)
        {
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{{\"step\": {s}, \"wall_time\": {1_700_000_000 + s * 0.01:F3}");
            double scale = 1 + seed * 0.02;
            for (int m = 0; m < Scalars.Length; m++)
                line.Append(CultureInfo.InvariantCulture, $", \"{Scalars[m]}\": {scale * (m + 1) / (1 + s / 1000.0) * (1 + 0.1 * random.NextDouble()):G9}");
            if (s % 500 == 0)
                for (int b = 0; b < Buckets.Length; b++) line.Append(CultureInfo.InvariantCulture, $", \"feature_density_hist/{Buckets[b]}\": {random.Next(0, 4096)}");
            line.Append("}\n");
            writer.Write(line);
        }
    }
}

/// <summary>Runs only when <c>SAE_DASHBOARD_BENCH</c> names a folder (and chromium is there): it writes 2.5 GB and takes minutes.</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SAE_DASHBOARD_BENCH")))
            Skip = "A measurement, not a check: set SAE_DASHBOARD_BENCH to a folder to run it (it writes 50 runs x 100,000 steps there).";
        else if (new ChromiumFactAttribute().Skip is { } reason)
            Skip = reason;
    }
}
