using YamlDotNet.Core;

namespace SaePlatform.Host.Configuration.Tree;

/// <summary>
/// Better positions for two YAML syntax errors that the parser reports where it gave up rather than where the
/// mistake is: a tab in an indentation (reported at the end of the line before) and a bracket or brace that is never
/// closed (reported on a later line, often the next key).
/// </summary>
internal static class YamlSyntaxHints
{
    /// <summary>The first tab in a line's indentation at or after <paramref name="from"/>'s line, or null.</summary>
    public static Mark? TabInIndentation(string text, Mark from)
    {
        long index = 0, line = 1;
        foreach (var raw in text.Split('\n'))
        {
            if (line >= from.Line - 1)
            {
                for (var i = 0; i < raw.Length && (raw[i] == ' ' || raw[i] == '\t'); i++)
                    if (raw[i] == '\t') return new Mark(index + i, line, i + 1);
            }
            index += raw.Length + 1;
            line++;
        }
        return null;
    }

    /// <summary>
    /// The innermost '[' or '{' still open at <paramref name="errorIndex"/> (a character offset), when it is on an
    /// earlier line than the error; otherwise null. Quotes and comments are skipped.
    /// </summary>
    public static (Mark Where, char Bracket)? UnclosedBracket(string text, long errorIndex, long errorLine)
    {
        var open = new Stack<(Mark, char)>();
        char quote = '\0';
        long line = 1, column = 1;
        var end = Math.Min(errorIndex, text.Length);
        for (var i = 0; i < end; i++)
        {
            var c = text[i];
            var previous = i == 0 ? '\n' : text[i - 1];
            if (quote != '\0')
            {
                if (c == quote && !(quote == '"' && previous == '\\')) quote = '\0';
            }
            else if (c == '#' && (previous is ' ' or '\t' or '\n'))
            {
                while (i + 1 < end && text[i + 1] != '\n') i++;
            }
            else if ((c is '\'' or '"') && previous is ' ' or '\t' or '\n' or '[' or '{' or ',')
            {
                quote = c;
            }
            else if (c is '[' or '{')
            {
                open.Push((new Mark(i, line, column), c));
            }
            else if (c is ']' or '}' && open.Count > 0)
            {
                open.Pop();
            }
            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        if (open.Count == 0) return null;
        var (where, bracket) = open.Peek();
        return where.Line < errorLine ? (where, bracket) : null;
    }
}
