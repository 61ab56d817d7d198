using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>
/// Options objects as JSON and back, with the same keys and value spellings as the YAML config (snake_case
/// keys, enum values by their config name): a saved SAE records its architecture's options this way in
/// cfg.json, and loading binds them again through <see cref="OptionsBinder"/> (same conversions, same checks).
/// </summary>
internal static class OptionsJson
{
    /// <summary>Every option of <paramref name="options"/> with its value, as a JSON object.</summary>
    public static JsonObject ToJson(object options)
    {
        var result = new JsonObject();
        foreach (var property in OptionsSchema.For(options.GetType()).Properties)
            result[property.Key] = Value(property.Property.GetValue(options));
        return result;
    }

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        Enum member => JsonValue.Create(ConfigKeyNaming.EnumValueName(member.GetType(), member)),
        double number when !double.IsFinite(number) => JsonValue.Create(NonFinite(number)),
        float number when !float.IsFinite(number) => JsonValue.Create(NonFinite(number)),
        double number => JsonValue.Create(number),
        float number => JsonValue.Create(number),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        IDictionary dictionary => Dictionary(dictionary),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(Value).ToArray()),
        _ when value.GetType().IsPrimitive => JsonValue.Create(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        _ => ToJson(value),
    };

    // JSON has no NaN or infinity; the YAML spellings bind back through the same scalar parser.
    private static string NonFinite(double number) => double.IsNaN(number) ? ".nan" : number > 0 ? ".inf" : "-.inf";

    private static JsonObject Dictionary(IDictionary dictionary)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in dictionary) result[(string)entry.Key] = Value(entry.Value);
        return result;
    }

    /// <summary>
    /// Binds the JSON object <paramref name="json"/> onto a new <paramref name="type"/> (defaults for absent keys).
    /// Problems are added to <paramref name="errors"/> located at <paramref name="file"/> and named by
    /// <paramref name="path"/> (for example <c>metadata.saeplatform.architecture_options</c>).
    /// </summary>
    public static object Bind(Type type, JsonElement json, string file, string path, List<ConfigError> errors)
    {
        var location = new SourceLocation(file, 0, 0, Path.GetDirectoryName(file) ?? ".");
        var node = ToNode(json, location);
        var map = node as ConfigMap;
        if (map is null) errors.Add(new ConfigError(location, path, $"expected an object, got {node.Describe()}"));
        return new OptionsBinder(errors).BindObject(type, map, path, location);
    }

    private static ConfigNode ToNode(JsonElement json, SourceLocation location)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new ConfigMap(location);
                foreach (var property in json.EnumerateObject()) map.Set(property.Name, location, ToNode(property.Value, location));
                return map;
            case JsonValueKind.Array:
                return new ConfigList([.. json.EnumerateArray().Select(item => ToNode(item, location))], location);
            case JsonValueKind.String:
                return new ConfigScalar(json.GetString(), true, location);
            case JsonValueKind.Number:
                return new ConfigScalar(json.GetRawText(), false, location);
            case JsonValueKind.True:
                return new ConfigScalar("true", false, location);
            case JsonValueKind.False:
                return new ConfigScalar("false", false, location);
            default:
                return new ConfigScalar(null, false, location);
        }
    }
}
