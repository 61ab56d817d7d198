using System.Text.Json;
using SaePlatform.Contracts;
using SaePlatform.Host.Plugins;
using static SaePlatform.Host.Tests.Plugins.TestPluginFolders;

namespace SaePlatform.Host.Tests.Plugins;

public sealed class PluginReportTests
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() => Load(RootWith("GoodPlugin", "NewerApi")));

    [Fact]
    public void WriteTable_LoadedAndFailedPlugins_ShowsComponentsByKindAndTheReason()
    {
        var text = new StringWriter();

        PluginReport.WriteTable(text, Catalog.Value.Plugins);

        var lines = text.ToString().Split(Environment.NewLine);
        Assert.StartsWith("ID", lines[0]);
        Assert.Contains("FOLDER", lines[0]);
        var good = Assert.Single(lines, l => l.StartsWith("good-plugin"));
        Assert.Contains("1.2.3", good);
        Assert.Contains("loaded", good);
        Assert.Contains("penalty: good_penalty; data_source: good_source; observer: good_observer", good);
        var newer = Array.FindIndex(lines, l => l.StartsWith("newer-api"));
        Assert.Contains("failed", lines[newer]);
        Assert.StartsWith("  reason: was built for contracts API v999", lines[newer + 1]);
    }

    [Fact]
    public void WriteTable_NoPlugins_SaysSo()
    {
        var text = new StringWriter();

        PluginReport.WriteTable(text, []);

        Assert.Equal("No plugins found.", text.ToString().Trim());
    }

    [Fact]
    public void WriteJson_LoadedAndFailedPlugins_IsParseableWithComponentsByKind()
    {
        var text = new StringWriter();

        PluginReport.WriteJson(text, Catalog.Value.Plugins);

        using var document = JsonDocument.Parse(text.ToString());
        var root = document.RootElement;
        Assert.Equal(ContractsApi.Version, root.GetProperty("contractsApiVersion").GetInt32());
        var plugins = root.GetProperty("plugins").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        var good = plugins["good-plugin"];
        Assert.Equal("loaded", good.GetProperty("status").GetString());
        // Its manifest does not choose and it is not one of the host's own plugins: its visualizers would run in a worker.
        Assert.Equal("process", good.GetProperty("isolation").GetString());
        Assert.EndsWith("GoodPlugin", good.GetProperty("folder").GetString());
        var observer = Assert.Single(good.GetProperty("components").GetProperty("observer").EnumerateArray());
        Assert.Equal("good_observer", observer.GetProperty("id").GetString());
        Assert.Equal("Does nothing, well.", observer.GetProperty("description").GetString());
        var newer = plugins["newer-api"];
        Assert.Equal("failed", newer.GetProperty("status").GetString());
        Assert.Contains("v999", newer.GetProperty("reason").GetString());
        Assert.Empty(newer.GetProperty("components").EnumerateObject());
    }
}
