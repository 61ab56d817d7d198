namespace SaePlatform.Host.Visualization.Worker;

/// <summary>How to start this host again as a worker: the executable and the arguments before the command name.</summary>
/// <param name="FileName">The apphost (<c>sae</c>) or the <c>dotnet</c> muxer.</param>
/// <param name="Arguments">Leading arguments: <c>[path/sae.dll]</c> under the muxer, else none.</param>
internal sealed record WorkerCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The hidden command name.</summary>
    public const string Name = "visualize-worker";

    /// <summary>
    /// The host that is running now: its apphost when started through it, else <c>dotnet sae.dll</c> (also when
    /// the host assembly is loaded by another process, such as a test runner).
    /// </summary>
    public static WorkerCommand ForCurrentHost()
    {
        var hostAssembly = typeof(WorkerCommand).Assembly.Location;
        var process = Environment.ProcessPath;
        var apphost = Path.Combine(Path.GetDirectoryName(hostAssembly)!, OperatingSystem.IsWindows() ? "sae.exe" : "sae");
        if (process is not null && string.Equals(Path.GetFullPath(process), apphost, StringComparison.Ordinal))
            return new WorkerCommand(process, []);
        var muxer = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return new WorkerCommand(muxer, [hostAssembly]);
    }

    /// <summary>Runs <c>dotnet &lt;hostDll&gt;</c> (tests start the built host this way).</summary>
    public static WorkerCommand ForAssembly(string hostDll) =>
        new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [hostDll]);
}
