using System.Diagnostics;

namespace SaePlatform.Plugins.Tests.Support;

/// <summary>
/// A Python that can import numpy and torch, for tests that compare with PyTorch autograd: Debian's
/// /usr/bin/python3 first (where python3-torch installs), then python3 on PATH. Null, with the reason, when none can.
/// </summary>
internal static class TorchReference
{
    private static readonly Lazy<(string? Python, string Reason)> Found = new(Find);

    /// <summary>The interpreter, or null.</summary>
    public static string? Python => Found.Value.Python;

    /// <summary>Why no interpreter was found (empty when one was).</summary>
    public static string Reason => Found.Value.Reason;

    /// <summary>The repository root (the folder holding SaePlatform.sln above the test's output folder).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "SaePlatform.sln"))) return dir.FullName;
            throw new InvalidOperationException($"No SaePlatform.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; throws with its output when it fails.</summary>
    public static void Run(string script, TimeSpan timeout, params string[] arguments)
    {
        var python = Python ?? throw new InvalidOperationException(Reason);
        var (code, output) = Execute(python, timeout, [script, .. arguments]);
        if (code != 0) throw new InvalidOperationException($"{python} {script} exited with {code}:\n{output}");
    }

    private static (string?, string) Find()
    {
        var tried = new List<string>();
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var (code, output) = Execute(candidate, TimeSpan.FromSeconds(60), ["-c", "import numpy, torch"]);
                if (code == 0) return (candidate, "");
                tried.Add($"{candidate}: {LastLine(output)}");
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
            {
                tried.Add($"{candidate}: {ex.Message}");
            }
        }
        return (null, "no python3 can import numpy and torch (" + string.Join("; ", tried) +
            "); apt-get install python3-numpy python3-torch (.ci/run does)");
    }

    private static (int Code, string Output) Execute(string program, TimeSpan timeout, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout.TotalSeconds:F0} s");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "failed" : lines[^1];
    }
}

/// <summary>A theory skipped, with the reason, when no Python can import numpy and torch.</summary>
public sealed class TorchTheoryAttribute : TheoryAttribute
{
    public TorchTheoryAttribute()
    {
        if (TorchReference.Python is null) Skip = TorchReference.Reason;
    }
}
