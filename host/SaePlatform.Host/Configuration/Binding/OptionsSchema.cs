using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using SaePlatform.Contracts.Options;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>The config keys of an options class: its public settable instance properties, in declaration order.</summary>
internal sealed class OptionsSchema
{
    private static readonly ConcurrentDictionary<Type, OptionsSchema> Cache = new();
    private readonly Dictionary<string, OptionsProperty> _byKey = new(StringComparer.Ordinal);

    private OptionsSchema(Type type)
    {
        Type = type;
        var nullability = new NullabilityInfoContext();
        var properties = new List<OptionsProperty>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.SetMethod is not { IsPublic: true } || property.GetMethod is not { IsPublic: true })
                continue;
            var key = property.GetCustomAttribute<ConfigKeyAttribute>()?.Key ?? ConfigKeyNaming.ToSnakeCase(property.Name);
            var aliases = property.GetCustomAttribute<ConfigAliasAttribute>()?.Aliases ?? [];
            var allowsNull = property.PropertyType.IsValueType
                ? Nullable.GetUnderlyingType(property.PropertyType) is not null
                : nullability.Create(property).WriteState != NullabilityState.NotNull;
            var option = new OptionsProperty(property, key, aliases, property.GetCustomAttribute<PathOptionAttribute>(),
                allowsNull, property.GetCustomAttribute<DescriptionAttribute>()?.Description);
            foreach (var name in aliases.Prepend(key))
                if (!_byKey.TryAdd(name, option))
                    throw new InvalidOperationException($"Options class {type.FullName} declares the config key '{name}' twice.");
            properties.Add(option);
        }
        Properties = properties;
    }

    /// <summary>The options class.</summary>
    public Type Type { get; }

    /// <summary>Every key, in declaration order.</summary>
    public IReadOnlyList<OptionsProperty> Properties { get; }

    /// <summary>Every accepted spelling (keys and aliases), for "did you mean".</summary>
    public IEnumerable<string> AllKeys => _byKey.Keys;

    /// <summary>The schema of <paramref name="type"/> (cached).</summary>
    public static OptionsSchema For(Type type) => Cache.GetOrAdd(type, static t => new OptionsSchema(t));

    /// <summary>The property a key or alias names, or null.</summary>
    public OptionsProperty? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The property named <paramref name="propertyName"/> (C# name), or null.</summary>
    public OptionsProperty? FindByPropertyName(string propertyName)
    {
        foreach (var p in Properties)
            if (p.Property.Name == propertyName) return p;
        return null;
    }
}
