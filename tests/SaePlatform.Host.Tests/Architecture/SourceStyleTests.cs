using System.Text.RegularExpressions;

namespace SaePlatform.Host.Tests.Architecture;

/// <summary>
/// The habits of .editorconfig that the compiler does not check: the longest line (<c>max_line_length</c>) and field
/// names that say what they hold (naming rules check the <c>_camelCase</c> form, not the length).
/// </summary>
public sealed partial class SourceStyleTests
{
    /// <summary>The <c>max_line_length</c> of .editorconfig. Lower it as long lines get wrapped; 160 is the aim.</summary>
    private const int MaxLineLength = 220;

    [Fact]
    public void SourceFiles_Lines_AreAtMostTheEditorconfigLimit()
    {
        var editorconfig = File.ReadAllText(Path.Combine(Support.Repository.Root, ".editorconfig"));
        Assert.Contains($"max_line_length = {MaxLineLength}", editorconfig, StringComparison.Ordinal);

        var offenders = SourceFiles.Under(SourceFiles.All)
            .SelectMany(f => f.Lines.Select((line, i) => (f.Path, Line: i + 1, line.Length)))
            .Where(l => l.Length > MaxLineLength)
            .Select(l => $"{l.Path}:{l.Line} ({l.Length} characters)")
            .ToList();
        Assert.True(offenders.Count == 0, $"Lines longer than {MaxLineLength} characters; wrap them:\n  " + string.Join("\n  ", offenders));
    }

    [Fact]
    public void SourceFiles_PrivateFields_HaveNamesLongerThanOneLetter()
    {
        var offenders = SourceFiles.Under(SourceFiles.All)
            .SelectMany(f => f.Lines.Select((line, i) => (f.Path, Line: i + 1, Text: line)))
            .Where(l => SingleLetterField().IsMatch(l.Text))
            .Select(l => $"{l.Path}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "Fields named with one letter (_s, _p); give them the name of what they hold:\n  " + string.Join("\n  ", offenders));
    }

    // A field declaration: modifiers, a type, then `_x` followed by `;`, `=` or `,`.
    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)?(?:(?:private|internal|protected|public|static|readonly|volatile)\s+)+[\w<>\[\]?,.\s*]+\s_[a-zA-Z]\s*[;=,]")]
    private static partial Regex SingleLetterField();
}
