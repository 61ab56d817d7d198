using System.Reflection;

namespace SaePlatform.Host.Tests.Support;

/// <summary>Paths of the repository and of the built host, recorded at build time.</summary>
internal static class Repository
{
    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    /// <summary>Repository root (ends with a separator).</summary>
    public static string Root => Metadata("RepositoryRoot");

    /// <summary>Build configuration of the tests (and of the host they reference).</summary>
    public static string Configuration => Metadata("Configuration");

    /// <summary>Folder holding the built <c>sae.dll</c> and its <c>plugins/</c>.</summary>
    public static string HostOutput => Path.Combine(Root, "host", "SaePlatform.Host", "bin", Configuration, "net10.0");

    /// <summary>A new empty temporary folder.</summary>
    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sae-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
