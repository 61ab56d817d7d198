using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>
/// Binds config maps onto options objects (snake-case keys to properties), resolving <c>[PathOption]</c>
/// paths and running DataAnnotations validation. Every problem is added to <see cref="Errors"/>; binding
/// carries on so that one pass reports them all.
/// </summary>
internal sealed partial class OptionsBinder(List<ConfigError> errors)
{
    /// <summary>Problems found so far.</summary>
    public List<ConfigError> Errors { get; } = errors;

    /// <summary>
    /// Creates an instance of <paramref name="type"/> (defaults from its initialisers) and sets the keys of
    /// <paramref name="map"/> on it, then validates it.
    /// </summary>
    /// <param name="type">Options class with a public parameterless constructor.</param>
    /// <param name="map">The keys to bind; null binds nothing (all defaults).</param>
    /// <param name="path">Key path of the map, for messages (<c>training</c>, <c>visualizers[0]</c>).</param>
    /// <param name="fallback">Location for problems with defaults (the map, or the section that should hold it).</param>
    /// <param name="reservedKeys">Keys of the map that belong to the caller (<c>type</c>, <c>isolation</c>), skipped here.</param>
    public object BindObject(Type type, ConfigMap? map, string path, SourceLocation fallback, IReadOnlyCollection<string>? reservedKeys = null) =>
        BindObject(type, map, path, fallback, reservedKeys, out _);

    /// <inheritdoc cref="BindObject(Type, ConfigMap?, string, SourceLocation, IReadOnlyCollection{string}?)"/>
    /// <param name="locations">Where each property set from the config was written, by C# property name, for checks
    /// that run again later (<see cref="OptionsValidator.Revalidate"/>).</param>
    /// <param name="items">Facts for class-level rules (<see cref="System.ComponentModel.DataAnnotations.ValidationContext.Items"/>).</param>
    public object BindObject(Type type, ConfigMap? map, string path, SourceLocation fallback, IReadOnlyCollection<string>? reservedKeys,
        out IReadOnlyDictionary<string, SourceLocation> locations, IDictionary<object, object?>? items = null)
    {
        var schema = OptionsSchema.For(type);
        var instance = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"Cannot create options {type.FullName}.");
        var set = new Dictionary<OptionsProperty, ConfigEntry>();
        var failed = new HashSet<OptionsProperty>();
        foreach (var entry in map?.Entries ?? [])
        {
            if (reservedKeys?.Contains(entry.Key) == true) continue;
            var keyPath = Join(path, entry.Key);
            var property = schema.Find(entry.Key);
            if (property is null)
            {
                Errors.Add(new ConfigError(entry.KeyLocation, keyPath, UnknownKeyMessage(entry.Key, schema, reservedKeys)));
                continue;
            }
            if (set.TryGetValue(property, out var earlier))
            {
                Errors.Add(new ConfigError(entry.KeyLocation, keyPath,
                    $"'{entry.Key}' and '{earlier.Key}' are the same setting; set only one"));
                continue;
            }
            set[property] = entry;
            if (!TryReadValue(entry.Value, property.Property.PropertyType, property.AllowsNull, keyPath, out var value)
                || !TryResolvePaths(property, entry.Value, ref value, keyPath))
            {
                failed.Add(property);
                continue;
            }
            property.Property.SetValue(instance, value);
        }
        ResolveDefaultPaths(schema, instance, set, path, fallback, failed);
        var written = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (property, entry) in set) written[property.Property.Name] = entry.Value.Location;
        OptionsValidator.Validate(instance, schema, path, written, fallback, failed, Errors, items);
        locations = written;
        return instance;
    }

    private static string UnknownKeyMessage(string key, OptionsSchema schema, IReadOnlyCollection<string>? reserved)
    {
        var candidates = schema.AllKeys.Concat(reserved ?? []).ToList();
        if (schema.Properties.Count == 0 && (reserved is null || reserved.Count == 0)) return $"unknown key '{key}' (this section takes no keys)";
        return $"unknown key '{key}'" + ClosestName.Suffix(key, candidates)
            + (candidates.Count <= 12 ? $"; known keys: {string.Join(", ", candidates)}" : "");
    }

    private void ResolveDefaultPaths(OptionsSchema schema, object instance, Dictionary<OptionsProperty, ConfigEntry> set,
        string path, SourceLocation fallback, HashSet<OptionsProperty> failed)
    {
        foreach (var property in schema.Properties)
        {
            if (property.PathOption is null || set.ContainsKey(property)) continue;
            var value = property.Property.GetValue(instance);
            if (value is null || value is string { Length: 0 }) continue;
            var node = new ConfigScalar(null, false, fallback);
            if (TryResolvePaths(property, node, ref value, Join(path, property.Key))) property.Property.SetValue(instance, value);
            else failed.Add(property);
        }
    }

    // Resolves a string or string-list path option against the folder of the file each value was written in.
    private bool TryResolvePaths(OptionsProperty property, ConfigNode node, ref object? value, string keyPath)
    {
        if (property.PathOption is not { } option || value is null) return true;
        if (value is string text)
        {
            if (!PathOptionResolver.TryResolve(text, node.Location.BaseDirectory, option, out var resolved, out var problem))
            {
                Errors.Add(new ConfigError(node.Location, keyPath, problem!));
                return false;
            }
            value = resolved;
            return true;
        }
        if (value is IList<string> list)
        {
            var ok = true;
            for (var i = 0; i < list.Count; i++)
            {
                var itemNode = node is ConfigList nodes && i < nodes.Items.Count ? nodes.Items[i] : node;
                if (PathOptionResolver.TryResolve(list[i], itemNode.Location.BaseDirectory, option, out var resolved, out var problem))
                {
                    list[i] = resolved;
                    continue;
                }
                Errors.Add(new ConfigError(itemNode.Location, $"{keyPath}[{i}]", problem!));
                ok = false;
            }
            return ok;
        }
        return true;
    }

    /// <summary><c>parent.key</c>, or <c>key</c> at the top.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
