using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Host.Cli;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>A dashboard that cannot start (its port taken) is a warning: the run beside it trains and saves as without it.</summary>
public sealed class DashboardIsolationTests
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() => new PluginLoader(NullLogger<PluginLoader>.Instance)
        .Load(PluginRoots.Build(Repository.HostOutput, [], null)));

    [Fact]
    public void Train_DashboardPortTaken_RunCompletesWithAWarning()
    {
        var dir = Repository.NewTempDirectory();
        var config = Path.Combine(dir, "run.yaml");
        File.WriteAllText(config, $"""
            run: {"{"}model: m, layer: l, output_dir: {Path.Combine(dir, "out")}{"}"}
            data: {"{"}type: synthetic, d_in: 16, n_features: 32, rows: 400{"}"}
            architecture: {"{"}type: standard, d_sae: 32{"}"}
            penalty: {"{"}type: l1{"}"}
            training: {"{"}steps: 4, batch_size: 16{"}"}
            visualizers: []
            """);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var loggers = new RecordingLoggers();
        var output = new StringWriter();

        int code = TrainCommand.Execute(config, [], false, null, loggers, _ => Catalog.Value, new RunLogFileSink(), output, false, CancellationToken.None,
            new DashboardRequest("127.0.0.1", port));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(loggers.Warnings, w => w.Contains("the run goes on without it", StringComparison.Ordinal));
        Assert.DoesNotContain("Dashboard: http", output.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "out", "m", "l_run_health.json")));
    }
}
