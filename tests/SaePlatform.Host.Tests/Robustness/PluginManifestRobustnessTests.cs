using System.Text.Json.Nodes;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Tests.Support;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Robustness;

/// <summary>
/// Generated broken <c>plugin.json</c> files: truncated at every structural character, every field missing, null or
/// of each wrong JSON type, and values out of range. Each must be refused with a <see cref="PluginManifestException"/>
/// naming the file and the field (or line and position), never another exception; the loader turns that into a
/// failed plugin and keeps loading the others.
/// </summary>
public sealed class PluginManifestRobustnessTests(ITestOutputHelper output)
{
    private const string Valid = """
        {
          "id": "p",
          "version": "1.0.0",
          "contractsVersion": 1,
          "entryAssembly": "P.dll",
          "description": "d",
          "isolation": "process",
          "components": [ { "kind": "visualizer", "id": "v" } ]
        }
        """;

    private static IEnumerable<(string Class, string Name, string Text, string? Field)> Cases()
    {
        for (var i = 0; i < Valid.Length; i++)
            if (Valid[i] is '{' or '}' or '[' or ']' or ':' or ',' or '"')
                yield return ("plugin.json truncated", $"before char {i}", Valid[..i], null);
        foreach (var field in new[] { "id", "version", "contractsVersion", "entryAssembly", "description", "isolation", "components" })
        {
            var optional = field is "description" or "isolation";
            if (!optional) yield return ("plugin.json field missing", field, Edit(o => o.Remove(field)), field);
            foreach (var (label, value) in new (string, JsonNode?)[] { ("null", null), ("a number", 7), ("a list", new JsonArray(1)), ("an object", new JsonObject()), ("true", true) })
            {
                if (optional && label == "null") continue;
                if (field == "contractsVersion" && label == "a number") continue;
                yield return ("plugin.json field with a wrong type", $"{field}: {label}", Edit(o => o[field] = value?.DeepClone()), field);
            }
        }
        foreach (var (field, value) in new (string, JsonNode)[] { ("contractsVersion", 0), ("contractsVersion", -1), ("contractsVersion", 1e20), ("contractsVersion", 1.5),
                     ("entryAssembly", "../P.dll"), ("entryAssembly", "P.exe"), ("entryAssembly", ""), ("id", " "), ("isolation", "zz") })
            yield return ("plugin.json field out of range", $"{field}: {value.ToJsonString()}", Edit(o => o[field] = value.DeepClone()), field);
        foreach (var (name, component) in new (string, JsonNode)[] { ("kind unknown", new JsonObject { ["kind"] = "zz", ["id"] = "v" }),
                     ("id missing", new JsonObject { ["kind"] = "visualizer" }), ("not an object", "v"), ("kind a number", new JsonObject { ["kind"] = 1, ["id"] = "v" }) })
            yield return ("plugin.json field out of range", $"components[0] {name}", Edit(o => o["components"] = new JsonArray(component.DeepClone())), "components[0]");
        yield return ("plugin.json truncated", "empty file", "", null);
        yield return ("plugin.json truncated", "a list", "[1, 2]", null);
        yield return ("plugin.json truncated", "binary", "\u0001\u0002\u00ff", null);
    }

    private static string Edit(Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(Valid)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }

    [Fact]
    public void Read_EveryGeneratedBrokenManifest_RefusedNamingTheFileAndTheFieldOrPosition()
    {
        var path = Path.Combine(Repository.NewTempDirectory(), PluginManifest.FileName);
        var tally = new RobustnessTally("plugin-manifests");
        foreach (var (caseClass, name, text, field) in Cases())
        {
            File.WriteAllText(path, text);
            string? wrong;
            try
            {
                PluginManifestReader.Read(path);
                wrong = "accepted";
            }
            catch (PluginManifestException e)
            {
                var located = e.Message.Contains(path, StringComparison.Ordinal)
                              && (field is null
                                  ? e.Message.Contains("line", StringComparison.Ordinal) || e.Message.Contains("(root)", StringComparison.Ordinal)
                                    || e.Message.Contains("is missing", StringComparison.Ordinal)
                                  : e.Message.Contains(field, StringComparison.Ordinal));
                wrong = located ? null : "not located: " + e.Message;
            }
            catch (Exception e)
            {
                wrong = $"threw {e.GetType().Name}: {e.Message}";
            }
            tally.Add(caseClass, name, false, wrong);
        }

        Assert.True(tally.Total > 80, $"only {tally.Total} cases");
        tally.Report(output);
    }
}
