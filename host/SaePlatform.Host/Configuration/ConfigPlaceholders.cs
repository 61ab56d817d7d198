using System.Text;
using System.Text.RegularExpressions;
using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration;

/// <summary>
/// <c>{model}</c>, <c>{layer}</c> and <c>{sweep.&lt;key&gt;}</c> inside any string of a config (data paths above all),
/// replaced by the values of one run. <c>{{</c> and <c>}}</c> stand for literal braces. A placeholder with no value is
/// a config error naming the key it was written in and the placeholders that exist.
/// </summary>
internal static partial class ConfigPlaceholders
{
    /// <summary>The model name of the run.</summary>
    public const string Model = "model";

    /// <summary>The layer name of the run.</summary>
    public const string Layer = "layer";

    /// <summary>Prefix of a swept value: <c>{sweep.architecture.k}</c> (or <c>{sweep.k}</c> when the last segment is unique).</summary>
    public const string SweepPrefix = "sweep.";

    [GeneratedRegex(@"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_.\-]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Whether any string of <paramref name="node"/> names the placeholder <paramref name="name"/>.</summary>
    public static bool Uses(ConfigNode node, string name) => node switch
    {
        ConfigScalar { Value: { } text } => Pattern().Matches(text).Any(m => m.Groups[1].Success && m.Groups[1].Value == name),
        ConfigMap map => map.Entries.Any(e => Uses(e.Value, name)),
        ConfigList list => list.Items.Exists(i => Uses(i, name)),
        _ => false,
    };

    /// <summary>
    /// Replaces every placeholder in the strings of <paramref name="root"/> (in place; pass a clone) by its value in
    /// <paramref name="values"/>; each unknown one adds an error at the string that holds it.
    /// </summary>
    /// <param name="root">The config tree.</param>
    /// <param name="values">Placeholder name (<c>model</c>, <c>layer</c>, <c>sweep.architecture.k</c>) to its text.</param>
    /// <param name="errors">Receives one error per unknown placeholder.</param>
    /// <param name="unknownHint">Added to an unknown-placeholder message (e.g. why a sweep key is missing).</param>
    public static void Resolve(ConfigMap root, IReadOnlyDictionary<string, string> values, List<ConfigError> errors, string? unknownHint = null)
    {
        foreach (var entry in root.Entries.ToList())
            if (ResolveNode(entry.Value, entry.Key, values, errors, unknownHint) is { } replaced) root.Set(entry.Key, entry.KeyLocation, replaced);
    }

    // The replacement of a scalar that changed, else null (maps and lists are changed in place).
    private static ConfigNode? ResolveNode(ConfigNode node, string path, IReadOnlyDictionary<string, string> values, List<ConfigError> errors, string? hint)
    {
        switch (node)
        {
            case ConfigScalar { Value: { } text } scalar when text.Contains('{', StringComparison.Ordinal) || text.Contains('}', StringComparison.Ordinal):
                var resolved = Substitute(text, values, name => errors.Add(new ConfigError(scalar.Location, path, UnknownMessage(name, values, hint))));
                return resolved == text ? null : new ConfigScalar(resolved, scalar.IsQuoted, scalar.Location);
            case ConfigMap map:
                foreach (var entry in map.Entries.ToList())
                    if (ResolveNode(entry.Value, path + "." + entry.Key, values, errors, hint) is { } replaced) map.Set(entry.Key, entry.KeyLocation, replaced);
                return null;
            case ConfigList list:
                for (var i = 0; i < list.Items.Count; i++)
                    if (ResolveNode(list.Items[i], $"{path}[{i}]", values, errors, hint) is { } replaced) list.Items[i] = replaced;
                return null;
            default:
                return null;
        }
    }

    /// <summary><paramref name="text"/> with its placeholders replaced; <paramref name="unknown"/> is called for each one without a value (left as written).</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values, Action<string> unknown)
    {
        var result = new StringBuilder(text.Length);
        var last = 0;
        foreach (Match match in Pattern().Matches(text))
        {
            result.Append(text, last, match.Index - last);
            last = match.Index + match.Length;
            if (!match.Groups[1].Success) result.Append(match.Value[0]);
            else if (values.TryGetValue(match.Groups[1].Value, out var value)) result.Append(value);
            else
            {
                unknown(match.Groups[1].Value);
                result.Append(match.Value);
            }
        }
        result.Append(text, last, text.Length - last);
        return result.ToString();
    }

    private static string UnknownMessage(string name, IReadOnlyDictionary<string, string> values, string? hint)
    {
        var known = string.Join(", ", values.Keys.Order(StringComparer.Ordinal).Select(k => "{" + k + "}"));
        var why = name.StartsWith(SweepPrefix, StringComparison.Ordinal) && !values.Keys.Any(k => k.StartsWith(SweepPrefix, StringComparison.Ordinal))
            ? " (the config has no 'sweep' section)"
            : "";
        return $"unknown placeholder '{{{name}}}'{why}{ClosestName.Suffix(name, [.. values.Keys])}; known here: {known}{hint}" +
               " (write {{ and }} for literal braces)";
    }
}
