using System.Runtime.InteropServices;

namespace SaePlatform.Host.Cli.Sweep;

/// <summary>
/// SIGTERM to a child process: what <c>sae train</c> treats like Ctrl+C (finish the step, save the checkpoint, exit 130).
/// <see cref="System.Diagnostics.Process.Kill()"/> sends SIGKILL, which saves nothing.
/// </summary>
internal static partial class ChildSignal
{
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Asks process <paramref name="pid"/> to stop cleanly; false when it could not be signalled (gone already, or not POSIX).</summary>
    public static bool Terminate(int pid) => !OperatingSystem.IsWindows() && Kill(pid, SigTerm) == 0;
}
