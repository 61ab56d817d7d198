using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>
/// Bound options as JSON and back: written as the config keys and values the config would hold (snake case, enum
/// names), and bound again by the same <see cref="OptionsBinder"/>, so the copy equals the original (validation
/// included). Carries a visualizer's options into a worker process, and records an architecture's options in a
/// saved SAE's cfg.json so that a reload rebuilds the same SAE.
/// </summary>
internal static class OptionsJson
{
    /// <summary>The options as a JSON object of config keys.</summary>
    public static JsonObject Write(object options)
    {
        var json = new JsonObject();
        foreach (var property in OptionsSchema.For(options.GetType()).Properties)
            json[property.Key] = Value(property.Property.GetValue(options));
        return json;
    }

    /// <summary>Binds <paramref name="json"/> onto a new <paramref name="optionsType"/>; messages name <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">A key or value does not bind or validate.</exception>
    public static object Bind(Type optionsType, JsonObject json, string origin, string baseDirectory, string path = "options")
    {
        var errors = new List<ConfigError>();
        var location = new SourceLocation(origin, 0, 0, baseDirectory);
        var node = YamlTreeReader.Parse(json.ToJsonString(), _ => location, location, errors);
        if (node is not ConfigMap map)
        {
            if (errors.Count == 0) errors.Add(new ConfigError(location, "", "options must be a map"));
            throw new ConfigException(errors);
        }
        var options = new OptionsBinder(errors).BindObject(optionsType, map, path, location);
        if (errors.Count > 0) throw new ConfigException(errors);
        return options;
    }

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        Enum member => JsonValue.Create(ConfigKeyNaming.EnumValueName(member.GetType(), member)),
        double number => Number(number),
        float number => Number(number),
        IFormattable formattable when value.GetType().IsPrimitive || value is decimal =>
            JsonNode.Parse(formattable.ToString(null, CultureInfo.InvariantCulture)),
        IDictionary dictionary => Dictionary(dictionary),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(Value).ToArray()),
        _ => Write(value),
    };

    // YAML's spellings, which the binder reads back as numbers; JSON has no literal for them.
    private static JsonNode Number(double number) => number switch
    {
        double.NaN => JsonValue.Create(".nan"),
        double.PositiveInfinity => JsonValue.Create(".inf"),
        double.NegativeInfinity => JsonValue.Create("-.inf"),
        _ => JsonValue.Create(number),
    };

    private static JsonObject Dictionary(IDictionary dictionary)
    {
        var json = new JsonObject();
        foreach (DictionaryEntry entry in dictionary) json[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = Value(entry.Value);
        return json;
    }
}
