using SaePlatform.Host.Logging;

namespace SaePlatform.Host.Tests.Logging;

public sealed class TerminalScreenTests
{
    private const string Clear = "\r\u001b[K";

    [Fact]
    public void WriteLog_WithStatusOnTerminal_ClearsStatusPrintsLogThenRedrawsStatus()
    {
        var output = new StringWriter();
        var screen = new TerminalScreen(output, isTerminal: true, () => 80);
        screen.SetStatus("[==>   ] step 1/10");
        screen.WriteLog("12:00:00 INF hello\n");
        Assert.Equal(Clear + "[==>   ] step 1/10" + Clear + "12:00:00 INF hello\n[==>   ] step 1/10", output.ToString());
    }

    [Fact]
    public void SetStatus_Null_ErasesTheLiveLine()
    {
        var output = new StringWriter();
        var screen = new TerminalScreen(output, isTerminal: true, () => 80);
        screen.SetStatus("status");
        screen.SetStatus(null);
        screen.WriteLog("after");
        Assert.Equal(Clear + "status" + Clear + "after\n", output.ToString());
    }

    [Fact]
    public void WriteLog_NotATerminal_PlainLinesNoStatusNoEscapes()
    {
        var output = new StringWriter();
        var screen = new TerminalScreen(output, isTerminal: false, () => 80);
        screen.SetStatus("status");
        screen.WriteLog("12:00:00 INF " + new string('x', 200), ConsoleColor.Yellow);
        Assert.Equal("12:00:00 INF " + new string('x', 200) + "\n", output.ToString());
    }

    [Fact]
    public void WriteLog_LongLineOnTerminal_WrappedAtSpacesWithIndentWithinWidth()
    {
        var output = new StringWriter();
        var screen = new TerminalScreen(output, isTerminal: true, () => 60);
        screen.WriteLog("12:00:00 INF step 801/20000  loss 1.611  L0 59.6  explained variance 0.896  63,350 samples/s");
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.True(lines.Length > 1);
        Assert.All(lines, l => Assert.True(l.Length < 60, $"'{l}'"));
        Assert.All(lines.Skip(1), l => Assert.StartsWith(new string(' ', 13), l)); // past "12:00:00 INF "
        Assert.Equal("12:00:00INFstep801/20000loss1.611L059.6explainedvariance0.89663,350samples/s", string.Concat(lines).Replace(" ", ""));
    }

    [Fact]
    public void SetStatus_WiderThanTerminal_CutToFit()
    {
        var output = new StringWriter();
        var screen = new TerminalScreen(output, isTerminal: true, () => 30);
        screen.SetStatus(new string('=', 100));
        Assert.Equal(Clear + new string('=', 27), output.ToString()); // room left for an echoed ^C
    }
}
