using System.Diagnostics;

namespace SaePlatform.Host.Tests.Support;

/// <summary>
/// A Python 3 that can import given modules: Debian's <c>/usr/bin/python3</c> first (where <c>.ci/run</c>
/// installs python3-numpy), then <c>python3</c> on the PATH.
/// </summary>
internal static class Python
{
    private static readonly Dictionary<string, string?> Found = [];

    /// <summary>The interpreter path, or null when none imports every one of <paramref name="modules"/>.</summary>
    public static string? With(params string[] modules)
    {
        var key = string.Join(",", modules);
        lock (Found)
        {
            if (Found.TryGetValue(key, out var cached)) return cached;
            string? result = null;
            foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
            {
                if (Path.IsPathRooted(candidate) && !File.Exists(candidate)) continue;
                try
                {
                    if (Run(candidate, ["-c", "import " + key]).ExitCode == 0) { result = candidate; break; }
                }
                catch (System.ComponentModel.Win32Exception) { /* not installed */ }
            }
            Found[key] = result;
            return result;
        }
    }

    /// <summary>Runs <paramref name="python"/> with <paramref name="args"/> (5-minute limit).</summary>
    public static SaeProcess.Result Run(string python, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{python} {string.Join(' ', args)} did not finish in 5 minutes.");
        }
        return new SaeProcess.Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A theory that is skipped, saying why, when no Python with numpy is installed.</summary>
public sealed class NumpyTheoryAttribute : TheoryAttribute
{
    public NumpyTheoryAttribute()
    {
        if (Python.With("numpy") is null)
            Skip = "No Python 3 with numpy (tried /usr/bin/python3 and python3): apt-get install python3-numpy (.ci/run does).";
    }
}

/// <summary>A fact that is skipped, saying why, when no Python with numpy is installed.</summary>
public sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute()
    {
        if (Python.With("numpy") is null)
            Skip = "No Python 3 with numpy (tried /usr/bin/python3 and python3): apt-get install python3-numpy (.ci/run does).";
    }
}
