using SaePlatform.Contracts.Components;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Tree;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Tests.Plugins;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Tests.Support.ConfigFixtures;

namespace SaePlatform.Host.Tests.Configuration;

/// <summary>
/// Configs a hostile new user writes: each is refused at validation with the file, line and key, before any plugin
/// code or data is touched (issue 16's findings 1, 2, 3 and the YAML positions of finding 6).
/// </summary>
public sealed class BadConfigInputTests
{
    private readonly ConfigFolder _folder = new();

    [Fact]
    public void Build_OutputDirNamesAnExistingFile_LocatedErrorAtOutputDir()
    {
        var file = _folder.Write("not_a_folder", "x");
        var path = _folder.Write("c.yaml", ConfigFolder.Minimal.Replace("layer: 8", $"layer: 8\n  output_dir: {file}", StringComparison.Ordinal));

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{SourceLocation.DisplayPath(path)}:4:15 run.output_dir: '{file}' is an existing file", error);
    }

    [Fact]
    public void Build_ModelFolderWouldBeAFile_NamesTheFileInTheWay()
    {
        var root = Path.Combine(_folder.Root, "out");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "gpt2"), "in the way");
        var path = _folder.Write("c.yaml", ConfigFolder.Minimal.Replace("layer: 8", $"layer: 8\n  output_dir: {root}", StringComparison.Ordinal));

        var error = ConfigFolder.SingleError(path);

        Assert.Contains($"'{Path.Combine(root, "gpt2")}' is an existing file", error);
    }

    [Fact]
    public void Build_ComponentOfAPluginThatFailedToLoad_NamesThePluginAndWhyInsteadOfATypo()
    {
        // throwing_observer's plugin declares it in plugin.json, but its constructor throws when the loader probes it.
        var catalog = TestPluginFolders.Load(TestPluginFolders.RootWith("ThrowingConstructor", "GoodPlugin"));
        Assert.Null(catalog.Registry.Find(ComponentKind.Observer, "throwing_observer"));
        var path = _folder.Write("c.yaml", """
            run: {model: m, layer: l}
            data: {type: good_source}
            architecture: {type: good_source}
            observers:
              - type: throwing_observer
            """);

        var errors = Assert.Throws<ConfigException>(() => new RunPlanBuilder(catalog).Build(ConfigComposer.Compose(path))).Errors.Select(e => e.ToString()).ToList();

        var error = Assert.Single(errors, e => e.Contains("observers[0].type", StringComparison.Ordinal));
        Assert.Contains(":5:11 observers[0].type: observer 'throwing_observer' is not available: it is provided by plugin 'throwing-constructor'", error);
        Assert.Contains("ThrowingObserver refuses to be created", error);
        Assert.DoesNotContain("available:", error.Replace("is not available:", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_AliasBomb_RefusedAtTheAliasWithoutExpandingIt()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 30; i++) lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        var path = _folder.Write("bomb.yaml", string.Join("\n", lines) + "\n" + ConfigFolder.Minimal);

        var error = ConfigFolder.SingleError(path);

        // a0 holds 11 nodes, a1 111, a2 1,111, a3 11,111; the tenth *a3 in a4 passes 100,000 (a4 starts on line 5).
        Assert.StartsWith($"{SourceLocation.DisplayPath(path)}:5:", error);
        Assert.Contains("alias *a3 (11,111 nodes) takes the document past 100,000 nodes", error);
    }

    [Fact]
    public void Compose_NestingDeeperThanTheLimit_RefusedAtTheLevelThatBreaksIt()
    {
        var path = _folder.Write("deep.yaml", "run: " + new string('[', 10_000) + new string(']', 10_000) + "\n");

        var error = ConfigFolder.SingleError(path);

        // The document's map is the first level, so the 64th '[' (column 5 + 64) is the 65th level.
        Assert.Equal($"{SourceLocation.DisplayPath(path)}:1:{5 + YamlLimits.MaxDepth} config too large to read: nesting deeper than 64 levels of maps and lists (a config needs a handful)", error);
    }

    [Fact]
    public void Compose_FileLargerThanTheLimit_RefusedWithItsSize()
    {
        var path = _folder.Write("big.yaml", ConfigFolder.Minimal + "\n# " + new string('x', (int)YamlLimits.MaxFileBytes) + "\n");

        var error = ConfigFolder.SingleError(path);

        Assert.Contains("the config file has 1,048,", error);
        Assert.Contains("the limit is 1,048,576", error);
    }

    [Fact]
    public void Compose_TabInAnIndentation_ReportedOnThatLine()
    {
        var path = _folder.Write("tab.yaml", "run:\n  model: m\n\tlayer: l\ndata:\n  type: synthetic\n");

        var error = ConfigFolder.SingleError(path);

        Assert.Equal($"{SourceLocation.DisplayPath(path)}:3:1 YAML syntax error: a tab in the indentation; YAML indents with spaces only", error);
    }

    [Fact]
    public void Compose_BracketLeftOpen_ReportedWhereItOpens()
    {
        var path = _folder.Write("open.yaml", "run:\n  model: m\n  layers: [a, b\ndata:\n  type: synthetic\n");

        var error = ConfigFolder.SingleError(path);

        Assert.StartsWith($"{SourceLocation.DisplayPath(path)}:3:11 YAML syntax error: '[' opened here is not closed", error);
    }
}
