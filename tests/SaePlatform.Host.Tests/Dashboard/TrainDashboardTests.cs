using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SaePlatform.Host.Dashboard;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary><c>sae train --dashboard</c> as a user runs it: the URL is printed, the page lists the run while it trains and once it is done.</summary>
public sealed partial class TrainDashboardTests
{
    [Fact]
    public async Task TrainWithDashboard_PrintsTheUrl_AndTheRunIsListedRunningThenCompleted()
    {
        var dir = Repository.NewTempDirectory();
        using var process = Process.Start(SaeProcess.StartInfo(dir, ["train", Path.Combine(Repository.Root, "configs", "quickstart.yaml"), "--dashboard",
            "--dashboard-port", "0", "--no-progress", "--set", "training.steps=1500", "--set", "data.rows=20000", "--set", "run.output_dir=out"]))!;
        var url = new TaskCompletionSource<string>();
        var log = new System.Text.StringBuilder();
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (DashboardLine().Match(e.Data) is { Success: true } m) url.TrySetResult(m.Groups[1].Value);
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var states = new List<string>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var printed = await url.Task.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.StartsWith("http://127.0.0.1:", printed, StringComparison.Ordinal);
            while (!process.HasExited)
            {
                try
                {
                    using var doc = JsonDocument.Parse(await http.GetStringAsync(printed + "api/runs"));
                    foreach (var run in doc.RootElement.GetProperty("runs").EnumerateArray())
                        if (run.GetProperty("id").GetString() == "quickstart/synthetic") states.Add(run.GetProperty("state").GetString()!);
                }
                catch (HttpRequestException)
                {
                    // The run ended and its dashboard with it.
                }
                await Task.Delay(200);
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {log}");
        Assert.Contains("running", states);
        // Finished: a dashboard over the same folder shows it completed, with its history and figures.
        await using var server = await DashboardServer.StartAsync(Path.Combine(dir, "out"), IPAddress.Loopback, 0, new RecordingLoggers());
        using var after = JsonDocument.Parse(await http.GetStringAsync(server.Url + "api/runs"));
        var listed = Assert.Single(after.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal("quickstart/synthetic", listed.GetProperty("id").GetString());
        Assert.Equal("completed", listed.GetProperty("state").GetString());
        using var history = JsonDocument.Parse(await http.GetStringAsync(server.Url + "api/history?run=quickstart/synthetic"));
        Assert.Equal(1500, history.RootElement.GetProperty("last_step").GetInt64() + 1);
        using var details = JsonDocument.Parse(await http.GetStringAsync(server.Url + "api/run?run=quickstart/synthetic"));
        Assert.NotEqual(0, details.RootElement.GetProperty("figures").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, details.RootElement.GetProperty("evaluation").ValueKind);
    }

    [GeneratedRegex(@"^Dashboard: (http://\S+/)")]
    private static partial Regex DashboardLine();
}
