namespace SaePlatform.Host.Configuration.Tree;

/// <summary>
/// Where a config value was written: a file position, or a <c>--set</c> override on the command line.
/// </summary>
/// <param name="File">Path as shown to the user (relative to the working folder when under it), or <c>--set</c>.</param>
/// <param name="Line">1-based line; 0 when the value did not come from a file.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
/// <param name="BaseDirectory">Folder that relative paths written here resolve against: the file's folder,
/// or the working folder for <c>--set</c>.</param>
internal sealed record SourceLocation(string File, int Line, int Column, string BaseDirectory)
{
    /// <summary>Display name used for values given with <c>--set</c>.</summary>
    public const string CommandLine = "--set";

    /// <summary>A location for a value given on the command line.</summary>
    public static SourceLocation FromCommandLine() =>
        new(CommandLine, 0, 0, Directory.GetCurrentDirectory());

    /// <summary>The start of <paramref name="fullPath"/> (used when a whole file or section is meant).</summary>
    public static SourceLocation StartOf(string fullPath) => new(DisplayPath(fullPath), 0, 0, Path.GetDirectoryName(fullPath)!);

    /// <summary>A short path for messages: relative to the working folder when the file lies under it.</summary>
    public static string DisplayPath(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }

    /// <summary><c>file:line:column</c>, or just the file when no line is known.</summary>
    public override string ToString() =>
        Line <= 0 ? File : Column <= 0 ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
}
