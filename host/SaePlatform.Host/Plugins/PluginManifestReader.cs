using System.Text.Json;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Plugins;

/// <summary>Reads and checks a <c>plugin.json</c>.</summary>
/// <remarks>
/// Field names match case-insensitively; unknown fields are ignored so a newer manifest (or a
/// <c>$schema</c> line) still reads. Comments and trailing commas are allowed.
/// </remarks>
internal static class PluginManifestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads the manifest at <paramref name="manifestPath"/>.</summary>
    /// <exception cref="PluginManifestException">
    /// The file is missing or unreadable, is not valid JSON (message gives line and position), or a field is
    /// missing, of the wrong type or out of range (message names the field).
    /// </exception>
    public static PluginManifest Read(string manifestPath)
    {
        var path = Path.GetFullPath(manifestPath);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PluginManifestException(path, $"file not found; every plugin folder needs a {PluginManifest.FileName}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PluginManifestException(path, $"cannot read: {e.Message}", e);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from zero; editors count from one.
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            throw new PluginManifestException(path, $"invalid JSON{where}: {FirstSentence(e.Message)}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Field(path, "(root)", $"must be a JSON object, found {Describe(root.ValueKind)}");
            return ReadManifest(path, root);
        }
    }

    private static PluginManifest ReadManifest(string path, JsonElement root)
    {
        var id = RequiredString(path, root, "id");
        var version = RequiredString(path, root, "version");
        var contractsVersion = RequiredInt(path, root, "contractsVersion");
        if (contractsVersion < 1)
            throw Field(path, "contractsVersion", $"must be 1 or more, found {contractsVersion}");

        var entryAssembly = RequiredString(path, root, "entryAssembly");
        if (entryAssembly.IndexOfAny(['/', '\\']) >= 0 || !entryAssembly.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            throw Field(path, "entryAssembly", $"must be the file name of a .dll in the plugin folder, found \"{entryAssembly}\"");

        var components = ReadComponents(path, root);
        var isolation = ReadIsolation(path, root);
        var description = OptionalString(path, root, "description");
        return new PluginManifest(id, version, contractsVersion, entryAssembly, components, isolation, description);
    }

    private static List<ManifestComponent> ReadComponents(string path, JsonElement root)
    {
        if (!TryGet(root, "components", out var array))
            throw Field(path, "components", "is missing (a list of {\"kind\": ..., \"id\": ...})");
        if (array.ValueKind != JsonValueKind.Array)
            throw Field(path, "components", $"must be a list, found {Describe(array.ValueKind)}");

        var components = new List<ManifestComponent>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var name = $"components[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw Field(path, name, $"must be an object with \"kind\" and \"id\", found {Describe(item.ValueKind)}");
            var kindText = RequiredString(path, item, "kind", name + ".");
            if (!ComponentKindNames.TryParse(kindText, out var kind))
                throw Field(path, name + ".kind", $"\"{kindText}\" is not a component kind; use one of {ComponentKindNames.Listing}");
            components.Add(new ManifestComponent(kind, RequiredString(path, item, "id", name + ".")));
        }
        return components;
    }

    private static ComponentIsolation? ReadIsolation(string path, JsonElement root)
    {
        var text = OptionalString(path, root, "isolation");
        return text?.ToLowerInvariant() switch
        {
            null or "default" => null,
            "inprocess" or "in-process" or "in_process" => ComponentIsolation.InProcess,
            "process" => ComponentIsolation.Process,
            _ => throw Field(path, "isolation", $"\"{text}\" is not an isolation mode; use \"process\" (the default for plugins outside the host's plugins folder) or \"inprocess\""),
        };
    }

    private static string RequiredString(string path, JsonElement parent, string name, string prefix = "")
    {
        if (!TryGet(parent, name, out var value))
            throw Field(path, prefix + name, "is missing");
        if (value.ValueKind != JsonValueKind.String)
            throw Field(path, prefix + name, $"must be a string, found {Describe(value.ValueKind)}");
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
            throw Field(path, prefix + name, "must not be empty");
        return text.Trim();
    }

    private static string? OptionalString(string path, JsonElement parent, string name)
    {
        if (!TryGet(parent, name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw Field(path, name, $"must be a string, found {Describe(value.ValueKind)}");
        return value.GetString();
    }

    private static int RequiredInt(string path, JsonElement parent, string name)
    {
        if (!TryGet(parent, name, out var value))
            throw Field(path, name, "is missing");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw Field(path, name, $"must be an integer, found {Describe(value.ValueKind)} {value.GetRawText()}");
        return number;
    }

    private static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static PluginManifestException Field(string path, string field, string problem) =>
        new(path, $"field '{field}' {problem}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 4." with zero-based numbers;
    // we already report one-based ones.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
