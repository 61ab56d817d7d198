using SaePlatform.Host.Configuration;
using SaePlatform.Host.Plan;

namespace SaePlatform.Host.Tests.Support.ConfigFixtures;

/// <summary>A temporary folder of config files, and shortcuts to compose, build and collect errors.</summary>
internal sealed class ConfigFolder
{
    /// <summary>A minimal valid config body (synthetic data, topk).</summary>
    public const string Minimal = """
        run:
          model: gpt2
          layer: 8
        data:
          type: synthetic
        architecture:
          type: topk
        """;

    public string Root { get; } = Repository.NewTempDirectory();

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> and returns the absolute path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public static RunPlan Build(string path, params string[] sets) =>
        new RunPlanBuilder(FakeRegistry.Create()).Build(ConfigComposer.Compose(path, sets));

    /// <summary>The errors building <paramref name="path"/> reports, formatted; fails when it builds.</summary>
    public static IReadOnlyList<string> Errors(string path, params string[] sets)
    {
        var ex = Assert.Throws<ConfigException>(() => Build(path, sets));
        Assert.Equal(ExitCodes.UsageOrConfigError, ConfigException.ExitCode);
        return ex.Errors.Select(e => e.ToString()).ToList();
    }

    /// <summary>The only error, asserting there is exactly one.</summary>
    public static string SingleError(string path, params string[] sets) => Assert.Single(Errors(path, sets));
}
