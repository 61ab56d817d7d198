using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Plugins;

/// <summary>The test plugins built by TestPlugins.targets, and ways to lay out plugin roots from them.</summary>
internal static class TestPluginFolders
{
    /// <summary>Folder holding one subfolder per built test plugin.</summary>
    public static string BuiltRoot => Path.Combine(AppContext.BaseDirectory, "test-plugins");

    /// <summary>The built folder of test plugin <paramref name="name"/> (its project name).</summary>
    public static string Built(string name) => Path.Combine(BuiltRoot, name);

    /// <summary>A new temp root holding copies of the named built plugins (same folder names).</summary>
    public static string RootWith(params string[] names)
    {
        var root = Repository.NewTempDirectory();
        foreach (var name in names) CopyTo(name, Path.Combine(root, name));
        return root;
    }

    /// <summary>Copies built plugin <paramref name="name"/> to <paramref name="destination"/>.</summary>
    public static string CopyTo(string name, string destination)
    {
        var source = Built(name);
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        return destination;
    }

    /// <summary>Rewrites fields of the plugin.json in <paramref name="folder"/>.</summary>
    public static void EditManifest(string folder, Action<JsonObject> edit)
    {
        var path = Path.Combine(folder, PluginManifest.FileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    /// <summary>Loads every plugin under <paramref name="roots"/> (given as plugins.paths).</summary>
    public static PluginCatalog Load(params string[] roots) =>
        new PluginLoader(NullLogger<PluginLoader>.Instance).Load(PluginRoots.Build(null, roots, null));

    /// <summary>The result for the plugin folder named <paramref name="folderName"/>.</summary>
    public static PluginLoadResult ResultFor(this PluginCatalog catalog, string folderName) =>
        catalog.Plugins.Single(p => Path.GetFileName(p.Folder) == folderName);
}
