using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;
using SaePlatform.Host.Dashboard;
using SaePlatform.Host.Tests.Support;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>
/// The dashboard page in a real browser (Debian's chromium driven by Playwright for .NET): a run that grows while the
/// page is open gains points within 2 s, the log axis toggles, a second run overlays the first, a broken run shows its
/// error, and a screenshot is saved (its path is printed).
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task Page_FollowsAGrowingRun_TogglesLogAxis_OverlaysASecondRun()
    {
        string saeDir = Repository.NewTempDirectory();
        var live = new FakeRun(saeDir, "gpt2", "blocks.3");
        live.Append(0, 500, 10, densityEvery100: true);
        live.WriteConfig("run:\n  model: gpt2\n  layer: blocks.3\n");
        using (var self = Process.GetCurrentProcess())
            File.WriteAllText(live.File(".lock"),
                System.Text.Json.JsonSerializer.Serialize(new SaePlatform.Host.Runs.RunLock.Owner(Environment.ProcessId, Environment.MachineName, self.StartTime.ToUniversalTime(), DateTime.UtcNow)));
        var other = new FakeRun(saeDir, "gpt2", "blocks.6");
        other.Append(0, 3000, 10);
        var broken = new FakeRun(saeDir, "gpt2", "blocks.9");
        File.WriteAllText(broken.File("_run_health.json"), "{\"verdict\": ");

        await using var server = await DashboardServer.StartAsync(saeDir, IPAddress.Loopback, 0, new RecordingLoggers());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1100 } });
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);
        await page.GotoAsync(server.Url);

        // The running run is selected on its own and drawn.
        string livePath = $".chart[data-metric='losses/overall_loss'] path.raw[data-run='{live.Id}']";
        await page.WaitForSelectorAsync(livePath, new() { Timeout = 10_000 });
        int before = int.Parse(await page.GetAttributeAsync(livePath, "data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(50, before);
        Assert.Equal("running", await page.TextContentAsync($".run:has(input[data-run='{live.Id}']) .badge[data-state]"));

        // The run logs more steps: the chart has them within 2 s.
        var clock = Stopwatch.StartNew();
        live.Append(500, 1000, 10, densityEvery100: true);
        await page.WaitForFunctionAsync($"() => Number(document.querySelector(\"{livePath}\")?.getAttribute('data-points')) === 100",
            null, new() { Timeout = 10_000, PollingInterval = 20 });
        clock.Stop();
        output.WriteLine($"update shown {clock.ElapsedMilliseconds} ms after the lines were written");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the chart took {clock.ElapsedMilliseconds} ms to show new steps");

        // Log axis: the title says so and the line is redrawn on log10 values.
        string linear = await page.GetAttributeAsync(livePath, "d") ?? "";
        await page.CheckAsync("#log-axis");
        await page.WaitForFunctionAsync("() => document.querySelector(\".chart[data-metric='losses/overall_loss'] h4\").textContent.endsWith('(log)')");
        Assert.NotEqual(linear, await page.GetAttributeAsync(livePath, "d"));

        // A second run overlays the first in the same chart.
        await page.CheckAsync($"input[data-run='{other.Id}']");
        await page.WaitForSelectorAsync($".chart[data-metric='losses/overall_loss'] path.raw[data-run='{other.Id}']", new() { Timeout = 10_000 });
        Assert.Equal(2, await page.Locator(".chart[data-metric='losses/overall_loss'] path.smooth").CountAsync());
        Assert.Equal("300", await page.GetAttributeAsync($".chart[data-metric='losses/overall_loss'] path.raw[data-run='{other.Id}']", "data-points"));

        // The broken run is marked in the list; selected, its error names the file.
        Assert.Equal(1, await page.Locator($".run:has(input[data-run='{broken.Id}']) .badge.failed").CountAsync());
        await page.CheckAsync($"input[data-run='{broken.Id}']");
        await page.WaitForSelectorAsync($".run-details[data-run='{broken.Id}'] .run-error");
        Assert.Contains(broken.File("_run_health.json"), await page.TextContentAsync($".run-details[data-run='{broken.Id}'] .run-error"));
        await page.UncheckAsync($"input[data-run='{broken.Id}']");

        // The density histogram and hover values.
        await page.WaitForSelectorAsync($"[data-density='{live.Id}'] rect");
        // The charts are redrawn on every poll, so the SVG can be replaced between finding it and hovering: try again
        // until the tooltip names the run (the box is null while a chart is being swapped).
        string? tip = null;
        for (int attempt = 0; attempt < 50 && !(tip?.Contains(live.Id, StringComparison.Ordinal) ?? false); attempt++)
        {
            var box = await page.Locator(".chart[data-metric='losses/overall_loss'] svg").BoundingBoxAsync();
            if (box is not null)
            {
                await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
                tip = await page.TextContentAsync("#tooltip");
            }
            if (!(tip?.Contains(live.Id, StringComparison.Ordinal) ?? false)) await Task.Delay(100);
        }
        Assert.Contains(live.Id, tip ?? "");

        string screenshot = Path.Combine(saeDir, "dashboard.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        Assert.Empty(pageErrors);
    }
}

/// <summary>A fact skipped, saying why, when Debian's chromium or Playwright's driver is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Debian's chromium (apt-get install chromium); Playwright never downloads a browser here.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
            Skip = $"No {Chromium}: apt-get install chromium (.ci/run does).";
        else if (!Directory.Exists(Path.Combine(AppContext.BaseDirectory, ".playwright")))
            Skip = $"No Playwright driver in {AppContext.BaseDirectory}.playwright (the Microsoft.Playwright package copies it at build).";
    }
}
