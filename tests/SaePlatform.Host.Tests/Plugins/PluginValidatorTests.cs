using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Host.Plugins;
using static SaePlatform.Host.Tests.Plugins.TestPluginFolders;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Plugins;

/// <summary><c>sae plugins validate</c>: a plugin author learns, without training, whether the host will load and configure the plugin.</summary>
public sealed class PluginValidatorTests
{
    private static PluginValidation Validate(string folder) =>
        PluginValidator.Validate(folder, [], new PluginLoader(NullLogger<PluginLoader>.Instance));

    private static IEnumerable<string> Messages(PluginValidation v, FindingLevel level) =>
        v.Findings.Where(f => f.Level == level).Select(f => f.Message);

    [Fact]
    public void Validate_GoodPlugin_PassesAndListsEachComponent()
    {
        var v = Validate(CopyTo("GoodPlugin", Path.Combine(Repository.NewTempDirectory(), "GoodPlugin")));

        Assert.True(v.Passed, string.Join("\n", v.Findings));
        Assert.Equal("good-plugin", v.PluginId);
        var passes = Messages(v, FindingLevel.Pass).ToList();
        Assert.Contains(passes, m => m.StartsWith("observer 'good_observer': 1 option keys bind", StringComparison.Ordinal));
        Assert.Contains(passes, m => m.StartsWith("penalty 'good_penalty': no options", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OptionOfUnsupportedType_FailsNamingKeyAndType()
    {
        var v = Validate(CopyTo("UnbindableOptions", Path.Combine(Repository.NewTempDirectory(), "UnbindableOptions")));

        Assert.False(v.Passed);
        var failure = Assert.Single(Messages(v, FindingLevel.Failure));
        Assert.Contains("option 'delay'", failure);
        Assert.Contains("TimeSpan", failure);
        Assert.Contains(Messages(v, FindingLevel.Warning), m => m.Contains("option 'every' has no [Description]"));
    }

    [Fact]
    public void Validate_ConstructorThrows_FailsWithTheLoadersReason()
    {
        var v = Validate(CopyTo("ThrowingConstructor", Path.Combine(Repository.NewTempDirectory(), "ThrowingConstructor")));

        Assert.False(v.Passed);
        Assert.Contains("threw in its constructor", Assert.Single(Messages(v, FindingLevel.Failure)));
    }

    [Fact]
    public void Validate_BuiltForNewerContracts_FailsNamingBothVersions()
    {
        var v = Validate(CopyTo("NewerApi", Path.Combine(Repository.NewTempDirectory(), "NewerApi")));

        var failure = Assert.Single(Messages(v, FindingLevel.Failure));
        Assert.Contains("contracts API v", failure);
        Assert.Contains("this host supports up to v", failure);
    }

    [Fact]
    public void Validate_ShipsContractsCopy_WarnsNamingTheAssembly()
    {
        var v = Validate(CopyTo("CarriesOwnContracts", Path.Combine(Repository.NewTempDirectory(), "CarriesOwnContracts")));

        Assert.True(v.Passed);
        Assert.Contains(Messages(v, FindingLevel.Warning), m => m.StartsWith("ships SaePlatform.Contracts.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FolderWithoutManifest_FailsNamingTheFolder()
    {
        var folder = Repository.NewTempDirectory();

        var v = Validate(folder);

        Assert.Contains($"{folder} has no plugin.json", Assert.Single(Messages(v, FindingLevel.Failure)));
    }

    [Fact]
    public void PluginsValidateCommand_ExitCodeFollowsTheVerdict()
    {
        var dir = Repository.NewTempDirectory();
        var good = SaeProcess.Run(dir, "plugins", "validate", CopyTo("GoodPlugin", Path.Combine(dir, "good")));
        var bad = SaeProcess.Run(dir, "plugins", "validate", CopyTo("NewerApi", Path.Combine(dir, "bad")), "--json");

        Assert.True(good.ExitCode == 0, good.All);
        Assert.Contains("Valid: the host will load 'good-plugin'", good.StdOut);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("\"valid\": false", bad.StdOut);
    }
}
