using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Architecture;

/// <summary>The repository's C# sources (build outputs left out), for the source-scan tests of this folder.</summary>
internal static class SourceFiles
{
    /// <summary>Every <c>.cs</c> file under <paramref name="folders"/> (relative to the repository root), with its lines.</summary>
    public static IEnumerable<(string Path, string[] Lines)> Under(params string[] folders)
    {
        foreach (var folder in folders)
        {
            var root = Path.Combine(Repository.Root, folder);
            if (!Directory.Exists(root)) continue;
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(Repository.Root, file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)) continue;
                yield return (relative, File.ReadAllLines(file));
            }
        }
    }

    /// <summary>The folders that hold the project's own code and tests.</summary>
    public static readonly string[] All = ["backends", "contracts", "host", "plugins", "samples", "templates", "tests"];
}
