using Microsoft.Extensions.Logging;
using SaePlatform.Host.Plugins;
using static SaePlatform.Host.Tests.Plugins.TestPluginFolders;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Plugins;

public sealed class PluginLoadingLogTests
{
    [Fact]
    public void Load_WithoutVerbose_OneSummaryLineAndFailuresInFull()
    {
        var log = new RecordingLogger<PluginLoader>();

        new PluginLoader(log).Load(PluginRoots.Build(null, [RootWith("GoodPlugin", "NewerApi")], null));

        var shown = log.Shown.ToList();
        Assert.Contains("1 plugins, 3 components", shown);
        var failure = Assert.Single(shown, m => m.Contains("newer-api", StringComparison.Ordinal) || m.Contains("NewerApi", StringComparison.Ordinal));
        Assert.Contains("v999", failure);
        Assert.Equal(2, shown.Count);
    }

    [Fact]
    public void Load_Verbose_EachPluginWithItsFolderAtDebug()
    {
        var log = new RecordingLogger<PluginLoader>();

        new PluginLoader(log).Load(PluginRoots.Build(null, [RootWith("GoodPlugin")], null));

        var detail = Assert.Single(log.Entries, e => e.Message.StartsWith("Loaded plugin good-plugin", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, detail.Level);
        Assert.Contains("GoodPlugin", detail.Message);
    }

    [Fact]
    public void Plugins_BuiltInSet_FirstScreenHasOneLineAboutLoading()
    {
        var result = SaeProcess.Run(Repository.NewTempDirectory(), "plugins");

        Assert.Equal(0, result.ExitCode);
        var stderr = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(stderr);
        Assert.Matches(@"INF \d+ plugins, \d+ components$", line.TrimEnd('\r'));
        Assert.DoesNotContain("Loaded plugin", result.All);
    }
}
