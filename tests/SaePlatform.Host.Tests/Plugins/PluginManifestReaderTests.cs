using SaePlatform.Contracts.Components;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Plugins;

public sealed class PluginManifestReaderTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(Repository.NewTempDirectory(), PluginManifest.FileName);
        File.WriteAllText(path, json);
        return path;
    }

    private static PluginManifestException ReadFails(string json, out string path)
    {
        path = Write(json);
        var file = path;
        return Assert.Throws<PluginManifestException>(() => PluginManifestReader.Read(file));
    }

    [Fact]
    public void Read_CompleteManifest_ReturnsEveryField()
    {
        var path = Write("""
            {
              "id": "demo", "version": "0.3.0", "contractsVersion": 1, "entryAssembly": "Demo.dll",
              "description": "demo plugin", "isolation": "process",
              // comments and trailing commas are tolerated
              "components": [ { "kind": "architecture", "id": "topk" }, { "kind": "data_source", "id": "npy" },
                              { "kind": "DataSource", "id": "csv" }, { "kind": "visualizer", "id": "loss" }, ],
            }
            """);

        var manifest = PluginManifestReader.Read(path);

        Assert.Equal(("demo", "0.3.0", 1, "Demo.dll", "demo plugin", (ComponentIsolation?)ComponentIsolation.Process),
            (manifest.Id, manifest.Version, manifest.ContractsVersion, manifest.EntryAssembly, manifest.Description, manifest.Isolation));
        Assert.Equal(
            [new(ComponentKind.Architecture, "topk"), new(ComponentKind.DataSource, "npy"), new(ComponentKind.DataSource, "csv"), new(ComponentKind.Visualizer, "loss")],
            manifest.Components);
    }

    [Fact]
    public void Read_NoIsolation_LeavesTheChoiceToTheHost()
    {
        var path = Write("""{ "id": "a", "version": "1", "contractsVersion": 1, "entryAssembly": "A.dll", "components": [] }""");

        Assert.Equal((ComponentIsolation?)null, PluginManifestReader.Read(path).Isolation);
    }

    [Fact]
    public void Read_MissingFile_NamesThePath()
    {
        var path = Path.Combine(Repository.NewTempDirectory(), PluginManifest.FileName);

        var error = Assert.Throws<PluginManifestException>(() => PluginManifestReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void Read_InvalidJson_GivesLineAndPosition()
    {
        var error = ReadFails("{\n  \"id\": \"a\",\n  \"version\" \"1\"\n}", out var path);

        Assert.Contains(path, error.Message);
        Assert.Contains("invalid JSON at line 3, position", error.Message);
    }

    [Theory]
    [InlineData("""{ "version": "1", "contractsVersion": 1, "entryAssembly": "A.dll", "components": [] }""", "field 'id' is missing")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 1, "components": [] }""", "field 'entryAssembly' is missing")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 1, "entryAssembly": "A.dll" }""", "field 'components' is missing")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": "1", "entryAssembly": "A.dll", "components": [] }""", "field 'contractsVersion' must be an integer, found a string")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 1.5, "entryAssembly": "A.dll", "components": [] }""", "field 'contractsVersion' must be an integer")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 0, "entryAssembly": "A.dll", "components": [] }""", "field 'contractsVersion' must be 1 or more")]
    [InlineData("""{ "id": 7, "version": "1", "contractsVersion": 1, "entryAssembly": "A.dll", "components": [] }""", "field 'id' must be a string, found a number")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 1, "entryAssembly": "bin/A.dll", "components": [] }""", "field 'entryAssembly' must be the file name of a .dll")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 1, "entryAssembly": "A.dll", "components": {} }""", "field 'components' must be a list")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 1, "entryAssembly": "A.dll", "components": [ { "kind": "observer" } ] }""", "field 'components[0].id' is missing")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 1, "entryAssembly": "A.dll", "components": [ { "kind": "optimizer", "id": "x" } ] }""",
        "field 'components[0].kind' \"optimizer\" is not a component kind; use one of architecture, penalty, data_source, visualizer, observer")]
    [InlineData("""{ "id": "a", "version": "1", "contractsVersion": 1, "entryAssembly": "A.dll", "components": [], "isolation": "thread" }""", "field 'isolation' \"thread\" is not an isolation mode")]
    [InlineData("""[ 1, 2 ]""", "must be a JSON object")]
    public void Read_BadField_NamesFieldAndFile(string json, string expected)
    {
        var error = ReadFails(json, out var path);

        Assert.Contains(expected, error.Message);
        Assert.StartsWith(path, error.Message);
    }
}
