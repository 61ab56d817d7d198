namespace SaePlatform.Host.Cli.Sweep;

/// <summary>
/// What <c>sae sweep</c> shows while it runs: event lines (a point started or ended) scrolling above a block of
/// progress lines, one per running point, redrawn in place on a terminal; elsewhere the progress lines are printed
/// every <see cref="PlainInterval"/>.
/// </summary>
internal sealed class SweepConsole(TextWriter output, bool terminal, int width)
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private int _drawn;
    private DateTime _lastPlain = DateTime.MinValue;
    private IReadOnlyList<string> _lines = [];

    /// <summary>The console of this process: redraws in place when stdout is a terminal.</summary>
    public static SweepConsole ForConsole() =>
        new(Console.Out, !Console.IsOutputRedirected, Console.IsOutputRedirected ? 160 : Math.Max(40, SafeWidth()));

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth - 1;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    /// <summary>A line that stays (above the progress block on a terminal).</summary>
    public void Event(string text)
    {
        lock (_gate)
        {
            Clear();
            output.WriteLine($"{DateTime.Now:HH:mm:ss} {text}");
            Draw(_lines);
        }
    }

    /// <summary>The progress lines of the running points (empty: none).</summary>
    public void Progress(IReadOnlyList<string> lines)
    {
        lock (_gate)
        {
            _lines = lines;
            if (terminal)
            {
                Clear();
                Draw(lines);
            }
            else if (lines.Count > 0 && DateTime.UtcNow - _lastPlain >= PlainInterval)
            {
                _lastPlain = DateTime.UtcNow;
                foreach (var line in lines) output.WriteLine($"{DateTime.Now:HH:mm:ss}   {Fit(line)}");
            }
            output.Flush();
        }
    }

    private void Clear()
    {
        if (!terminal || _drawn == 0) return;
        output.Write($"\u001b[{_drawn}F\u001b[J");
        _drawn = 0;
    }

    private void Draw(IReadOnlyList<string> lines)
    {
        if (!terminal) return;
        foreach (var line in lines) output.WriteLine("  " + Fit(line));
        _drawn = lines.Count;
    }

    private string Fit(string line) => line.Length <= width - 2 ? line : line[..(width - 3)] + "…";
}
