using System.Reflection;
using SaePlatform.Contracts;
using SaePlatform.Tensors;

namespace SaePlatform.Contracts.Tests.PublicApi;

/// <summary>
/// The contracts' public API is tracked in contracts/PublicApi/*.txt so that any change to what plugins
/// compile against shows up in review. A change that removes or alters a line breaks existing plugins and
/// must bump <see cref="ContractsApi.Version"/> (recorded on the first line of each file).
/// To accept a deliberate change: <c>SAE_UPDATE_PUBLIC_API=1 dotnet test tests/SaePlatform.Contracts.Tests -c Release --filter PublicApi</c>.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Assemblies => new() { "SaePlatform.Contracts", "SaePlatform.Tensors" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicApi_MatchesTheTrackedListing(string assemblyName)
    {
        var assembly = assemblyName == "SaePlatform.Contracts" ? typeof(ContractsApi).Assembly : typeof(Tensor).Assembly;
        var path = Path.Combine(RepositoryRoot, "contracts", "PublicApi", assemblyName + ".txt");
        var header = $"# contracts API version {ContractsApi.Version}";
        var current = PublicApiListing.Of(assembly).Prepend(header).ToList();

        if (Environment.GetEnvironmentVariable("SAE_UPDATE_PUBLIC_API") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllLines(path, current);
        }

        Assert.True(File.Exists(path), $"{path} is missing; create it with SAE_UPDATE_PUBLIC_API=1 (see {nameof(PublicApiTests)}).");
        var tracked = File.ReadAllLines(path);
        var removed = tracked.Skip(1).Except(current).ToList();
        var added = current.Skip(1).Except(tracked).ToList();
        Assert.True(removed.Count == 0 || tracked[0] != header,
            $"{assemblyName}: these public API lines were removed or changed, which breaks compiled plugins; bump ContractsApi.Version " +
            $"(now {ContractsApi.Version}) and then update the listing:\n  " + string.Join("\n  ", removed));
        Assert.True(removed.Count == 0 && added.Count == 0 && tracked[0] == header,
            $"{assemblyName}: the public API differs from {path}. If deliberate, update the listing (SAE_UPDATE_PUBLIC_API=1).\n" +
            "Removed:\n  " + string.Join("\n  ", removed) + "\nAdded:\n  " + string.Join("\n  ", added));
    }

    [Fact]
    public void PublicApiListing_DescribesMembersAsPluginAuthorsWriteThem()
    {
        var lines = PublicApiListing.Of(typeof(ContractsApi).Assembly);

        Assert.Contains("static class SaePlatform.Contracts.ContractsApi", lines);
        Assert.Contains(lines, l => l.StartsWith("  const System.Int32 Version = ", StringComparison.Ordinal));
        Assert.Contains("  abstract SaePlatform.Contracts.Architectures.SaeForwardResult Forward(SaePlatform.Tensors.Tensor input, SaePlatform.Contracts.Architectures.TrainingStep step)", lines);
        Assert.Contains("  System.Collections.Generic.IReadOnlyList<SaePlatform.Tensors.Tensor> Parameters { get; }", lines);
    }

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SaePlatform.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("SaePlatform.sln not found above the test output folder.");
        }
    }
}
