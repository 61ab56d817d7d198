using System.Collections;
using System.Text;
using SaePlatform.Contracts.Components;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Configuration.Sections;

namespace SaePlatform.Host.Tests.Robustness;

/// <summary>
/// Broken run configs generated from a valid one and from the options schemas themselves, so a key added later is
/// covered without editing this file: every key of every section with a wrong type, out of range, unknown and
/// duplicated; every section with the wrong shape; the YAML truncated everywhere and with stray characters at every
/// line; the same config as JSON, truncated at every structural character, without each comma, with trailing commas;
/// and files past the size, depth, node-count and alias-expansion limits.
/// </summary>
internal static class ConfigCorruptions
{
    /// <summary>One broken config text.</summary>
    public sealed record Case(string Class, string Name, string Text, string Extension = "yaml");

    // Section -> (its lines in the valid config, its options type, key -> value already written).
    private static readonly (string Section, string[] Lines)[] Valid =
    [
        ("run", ["model: m", "layer: l", "seed: 1", "output_dir: out"]),
        ("data", ["type: synthetic", "d_in: 8", "n_features: 16", "rows: 200"]),
        ("architecture", ["type: standard", "d_sae: 16"]),
        ("penalty", ["type: l1"]),
        ("training", ["steps: 2", "batch_size: 8"]),
    ];

    public static string ValidYaml => Yaml(Valid);

    private static string Yaml(IEnumerable<(string Section, string[] Lines)> sections)
    {
        var text = new StringBuilder();
        foreach (var (section, lines) in sections)
        {
            text.Append(section).Append(":\n");
            foreach (var line in lines) text.Append("  ").Append(line).Append('\n');
        }
        return text.Append("visualizers: []\n").ToString();
    }

    private static Type OptionsOf(string section) => section switch
    {
        "run" => typeof(RunSection),
        "training" => typeof(TrainingOptions),
        "data" => Component(ComponentKind.DataSource, "synthetic"),
        "architecture" => Component(ComponentKind.Architecture, "standard"),
        "penalty" => Component(ComponentKind.Penalty, "l1"),
        _ => throw new ArgumentOutOfRangeException(nameof(section)),
    };

    private static Type Component(ComponentKind kind, string id) =>
        InProcessTrain.Plugins.Registry.Find(kind, id)?.OptionsType ?? throw new InvalidOperationException($"{kind} {id} is not loaded");

    // The config with `key: value` in `section` (replacing the key when the valid config sets it), `extra` lines appended.
    private static string With(string section, string key, string? value, params string[] extra) =>
        Yaml(Valid.Select(s => s.Section != section
            ? s
            : (s.Section, s.Lines.Where(l => value is null || !l.StartsWith(key + ":", StringComparison.Ordinal))
                .Concat(value is null ? [] : [$"{key}: {value}"]).Concat(extra).ToArray())));

    private static bool IsNumber(Type t) => Type.GetTypeCode(Nullable.GetUnderlyingType(t) ?? t) is TypeCode.Int32 or TypeCode.Int64 or TypeCode.Double or TypeCode.Single;

