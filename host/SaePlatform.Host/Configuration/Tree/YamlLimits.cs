using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SaePlatform.Host.Configuration.Tree;

/// <summary>
/// What one config may cost to read, checked on the parser's event stream before any tree is built: file size,
/// nesting depth and node count, both counted with every alias expanded (a "billion laughs" file of nested
/// anchors is a few hundred bytes and expands to billions of nodes). Real configs are a few hundred nodes deep
/// at most 5; the limits are far above that and far below what costs memory or stack.
/// </summary>
internal static class YamlLimits
{
    /// <summary>Largest config file read, in bytes (1 MiB).</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Deepest nesting of maps and lists, aliases expanded.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes (scalars, maps, lists) in the document, aliases expanded.</summary>
    public const long MaxNodes = 100_000;

    private const string AliasBombHint = "nested anchors and aliases multiply (an alias bomb?); a config needs a few hundred";

    /// <summary>A limit that was broken and where; null when the text is within every limit or not parseable (the parser reports that).</summary>
    /// <param name="text">The config text.</param>
    public static (Mark Where, string Problem)? Check(string text)
    {
        var parser = new Parser(new StringReader(text));
        // Per anchor: the nodes and levels of the subtree it names, aliases inside it expanded.
        var anchors = new Dictionary<string, (long Nodes, int Depth)>(StringComparer.Ordinal);
        // Open maps and lists: their anchor, the node count when they started, the deepest level below them so far.
        var open = new Stack<(string? Anchor, long NodesAtStart, int DepthBelow)>();
        long nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case MappingStart or SequenceStart:
                        if (open.Count + 1 > MaxDepth)
                            return (e.Start, $"nesting deeper than {MaxDepth} levels of maps and lists (a config needs a handful)");
                        var anchor = ((NodeEvent)e).Anchor;
                        open.Push((anchor.IsEmpty ? null : anchor.Value, nodes, 0));
                        nodes++;
                        break;
                    case MappingEnd or SequenceEnd:
                        var closed = open.Pop();
                        var depth = closed.DepthBelow + 1;
                        if (closed.Anchor is not null) anchors[closed.Anchor] = (nodes - closed.NodesAtStart, depth);
                        Deepen(open, depth);
                        break;
                    case Scalar scalar:
                        if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = (1, 0);
                        nodes++;
                        break;
                    case AnchorAlias alias:
                        // An alias to an unknown anchor is an error the loader reports with its position.
                        if (!anchors.TryGetValue(alias.Value.Value, out var size)) break;
                        if (open.Count + size.Depth > MaxDepth)
                            return (e.Start, $"alias *{alias.Value.Value} nests deeper than {MaxDepth} levels of maps and lists once expanded");
                        nodes += size.Nodes;
                        Deepen(open, size.Depth);
                        if (nodes > MaxNodes)
                            return (e.Start, string.Create(CultureInfo.InvariantCulture,
                                $"alias *{alias.Value.Value} ({size.Nodes:N0} nodes) takes the document past {MaxNodes:N0} nodes with aliases expanded; {AliasBombHint}"));
                        break;
                }
                if (nodes > MaxNodes)
                    return (e.Start, string.Create(CultureInfo.InvariantCulture, $"more than {MaxNodes:N0} nodes (a config needs a few hundred)"));
            }
        }
        catch (YamlException)
        {
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return null;
        }
        return null;
    }

    private static void Deepen(Stack<(string? Anchor, long NodesAtStart, int DepthBelow)> open, int childDepth)
    {
        if (open.Count == 0) return;
        var parent = open.Pop();
        open.Push(parent with { DepthBelow = Math.Max(parent.DepthBelow, childDepth) });
    }
}
