using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Visualization.Worker;

/// <summary>
/// Runs one visualizer call in a child process (<c>isolation: process</c>): writes the request, starts the
/// host's hidden worker command, forwards its log lines, and enforces the time limit by killing the child's
/// process tree. Whatever the child does (throw, hang, FailFast, overflow its stack, fault in native code),
/// this process only sees an exit code.
/// </summary>
internal sealed class VisualizerWorkerProcess(WorkerCommand command)
{
    // A stack overflow prints every frame; keep the start (which says what happened) and the end.
    private const int StderrKeep = 4096;

    public VisualizerCallOutcome Run(VisualizerWorkerRequest request, TimeSpan timeout, ILogger componentLog, CancellationToken cancellation)
    {
        var requestPath = Path.Combine(Path.GetTempPath(), $"sae-visualize-{Guid.NewGuid():N}.json");
        File.WriteAllText(requestPath, request.ToJson());
        try
        {
            return RunProcess(requestPath, timeout, componentLog, cancellation);
        }
        finally
        {
            TryDelete(requestPath);
        }
    }

    private VisualizerCallOutcome RunProcess(string requestPath, TimeSpan timeout, ILogger componentLog, CancellationToken cancellation)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Arguments) info.ArgumentList.Add(argument);
        info.ArgumentList.Add(WorkerCommand.Name);
        info.ArgumentList.Add(requestPath);
        // A crashing worker should not spend seconds writing a dump nobody asked for.
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";

        string? failureReason = null;
        var reportedDone = false;
        var stderrHead = new StringBuilder();
        var stderrTail = new Queue<string>();
        var tailChars = 0;
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (WorkerProtocol.IsDone(e.Data))
            {
                reportedDone = true;
                return;
            }
            var (level, text, isFailure) = WorkerProtocol.Parse(e.Data);
            if (isFailure) failureReason = text;
            else if (text.Length > 0) componentLog.WorkerLine(level, text);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lock (stderrTail)
            {
                if (stderrHead.Length < StderrKeep) stderrHead.AppendLine(e.Data);
                else
                {
                    stderrTail.Enqueue(e.Data);
                    tailChars += e.Data.Length;
                    while (tailChars > StderrKeep) tailChars -= stderrTail.Dequeue().Length;
                }
            }
        };

        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using (cancellation.Register(() => Kill(process)))
        {
            if (!process.WaitForExit(timeout))
            {
                Kill(process);
                process.WaitForExit();
                return VisualizerCallOutcome.Failed(VisualizerFailureKind.Timeout,
                    cancellation.IsCancellationRequested ? "cancelled; worker process killed" : $"did not finish within {timeout.TotalSeconds:0.#} s; worker process killed");
            }
            process.WaitForExit();   // drains the redirected streams
        }

        if (process.ExitCode == 0 && reportedDone) return VisualizerCallOutcome.Success;
        if (process.ExitCode == 0 && failureReason is null)
            return VisualizerCallOutcome.Failed(VisualizerFailureKind.Crash,
                "worker process exited with code 0 without reporting a result (the visualizer ended the process, e.g. Environment.Exit, before it finished)");
        if (cancellation.IsCancellationRequested) return VisualizerCallOutcome.Failed(VisualizerFailureKind.Timeout, "cancelled; worker process killed");
        if (failureReason is not null) return VisualizerCallOutcome.Failed(VisualizerFailureKind.Exception, failureReason);
        string stderr;
        lock (stderrTail) stderr = stderrHead.ToString();
        return VisualizerCallOutcome.Failed(VisualizerFailureKind.Crash, DescribeCrash(process.ExitCode, stderr));
    }

    /// <summary>"worker process crashed (exit code 134, SIGABRT): Stack overflow." from the exit code and the runtime's first stderr line.</summary>
    public static string DescribeCrash(int exitCode, string stderr)
    {
        // On Unix .NET reports a child killed by signal N as 128 + N.
        var signal = exitCode switch
        {
            134 => ", SIGABRT",
            139 => ", SIGSEGV",
            137 => ", SIGKILL",
            135 => ", SIGBUS",
            136 => ", SIGFPE",
            _ => "",
        };
        // The runtime's own lines come first ("Stack overflow.", "Process terminated. <FailFast message>"); frames follow.
        var first = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeWhile(l => !l.StartsWith("at ", StringComparison.Ordinal) && !l.StartsWith("Repeated ", StringComparison.Ordinal))
            .Take(2).ToList();
        var what = first.Count == 0 ? "" : ": " + string.Join(" ", first);
        if (what.Length > 300) what = what[..300] + "...";
        return $"worker process crashed (exit code {exitCode}{signal}){what}";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting as we kill it.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
