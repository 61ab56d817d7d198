using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SaePlatform.Host.Tests.Support;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>
/// The whole path a user takes: a real <c>sae train --dashboard</c> process streams its history, and the page it
/// prints, open in Debian's chromium, gains points on the loss chart while the run is still training.
/// </summary>
public sealed partial class LiveRunBrowserTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task RealTrainingRun_PageGainsPointsWhileItTrains()
    {
        var dir = Repository.NewTempDirectory();
        // Long enough to be watched for several seconds on a loaded 2-core machine; stopped once the page has moved.
        using var process = Process.Start(SaeProcess.StartInfo(dir, ["train", Path.Combine(Repository.Root, "configs", "quickstart.yaml"), "--dashboard",
            "--dashboard-port", "0", "--no-progress", "--set", "training.steps=20000", "--set", "data.rows=20000", "--set", "run.output_dir=out"]))!;
        var url = new TaskCompletionSource<string>();
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null && DashboardLine().Match(e.Data) is { Success: true } m) url.TrySetResult(m.Groups[1].Value);
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            string printed = await url.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Chromium, Headless = true });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1100 } });
            await page.GotoAsync(printed);

            string loss = ".chart[data-metric='losses/overall_loss'] path.raw[data-run='quickstart/synthetic']";
            await page.WaitForSelectorAsync(loss, new() { Timeout = 60_000 });
            int first = Points(await page.GetAttributeAsync(loss, "data-points"));
            await page.WaitForFunctionAsync($"() => Number(document.querySelector(\"{loss}\")?.getAttribute('data-points')) > {first}",
                null, new() { Timeout = 30_000, PollingInterval = 100 });
            int later = Points(await page.GetAttributeAsync(loss, "data-points"));
            Assert.False(process.HasExited, "the run ended before the page could be seen moving");
            Assert.Equal("running", await page.TextContentAsync(".run:has(input[data-run='quickstart/synthetic']) .badge[data-state]"));
            output.WriteLine($"loss chart points while training: {first} -> {later}");

            string screenshot = Path.Combine(dir, "dashboard-live-run.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"screenshot: {screenshot}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int Points(string? attribute) => int.Parse(attribute ?? "0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Dashboard: (http://\S+/)")]
    private static partial Regex DashboardLine();
}
