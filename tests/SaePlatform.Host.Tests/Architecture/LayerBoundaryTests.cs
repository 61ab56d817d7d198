using System.Text.RegularExpressions;

namespace SaePlatform.Host.Tests.Architecture;

/// <summary>
/// What a layer must not reach, checked on the sources (a banned-API analyzer bans a type per project; these rules
/// are per folder, or tell a write from a read). The contracts and the built-in plugins also have Console banned at
/// compile time (eng/BannedSymbols.txt).
/// </summary>
public sealed partial class LayerBoundaryTests
{
    /// <summary>The host folders that own the terminal: the commands and the terminal display.</summary>
    private static readonly string[] TerminalOwners = ["host/SaePlatform.Host/Cli/", "host/SaePlatform.Host/Logging/"];

    /// <summary>
    /// Code outside the tensor engine (contracts/SaePlatform.Tensors) that writes tensor storage through
    /// <c>Tensor.Span</c>/<c>Tensor.Array</c>, with why. Everything else goes through Ops, so autograd sees it.
    /// A new entry needs a reason of the same kind: the write happens outside any graph. Setup and between-step code
    /// that works on host values uses <c>Tensor.EditOnHost</c>/<c>CopyFrom</c> instead, which also works on a device.
    /// </summary>
    private static readonly Dictionary<string, string> TensorWriteExceptions = new()
    {
        ["host/SaePlatform.Host/Training/Remedies/Resampler.cs"] = "copies the drawn input rows into a constant tensor for the architecture's resampling, between steps",
        ["plugins/SaePlatform.Plugins.TopK/DecoderNormFold.cs"] = "writes the folded inference weights into new tensors when saving",
    };

    [Fact]
    public void Console_OutsideTheTerminalOwners_IsNotUsed()
    {
        var offenders = Lines("host")
            .Where(l => !TerminalOwners.Any(owner => l.Path.StartsWith(owner, StringComparison.Ordinal)))
            .Where(l => ConsoleUse().IsMatch(l.Text))
            .Select(Describe)
            .ToList();
        Assert.True(offenders.Count == 0, "Console outside host Cli/ and Logging/; log through ILogger instead:\n  " + string.Join("\n  ", offenders));
    }

    [Fact]
    public void TensorStorage_OutsideTheEngine_IsWrittenOnlyByTheListedExceptions()
    {
        var writers = SourceFiles.Under("contracts/SaePlatform.Contracts", "host", "plugins", "samples", "templates")
            .SelectMany(f => TensorStorageWrites(f.Lines).Select(line => (f.Path, Line: line, Text: f.Lines[line - 1])))
            .ToList();
        var offenders = writers.Where(w => !TensorWriteExceptions.ContainsKey(w.Path)).Select(Describe).ToList();
        Assert.True(offenders.Count == 0,
            "Tensor storage written outside the engine; use an Ops call (or, for a write outside any graph, list the file with a reason):\n  "
            + string.Join("\n  ", offenders));
        var stale = TensorWriteExceptions.Keys.Where(path => writers.All(w => w.Path != path)).ToList();
        Assert.True(stale.Count == 0, "Listed as tensor writers but no longer write; remove them from the list: " + string.Join(", ", stale));
    }

    [Fact]
    public void LogCalls_InHostAndPlugins_GoThroughLoggerMessageEvents()
    {
        var offenders = Lines("host", "plugins").Where(l => DirectLogCall().IsMatch(l.Text)).Select(Describe).ToList();
        Assert.True(offenders.Count == 0,
            "Direct ILogger.LogXxx calls; declare a [LoggerMessage] event in the folder's Log.cs (event ids in its range):\n  " + string.Join("\n  ", offenders));
    }

    [Fact]
    public void TensorStorageWrites_Detector_FindsDirectAndAliasedWritesAndNotReads()
    {
        string[] code =
        [
            "var a = t.Span;",                    // 1
            "float x = a[0];",                    // 2 read
            "a[1] = 2f;",                         // 3 write through an alias
            "if (a[0] == 1f) { }",                // 4 comparison
            "t.Span.Fill(0f);",                   // 5
            "t.Array[3] += 1;",                   // 6
            "u.Span.CopyTo(t.Span);",             // 7
            "void F() { var values = new Dictionary<string, double>(); values[\"k\"] = 1; }", // 8 another 'values'
        ];
        Assert.Equal([3, 5, 6, 7], TensorStorageWrites(code));
    }

    /// <summary>1-based numbers of the lines that write a tensor's Span or Array, directly or through a local alias.</summary>
    internal static List<int> TensorStorageWrites(string[] lines)
    {
        var found = new List<int>();
        var aliases = new Dictionary<string, int>(); // alias -> brace depth of its declaration
        int depth = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            var declared = StorageAlias().Match(text);
            if (declared.Success) aliases[declared.Groups[1].Value] = depth;
            bool writes = DirectWrite().IsMatch(text)
                || aliases.Keys.Any(alias => Regex.IsMatch(text, $@"(?<![\w.]){alias}\s*\[[^\]]*\]\s*[-+*/]?=(?!=)|(?<![\w.]){alias}\.(Fill|Clear)\(|CopyTo\(\s*{alias}\b"));
            if (writes) found.Add(i + 1);
            foreach (var c in text)
            {
                if (c == '{') depth++;
                else if (c == '}')
                {
                    depth--;
                    foreach (var (alias, at) in aliases.ToList())
                        if (depth < at) aliases.Remove(alias);
                }
            }
        }
        return found;
    }

    private static IEnumerable<(string Path, int Line, string Text)> Lines(params string[] folders) =>
        SourceFiles.Under(folders).SelectMany(f => f.Lines.Select((text, i) => (f.Path, Line: i + 1, Text: text)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal));

    private static string Describe((string Path, int Line, string Text) l) => $"{l.Path}:{l.Line}: {l.Text.Trim()}";

    [GeneratedRegex(@"(?<![\w.])(System\.)?Console\.|AnsiConsole\.")]
    private static partial Regex ConsoleUse();

    [GeneratedRegex(@"\.Log(Trace|Debug|Information|Warning|Error|Critical)\(")]
    private static partial Regex DirectLogCall();

    [GeneratedRegex(@"\b(?:var|Span<float>)\s+(\w+)\s*=\s*[^;]*\.(?:Span|Array)\s*;")]
    private static partial Regex StorageAlias();

    [GeneratedRegex(@"\.(?:Span|Array)\s*\[[^\]]*\]\s*[-+*/]?=(?!=)|\.(?:Span|Array)\.(?:Fill|Clear)\(|CopyTo\(\s*[\w.]+\.(?:Span|Array)\b")]
    private static partial Regex DirectWrite();
}
