using System.Globalization;

namespace SaePlatform.Host.Configuration.Tree;

/// <summary>
/// One <c>--set a.b.c=value</c> override. The value is read as YAML (<c>3e-4</c>, <c>cosine</c>, <c>[1, 2]</c>,
/// <c>[]</c>, <c>{k: 4}</c>); an empty value is null. Missing intermediate maps are created, and a numeric
/// segment indexes into a list (<c>visualizers.0.timeout_seconds=5</c>).
/// </summary>
/// <param name="Text">The override as given.</param>
/// <param name="Path">Key segments.</param>
/// <param name="Value">The parsed value.</param>
internal sealed record ConfigOverride(string Text, IReadOnlyList<string> Path, ConfigNode Value)
{
    /// <summary>Parses <c>key.path=value</c>; null (with an error added) when malformed.</summary>
    public static ConfigOverride? Parse(string text, List<ConfigError> errors)
    {
        var location = SourceLocation.FromCommandLine();
        var equals = text.IndexOf('=');
        var keyText = equals < 0 ? text : text[..equals].Trim();
        var segments = keyText.Split('.');
        if (equals <= 0 || Array.Exists(segments, s => s.Length == 0))
        {
            errors.Add(new ConfigError(location, keyText, $"'{text}' is not of the form key.path=value"));
            return null;
        }
        var valueText = text[(equals + 1)..];
        ConfigNode? value = valueText.Trim().Length == 0
            ? new ConfigScalar(null, false, location)
            : YamlTreeReader.Parse(valueText, _ => location, location, errors);
        return value is null ? null : new ConfigOverride(text, segments, value);
    }

    /// <summary>Writes the value into <paramref name="root"/>, creating maps on the way; adds an error when the path runs into a scalar list index that is out of range.</summary>
    public void ApplyTo(ConfigMap root, List<ConfigError> errors)
    {
        ConfigNode current = root;
        var location = Value.Location;
        for (var i = 0; i < Path.Count; i++)
        {
            var segment = Path[i];
            var last = i == Path.Count - 1;
            var keyPath = string.Join('.', Path.Take(i + 1));
            if (current is ConfigMap map)
            {
                if (last)
                {
                    map.Set(segment, location, Value);
                    return;
                }
                var child = map.Get(segment);
                if (child is not (ConfigMap or ConfigList))
                {
                    child = new ConfigMap(location);
                    map.Set(segment, location, child);
                }
                current = child;
            }
            else if (current is ConfigList list)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= list.Items.Count)
                {
                    errors.Add(new ConfigError(location, keyPath,
                        $"'{segment}' is not an index of this list (it has {list.Items.Count} items, numbered from 0)"));
                    return;
                }
                if (last)
                {
                    list.Items[index] = Value;
                    return;
                }
                if (list.Items[index] is not (ConfigMap or ConfigList)) list.Items[index] = new ConfigMap(location);
                current = list.Items[index];
            }
        }
    }
}
