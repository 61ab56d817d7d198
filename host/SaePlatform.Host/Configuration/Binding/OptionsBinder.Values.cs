using System.Collections;
using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration.Binding;

internal sealed partial class OptionsBinder
{
    /// <summary>
    /// Converts <paramref name="node"/> to <paramref name="type"/>: string, bool, int, long, float, double,
    /// enums (case-insensitive, snake case), nullable forms, lists/arrays of those, string-keyed dictionaries and
    /// nested options classes. Adds an error and returns false when it does not fit.
    /// </summary>
    public bool TryReadValue(ConfigNode node, Type type, bool allowsNull, string keyPath, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is ConfigScalar { IsNull: true })
        {
            if (allowsNull || underlying is not null) return true;
            return Fail(node, keyPath, $"expected {Expectation(type)}, got null");
        }
        type = underlying ?? type;

        if (type == typeof(string))
        {
            if (node is ConfigScalar { Value: { } text }) { value = text; return true; }
            return Fail(node, keyPath, $"expected a string, got {node.Describe()}");
        }
        if (ScalarParsing.IsScalarType(type))
        {
            if (node is not ConfigScalar { Value: { } text })
                return Fail(node, keyPath, $"expected {Expectation(type)}, got {node.Describe()}");
            if (ScalarParsing.TryParse(text, type, out value, out var problem)) return true;
            return Fail(node, keyPath, problem!);
        }
        if (DictionaryValueType(type) is { } dictionaryValue) return TryReadDictionary(node, dictionaryValue, keyPath, out value);
        if (ListElementType(type) is { } element) return TryReadList(node, type, element, keyPath, out value);
        if (type.IsClass && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null)
        {
            if (node is not ConfigMap map) return Fail(node, keyPath, $"expected a map of options, got {node.Describe()}");
            value = BindObject(type, map, keyPath, map.Location);
            return true;
        }
        return Fail(node, keyPath, $"the options class uses the unsupported type {type.Name} for this key (a plugin bug)");
    }

    private bool TryReadList(ConfigNode node, Type listType, Type element, string keyPath, out object? value)
    {
        value = null;
        // A single scalar where a list of scalars is expected is a one-item list: `paths: data/x.npy`.
        IReadOnlyList<ConfigNode> items = node switch
        {
            ConfigList list => list.Items,
            ConfigScalar when ScalarParsing.IsScalarType(element) || element == typeof(string) => [node],
            _ => [],
        };
        if (node is not ConfigList && items.Count == 0)
            return Fail(node, keyPath, $"expected a list, got {node.Describe()}");
        var result = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            if (TryReadValue(items[i], element, false, $"{keyPath}[{i}]", out var item)) result.Add(item);
            else ok = false;
        }
        if (!ok) return false;
        if (listType.IsArray)
        {
            var array = Array.CreateInstance(element, result.Count);
            result.CopyTo(array, 0);
            value = array;
        }
        else value = result;
        return true;
    }

    private bool TryReadDictionary(ConfigNode node, Type valueType, string keyPath, out object? value)
    {
        value = null;
        if (node is not ConfigMap map) return Fail(node, keyPath, $"expected a map, got {node.Describe()}");
        var result = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
        var ok = true;
        foreach (var entry in map.Entries)
        {
            if (TryReadValue(entry.Value, valueType, !valueType.IsValueType, Join(keyPath, entry.Key), out var item)) result[entry.Key] = item;
            else ok = false;
        }
        value = result;
        return ok;
    }

    /// <summary>T of T[], List&lt;T&gt; and the list interfaces List&lt;T&gt; implements; null otherwise.</summary>
    public static Type? ListElementType(Type type)
    {
        if (type.IsArray) return type.GetArrayRank() == 1 ? type.GetElementType() : null;
        if (!type.IsGenericType || type == typeof(string)) return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
            || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    /// <summary>TValue of string-keyed Dictionary/IDictionary/IReadOnlyDictionary; null otherwise.</summary>
    public static Type? DictionaryValueType(Type type)
    {
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        var args = type.GetGenericArguments();
        return (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            && args[0] == typeof(string) ? args[1] : null;
    }

    private static string Expectation(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (ScalarParsing.IsScalarType(type)) return ScalarParsing.Expectation(type);
        if (ListElementType(type) is not null) return "a list";
        return "a map";
    }

    private bool Fail(ConfigNode node, string keyPath, string message)
    {
        Errors.Add(new ConfigError(node.Location, keyPath, message));
        return false;
    }
}