    private static bool IsList(Type t) => t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t);

    public static IEnumerable<Case> KeyCases()
    {
        foreach (var (section, _) in Valid)
        foreach (var property in OptionsSchema.For(OptionsOf(section)).Properties)
        {
            var key = property.Key;
            var type = property.Property.PropertyType;
            var name = $"{section}.{key}";
            if (key == "type") continue;
            yield return new Case("key with a wrong type", $"{name}: a map", With(section, key, "{zz: 1}"));
            if (!IsList(type)) yield return new Case("key with a wrong type", $"{name}: a list", With(section, key, "[1, 2]"));
            if (type != typeof(string) && !IsList(type)) yield return new Case("key with a wrong type", $"{name}: a word", With(section, key, "zz_not_valid"));
            if (IsNumber(type))
            {
                foreach (var value in new[] { "-1e300", "1e300", "-1", ".nan", "-.inf" })
                    yield return new Case("key out of range", $"{name}: {value}", With(section, key, value));
            }
            if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(bool)) yield return new Case("key out of range", $"{name}: 2", With(section, key, "2"));
            yield return new Case("unknown key", $"{name}zz", With(section, key + "zz", null, $"{key}zz: 1"));
            yield return new Case("duplicated key", $"{name} twice", With(section, key, null, $"{key}: 1", $"{key}: 1"));
        }
    }

    public static IEnumerable<Case> SectionCases()
    {
        foreach (var (section, _) in Valid)
        {
            foreach (var (label, value) in new[] { ("a number", "5"), ("a list", "[1, 2]"), ("a word", "zz") })
                yield return new Case("section with a wrong shape", $"{section}: {label}",
                    Yaml(Valid.Where(s => s.Section != section)) + $"{section}: {value}\n");
            yield return new Case("section with a wrong shape", $"{section} missing 'type' or misspelt",
                Yaml(Valid.Select(s => s.Section == section ? (section + "zz", s.Lines) : s)));
            yield return new Case("duplicated key", $"section {section} twice", ValidYaml + $"{section}:\n  zz: 1\n");
        }
        yield return new Case("section with a wrong shape", "document is a list", "- 1\n- 2\n");
        yield return new Case("section with a wrong shape", "document is a scalar", "just words\n");
        yield return new Case("section with a wrong shape", "two documents", ValidYaml + "---\nrun: {}\n");
    }

    public static IEnumerable<Case> MalformedYaml()
    {
        var valid = ValidYaml;
        for (var at = 1; at < valid.Length - 1; at += 3)
            yield return new Case("YAML truncated", $"truncated at char {at}", valid[..at]);
        var lines = valid.Split('\n');
        foreach (var junk in new[] { "\t", "[", "{", "\"", "'", "- ", "*zz ", "&", "!!binary ", "%", "@", "`", "? ", "]", "}", ": " })
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var broken = (string[])lines.Clone();
            broken[i] = (lines[i].StartsWith("  ", StringComparison.Ordinal) ? "  " + junk + lines[i][2..] : junk + lines[i]);
            yield return new Case("YAML with a stray character", $"'{junk.Trim()}' at line {i + 1}", string.Join('\n', broken));
        }
        yield return new Case("YAML with a stray character", "binary garbage", new string([.. Enumerable.Range(0, 400).Select(i => (char)(i * 37 % 250 + 1))]));
        yield return new Case("YAML with a stray character", "empty file", "");
        yield return new Case("YAML with a stray character", "alias to an unknown anchor", ValidYaml + "extra: *nothing\n");
    }

    private static string ValidJson =>
        "{\"run\": {\"model\": \"m\", \"layer\": \"l\", \"seed\": 1, \"output_dir\": \"out\"}, " +
        "\"data\": {\"type\": \"synthetic\", \"d_in\": 8, \"n_features\": 16, \"rows\": 200}, " +
        "\"architecture\": {\"type\": \"standard\", \"d_sae\": 16}, \"penalty\": {\"type\": \"l1\"}, " +
        "\"training\": {\"steps\": 2, \"batch_size\": 8}, \"visualizers\": []}";

    public static IEnumerable<Case> MalformedJson()
    {
        var valid = ValidJson;
        for (var i = 0; i < valid.Length; i++)
        {
            if (valid[i] is '{' or '}' or '[' or ']' or ':' or ',' or '"')
                yield return new Case("JSON truncated", $"truncated before char {i} '{valid[i]}'", valid[..i], "json");
            if (valid[i] == ',')
            {
                yield return new Case("JSON malformed", $"comma at {i} removed", valid.Remove(i, 1), "json");
                yield return new Case("JSON malformed", $"comma at {i} doubled", valid.Insert(i, ","), "json");
            }
            if (valid[i] == '}') yield return new Case("JSON malformed", $"trailing comma before char {i}", valid.Insert(i, ","), "json");
        }
        yield return new Case("JSON malformed", "single quotes", valid.Replace('"', '\''), "json");
        yield return new Case("JSON malformed", "duplicate key", valid.Replace("\"seed\": 1", "\"seed\": 1, \"seed\": 2", StringComparison.Ordinal), "json");
        yield return new Case("JSON malformed", "number as a string", valid.Replace("\"steps\": 2", "\"steps\": \"two\"", StringComparison.Ordinal), "json");
        yield return new Case("JSON malformed", "comment", "// a comment\n" + valid, "json");
    }

    public static IEnumerable<Case> OverLimits()
    {
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++) bomb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        yield return new Case("over a limit", "alias bomb (10^12 nodes)", bomb + ValidYaml);
        yield return new Case("over a limit", "aliases nested past the depth limit",
            "a: &a " + new string('[', 40) + new string(']', 40) + "\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n" + ValidYaml);
        yield return new Case("over a limit", "10^5 nested brackets", "run: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        yield return new Case("over a limit", "10^5 nested maps", "run: " + string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "1" + new string('}', 100_000) + "\n");
        yield return new Case("over a limit", "200,000-item list", ValidYaml + "extra: [" + string.Join(",", Enumerable.Repeat("1", 200_000)) + "]\n");
        yield return new Case("over a limit", "2 MiB file", ValidYaml + "# " + new string('x', 2 << 20) + "\n");
    }
}
