using SaePlatform.Contracts.Components;
using SaePlatform.Host.Plugins;
using Microsoft.Extensions.Logging.Abstractions;
using static SaePlatform.Host.Tests.Plugins.TestPluginFolders;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Plugins;

public sealed class PluginDiscoveryTests
{
    [Fact]
    public void Build_HostConfigAndEnvironment_SearchedInThatOrderWithoutDuplicates()
    {
        var host = Repository.NewTempDirectory();
        var configured = Repository.NewTempDirectory();
        var fromEnv = Repository.NewTempDirectory();
        var environment = string.Join(Path.PathSeparator, fromEnv, "", configured);

        var roots = PluginRoots.Build(host, [configured], environment);

        Assert.Equal(
            [(Path.Combine(host, "plugins"), PluginRoot.HostSource), (configured, PluginRoot.ConfigSource), (fromEnv, PluginRoot.EnvironmentSource)],
            roots.Select(r => (r.Path, r.Source)));
    }

    [Fact]
    public void ForHost_SaePluginPathSet_LoadsPluginsFromIt()
    {
        var root = RootWith("GoodPlugin");
        var previous = Environment.GetEnvironmentVariable(PluginRoots.EnvironmentVariable);
        Environment.SetEnvironmentVariable(PluginRoots.EnvironmentVariable, Repository.NewTempDirectory() + Path.PathSeparator + root);
        try
        {
            var catalog = new PluginLoader(NullLogger<PluginLoader>.Instance).Load(PluginRoots.ForHost());

            Assert.Equal(PluginLoadStatus.Loaded, catalog.ResultFor("GoodPlugin").Status);
            Assert.NotNull(catalog.Registry.Find(ComponentKind.Observer, "good_observer"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PluginRoots.EnvironmentVariable, previous);
        }
    }

    [Fact]
    public void Load_RootThatIsItselfAPluginFolder_LoadsIt()
    {
        var folder = CopyTo("GoodPlugin", Path.Combine(Repository.NewTempDirectory(), "direct"));

        var catalog = Load(folder);

        Assert.Equal(PluginLoadStatus.Loaded, Assert.Single(catalog.Plugins).Status);
    }

    [Fact]
    public void Load_ExtraRoots_LoadsPluginsFromEach()
    {
        var catalog = Load(RootWith("GoodPlugin"), RootWith("DependencyV1"));

        Assert.Equal(["good-plugin", "dependency-v1"], catalog.Plugins.Select(p => p.PluginId));
        Assert.All(catalog.Plugins, p => Assert.Equal(PluginLoadStatus.Loaded, p.Status));
    }

    [Fact]
    public void Load_ConfiguredRootMissing_ReportedAsFailedNamingItsSource()
    {
        var missing = Path.Combine(Repository.NewTempDirectory(), "nope");

        var result = Assert.Single(Load(missing).Plugins);

        Assert.Equal(PluginLoadStatus.Failed, result.Status);
        Assert.Contains(missing, result.Message);
        Assert.Contains("does not exist (listed in plugins.paths)", result.Message);
    }

    [Fact]
    public void Load_HostPluginsFolderMissing_IsNotAnError()
    {
        var roots = PluginRoots.Build(Repository.NewTempDirectory(), [], null);

        var catalog = new PluginLoader(NullLogger<PluginLoader>.Instance).Load(roots);

        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public void Load_SubfolderWithoutPluginJson_IsIgnored()
    {
        var root = RootWith("GoodPlugin");
        Directory.CreateDirectory(Path.Combine(root, "notes"));

        Assert.Single(Load(root).Plugins);
    }
}
