using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Host.Cli;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Tests.Plugins;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Training;

/// <summary>
/// Which exit code a component's exception gives (TrainingRunner): a <c>ComponentConfigurationException</c> is a
/// config error (2) at any time, a plain <see cref="ArgumentException"/> only while the run is prepared; from the
/// first step on it is a failure of the run (1), so a kernel bug is not reported as the user's config.
/// </summary>
public sealed class FailureExitCodeTests
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() => new PluginLoader(NullLogger<PluginLoader>.Instance)
        .Load(PluginRoots.Build(Repository.HostOutput, [TestPluginFolders.Built("FailingComponents")], null)));

    private readonly string _dir = Repository.NewTempDirectory();

    [Fact]
    public void Train_ArgumentExceptionAfterTheFirstStep_RunFailureExit1()
    {
        var (code, errors) = Train(penalty: "type: test_failing_penalty, throw: argument, at_call: 2");

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains(errors, e => e.Contains("test_failing_penalty call 2: a bug, not the configuration", StringComparison.Ordinal));
    }

    [Fact]
    public void Train_ComponentConfigurationExceptionAfterTheFirstStep_ConfigErrorExit2()
    {
        var (code, errors) = Train(penalty: "type: test_failing_penalty, throw: configuration, at_call: 2");

        Assert.Equal(ExitCodes.UsageOrConfigError, code);
        Assert.Contains(errors, e => e.Contains("test_failing_penalty call 2: rejected its configuration", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("argument", "a bug, not the configuration")]
    [InlineData("configuration", "rejected its configuration")]
    public void Train_ExceptionWhilePreparing_ConfigErrorExit2(string kind, string message)
    {
        var (code, errors) = Train(penalty: "type: test_failing_penalty", data: $"type: test_failing_source, throw: {kind}");

        Assert.Equal(ExitCodes.UsageOrConfigError, code);
        Assert.Contains(errors, e => e.Contains("test_failing_source.Open: " + message, StringComparison.Ordinal));
    }

    private (int Code, IReadOnlyList<string> Errors) Train(string penalty, string data = "type: synthetic, d_in: 16, n_features: 32, rows: 400")
    {
        var config = Path.Combine(_dir, "run.yaml");
        File.WriteAllText(config, $"""
            run: {"{"}model: m, layer: l, output_dir: {Path.Combine(_dir, "out")}{"}"}
            data: {"{"}{data}{"}"}
            architecture: {"{"}type: standard, d_sae: 32{"}"}
            penalty: {"{"}{penalty}{"}"}
            training: {"{"}steps: 4, batch_size: 16{"}"}
            visualizers: []
            """);
        var loggers = new RecordingLoggers();
        int code = TrainCommand.Execute(config, [], false, null, loggers, _ => Catalog.Value, new RunLogFileSink(), TextWriter.Null, false, CancellationToken.None);
        return (code, loggers.Errors);
    }
}
