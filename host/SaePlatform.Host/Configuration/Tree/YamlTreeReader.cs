using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SaePlatform.Host.Configuration.Tree;

/// <summary>
/// Parses YAML (and JSON, which YAML's flow style reads as is) into a <see cref="ConfigNode"/> tree that keeps
/// every node's position.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Reads a config file; null (with an error added) when it cannot be read or parsed.</summary>
    /// <param name="fullPath">Absolute path of the file.</param>
    /// <param name="errors">Receives problems.</param>
    public static ConfigNode? ReadFile(string fullPath, List<ConfigError> errors)
    {
        var display = SourceLocation.DisplayPath(fullPath);
        var directory = Path.GetDirectoryName(fullPath)!;
        string text;
        try
        {
            var size = new FileInfo(fullPath).Length;
            if (size > YamlLimits.MaxFileBytes)
            {
                errors.Add(new ConfigError(SourceLocation.StartOf(fullPath), "",
                    $"the config file has {size:N0} bytes; the limit is {YamlLimits.MaxFileBytes:N0} (is it a data file?)"));
                return null;
            }
            text = File.ReadAllText(fullPath);
        }
        catch (IOException ex)
        {
            errors.Add(new ConfigError(SourceLocation.StartOf(fullPath), "", $"cannot read the config file: {ex.Message}"));
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            errors.Add(new ConfigError(SourceLocation.StartOf(fullPath), "", $"cannot read the config file: {ex.Message}"));
            return null;
        }
        return Parse(text, mark => new SourceLocation(display, (int)mark.Line, (int)mark.Column, directory), SourceLocation.StartOf(fullPath), errors);
    }

    /// <summary>Parses <paramref name="text"/>; every node gets the location <paramref name="locate"/> gives its start mark.</summary>
    /// <param name="text">YAML or JSON text holding at most one document.</param>
    /// <param name="locate">Maps a parser position to a location.</param>
    /// <param name="whole">Location used for problems with the text as a whole.</param>
    /// <param name="errors">Receives syntax errors.</param>
    /// <returns>The root node (an empty map for an empty document), or null after a syntax error.</returns>
    public static ConfigNode? Parse(string text, Func<Mark, SourceLocation> locate, SourceLocation whole, List<ConfigError> errors)
    {
        if (YamlLimits.Check(text) is { } limit)
        {
            errors.Add(new ConfigError(locate(limit.Where), "", "config too large to read: " + limit.Problem));
            return null;
        }
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            errors.Add(SyntaxError(text, ex.Start, StripPosition(ex), locate));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet 16 throws these instead of a YamlException for some unterminated flow collections and for a
            // stray ':' where a node should start ("The current event is of an unsupported type").
            errors.Add(SyntaxError(text, scanner.CurrentPosition, "unexpected text; is a bracket, brace or quote left open?", locate));
            return null;
        }
        if (stream.Documents.Count == 0) return new ConfigMap(whole);
        if (stream.Documents.Count > 1)
            errors.Add(new ConfigError(locate(stream.Documents[1].RootNode.Start), "", "only one YAML document is allowed; the rest is ignored"));
        var startErrors = errors.Count;
        var root = Convert(stream.Documents[0].RootNode, locate, errors);
        return errors.Count > startErrors ? null : root;
    }

    // The parser's position, or the mistake's when it is a tab in an indentation or a bracket left open on an earlier line.
    private static ConfigError SyntaxError(string text, Mark at, string message, Func<Mark, SourceLocation> locate)
    {
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && YamlSyntaxHints.TabInIndentation(text, at) is { } tab)
            return new ConfigError(locate(tab), "", "YAML syntax error: a tab in the indentation; YAML indents with spaces only");
        if (YamlSyntaxHints.UnclosedBracket(text, at.Index, at.Line) is { } open)
            return new ConfigError(locate(open.Where), "", $"YAML syntax error: '{open.Bracket}' opened here is not closed " +
                $"(the parser gave up at line {at.Line}: {message})");
        return new ConfigError(locate(at), "", "YAML syntax error: " + message);
    }

    private static ConfigNode Convert(YamlNode node, Func<Mark, SourceLocation> locate, List<ConfigError> errors)
    {
        var location = locate(node.Start);
        switch (node)
        {
            case YamlScalarNode scalar:
                // Block scalars (| and >) are strings just like quoted ones.
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                return ConfigScalar.FromYaml(scalar.Value ?? "", quoted, location);
            case YamlSequenceNode sequence:
                var items = new List<ConfigNode>(sequence.Children.Count);
                foreach (var child in sequence.Children) items.Add(Convert(child, locate, errors));
                return new ConfigList(items, location);
            case YamlMappingNode mapping:
                var map = new ConfigMap(location);
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } keyText })
                    {
                        errors.Add(new ConfigError(locate(key.Start), "", "a key must be a plain name, not a list or map"));
                        continue;
                    }
                    map.Set(keyText, locate(key.Start), Convert(value, locate, errors));
                }
                return map;
            default:
                errors.Add(new ConfigError(location, "", $"unsupported YAML node {node.NodeType}"));
                return new ConfigScalar(null, false, location);
        }
    }

    // YamlException's message starts with "(Line: 3, Col: 1, Idx: 20) - (...): "; the location is printed by us.
    private static string StripPosition(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && cut > 0 ? message[(cut + 3)..] : message;
    }
}
