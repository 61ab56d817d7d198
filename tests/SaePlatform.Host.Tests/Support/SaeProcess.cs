using System.Diagnostics;

namespace SaePlatform.Host.Tests.Support;

/// <summary>Runs the built <c>sae</c> host as a separate process, as a user would.</summary>
internal static class SaeProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
    }

    public static Result Run(string workingDirectory, params string[] args) => RunWith(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>
    /// How to start the built host with <paramref name="args"/> in <paramref name="workingDirectory"/>, both outputs
    /// redirected and no SAE_PLUGIN_PATH inherited: for a test that watches or signals the process while it runs.
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(Repository.HostOutput, "sae.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("SAE_PLUGIN_PATH");
        return info;
    }

    /// <summary>Runs with extra environment variables (say a GC heap limit).</summary>
    public static Result RunWith(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = StartInfo(workingDirectory, args);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sae {string.Join(' ', args)} did not finish in 5 minutes.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
