using System.Diagnostics;

namespace SaePlatform.Host.Tests.Support;

/// <summary>
/// A detached tmux session of a given size on its own server socket: a real terminal for the host, read back
/// with <c>capture-pane</c>. Killed (server and all) on dispose.
/// </summary>
internal sealed class Tmux : IDisposable
{
    private readonly string _socket = "sae-test-" + Guid.NewGuid().ToString("N")[..8];

    private Tmux(int width, int height)
    {
        Width = width;
        Height = height;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The tmux executable on the PATH, or null.</summary>
    public static string? Executable { get; } = FindOnPath("tmux");

    /// <summary>Starts <paramref name="shellCommand"/> (run by <c>sh -c</c>) in a new session of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static Tmux Start(int width, int height, string workingDirectory, string shellCommand)
    {
        var tmux = new Tmux(width, height);
        var conf = Path.Combine(workingDirectory, "tmux.conf");
        File.WriteAllText(conf, "set -g history-limit 100000\nset -g status off\n");
        var r = tmux.Run("-f", conf, "new-session", "-d", "-x", width.ToString(), "-y", height.ToString(), "-c", workingDirectory, "-s", "t", shellCommand);
        if (r.ExitCode != 0) throw new InvalidOperationException("tmux new-session failed: " + r.All);
        return tmux;
    }

    /// <summary>The visible screen, lines as the terminal shows them.</summary>
    public string[] Screen() => Lines(Run("capture-pane", "-p", "-t", "t").StdOut);

    /// <summary>Scrollback plus screen; <paramref name="joinWrapped"/> rejoins lines the terminal wrapped (<c>-J</c>).</summary>
    public string[] History(bool joinWrapped = false) =>
        Lines(joinWrapped ? Run("capture-pane", "-p", "-J", "-S", "-", "-t", "t").StdOut : Run("capture-pane", "-p", "-S", "-", "-t", "t").StdOut);

    public void SendKeys(string keys) => Run("send-keys", "-t", "t", keys);

    /// <summary>Polls the history until <paramref name="condition"/> holds (every 200 ms, at most <paramref name="limit"/>).</summary>
    public string[] WaitFor(Func<string[], bool> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var lines = History();
            if (condition(lines)) return lines;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"waited {limit} for {what}; the pane shows:\n{string.Join('\n', lines.TakeLast(40))}");
            Thread.Sleep(200);
        }
    }

    public void Dispose() => Run("kill-server");

    private SaeProcess.Result Run(params string[] args)
    {
        var info = new ProcessStartInfo(Executable!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("TMUX");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new SaeProcess.Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string[] Lines(string text) => text.Replace("\r", "").Split('\n');

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>A theory that is skipped, saying why, when tmux is not installed.</summary>
public sealed class TmuxTheoryAttribute : TheoryAttribute
{
    public TmuxTheoryAttribute()
    {
        if (Tmux.Executable is null) Skip = "tmux is not on the PATH: apt-get install tmux (.ci/run does).";
    }
}
