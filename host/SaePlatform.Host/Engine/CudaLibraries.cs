namespace SaePlatform.Host.Engine;

/// <summary>
/// Where the CUDA libraries a GPU backend loads at run time would come from (nothing CUDA is needed at build time): the
/// driver (<c>libcuda.so.1</c>, installed with the NVIDIA driver) and cuBLASLt (<c>libcublasLt.so.13</c>, <c>.12</c> or
/// <c>.11</c>: CUDA 11.8 to 13). Searched in order: <c>SAE_CUDA_LIB_DIR</c> (a path list), the loader path
/// (<c>LD_LIBRARY_PATH</c>), <c>CUDA_HOME</c> and <c>CUDA_PATH</c>, the system's library folders, then the pip
/// <c>nvidia-*</c> wheels that PyTorch users already have (<c>site-packages/nvidia/*/lib</c> of the virtual environment,
/// the user's and the system's Pythons).
/// </summary>
internal static class CudaLibraries
{
    /// <summary>The driver library's file name.</summary>
    public const string Driver = "libcuda.so.1";

    /// <summary>cuBLASLt file names, newest CUDA first.</summary>
    public static IReadOnlyList<string> CublasLt { get; } = ["libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so.11"];

    private static readonly string[] SystemFolders =
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/cuda/lib64", "/usr/lib/wsl/lib"];

    /// <summary>What a search found.</summary>
    /// <param name="DriverPath">The driver library, or null.</param>
    /// <param name="CublasLtPath">The cuBLASLt of the first folder that has one (its newest), or null.</param>
    /// <param name="Searched">The folders searched, in order.</param>
    public sealed record Probe(string? DriverPath, string? CublasLtPath, IReadOnlyList<string> Searched)
    {
        /// <summary>True when both libraries were found.</summary>
        public bool Complete => DriverPath is not null && CublasLtPath is not null;

        /// <summary>One line: what was found, or what is missing and where it was looked for.</summary>
        public string Describe()
        {
            if (Complete) return $"found {DriverPath} and {CublasLtPath}";
            var missing = new List<string>();
            if (DriverPath is null) missing.Add($"{Driver} (the NVIDIA driver)");
            if (CublasLtPath is null) missing.Add($"{string.Join(" / ", CublasLt)} (CUDA 11.8-13, or pip install nvidia-cublas-cu12)");
            return $"missing {string.Join(" and ", missing)}; searched SAE_CUDA_LIB_DIR, LD_LIBRARY_PATH, CUDA_HOME, the system folders and pip nvidia wheels ({Searched.Count} folders)";
        }
    }

    /// <summary>Searches the folders named by <paramref name="environment"/> (variable name to value; the process's when null).</summary>
    public static Probe Search(IReadOnlyDictionary<string, string>? environment = null)
    {
        string? Variable(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
        var folders = new List<string>();
        void AddList(string? paths)
        {
            if (string.IsNullOrWhiteSpace(paths)) return;
            foreach (var p in paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) folders.Add(p);
        }
        AddList(Variable("SAE_CUDA_LIB_DIR"));
        AddList(Variable("LD_LIBRARY_PATH"));
        foreach (var home in new[] { Variable("CUDA_HOME"), Variable("CUDA_PATH") })
            if (!string.IsNullOrWhiteSpace(home)) folders.AddRange([Path.Combine(home, "lib64"), Path.Combine(home, "lib")]);
        if (environment is null) folders.AddRange(SystemFolders);
        foreach (var sitePackages in SitePackages(Variable("VIRTUAL_ENV"), Variable("HOME"), includeSystem: environment is null))
        {
            var nvidia = Path.Combine(sitePackages, "nvidia");
            if (!Directory.Exists(nvidia)) continue;
            foreach (var package in Directory.EnumerateDirectories(nvidia).Order(StringComparer.Ordinal)) folders.Add(Path.Combine(package, "lib"));
        }
        var searched = folders.Distinct(StringComparer.Ordinal).ToList();
        // The first folder that has a library wins (the newest cuBLASLt within it), so SAE_CUDA_LIB_DIR overrides the rest.
        string? Find(IReadOnlyList<string> names) =>
            searched.SelectMany(f => names.Select(n => Path.Combine(f, n))).FirstOrDefault(File.Exists);
        return new Probe(Find([Driver]), Find(CublasLt), searched);
    }

    // site-packages and dist-packages folders of the virtual environment, the user's Pythons and (optionally) the system's.
    private static IEnumerable<string> SitePackages(string? virtualEnv, string? home, bool includeSystem)
    {
        var roots = new List<string>();
        if (!string.IsNullOrWhiteSpace(virtualEnv)) roots.Add(Path.Combine(virtualEnv, "lib"));
        if (!string.IsNullOrWhiteSpace(home)) roots.Add(Path.Combine(home, ".local", "lib"));
        if (includeSystem) roots.AddRange(["/usr/local/lib", "/usr/lib"]);
        foreach (var root in roots.Where(Directory.Exists))
            foreach (var python in Directory.EnumerateDirectories(root, "python3*").Order(StringComparer.Ordinal))
                foreach (var leaf in new[] { "site-packages", "dist-packages" })
                    if (Directory.Exists(Path.Combine(python, leaf))) yield return Path.Combine(python, leaf);
    }
}
