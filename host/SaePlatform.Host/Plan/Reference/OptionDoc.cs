using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using SaePlatform.Host.Configuration.Binding;

namespace SaePlatform.Host.Plan.Reference;

/// <summary>One config key as the reference shows it.</summary>
/// <param name="Key">The key.</param>
/// <param name="Aliases">Other accepted spellings of the key.</param>
/// <param name="Type">integer, number, bool, string, path, list of ..., enum; "or null" when null is accepted.</param>
/// <param name="Default">The value when the key is absent, as YAML would write it.</param>
/// <param name="Allowed">Enum values or the numeric range; empty when anything of the type goes.</param>
/// <param name="Description">The option's <c>[Description]</c>.</param>
internal sealed record OptionDoc(string Key, IReadOnlyList<string> Aliases, string Type, string Default, string Allowed, string Description)
{
    /// <summary>The keys of an options class with their defaults (from a fresh instance), in declaration order.</summary>
    public static IReadOnlyList<OptionDoc> For(Type optionsType)
    {
        var defaults = Activator.CreateInstance(optionsType);
        var docs = new List<OptionDoc>();
        foreach (var p in OptionsSchema.For(optionsType).Properties)
        {
            docs.Add(new OptionDoc(p.Key, p.Aliases, TypeName(p), Value(p.Property.GetValue(defaults)), AllowedValues(p.Property), p.Description ?? ""));
        }
        return docs;
    }

    private static string TypeName(OptionsProperty p)
    {
        var t = p.Property.PropertyType;
        var name = Name(Nullable.GetUnderlyingType(t) ?? t);
        if (p.PathOption is not null) name = name.Replace("string", "path", StringComparison.Ordinal);
        return p.AllowsNull ? name + " or null" : name;
    }

    private static string Name(Type t)
    {
        if (t == typeof(bool)) return "bool";
        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(uint) || t == typeof(ulong)) return "integer";
        if (t == typeof(float) || t == typeof(double) || t == typeof(decimal)) return "number";
        if (t == typeof(string)) return "string";
        if (t.IsEnum) return "enum";
        if (t.IsGenericType && typeof(IDictionary).IsAssignableFrom(t)) return "map of " + Name(t.GetGenericArguments()[^1]);
        if (t.IsArray) return "list of " + Name(t.GetElementType()!);
        if (t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t)) return "list of " + Name(t.GetGenericArguments()[0]);
        return "map";
    }

    private static string AllowedValues(PropertyInfo property)
    {
        var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var parts = new List<string>();
        if (t.IsEnum) parts.Add(string.Join(", ", Enum.GetValues(t).Cast<object>().Select(v => ConfigKeyNaming.EnumValueName(t, v))));
        foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
        {
            switch (rule)
            {
                case RangeAttribute range:
                    parts.Add(Range(range));
                    break;
                case StringLengthAttribute length:
                    parts.Add(length.MinimumLength > 0 ? $"{length.MinimumLength} to {length.MaximumLength} characters" : $"at most {length.MaximumLength} characters");
                    break;
                case RequiredAttribute:
                    parts.Add("required");
                    break;
            }
        }
        return string.Join("; ", parts);
    }

    private static string Range(RangeAttribute range)
    {
        string low = Number(range.Minimum), high = Number(range.Maximum);
        bool noHigh = IsMax(range.Maximum);
        var lowText = (range.MinimumIsExclusive ? "greater than " : "at least ") + low;
        var highText = (range.MaximumIsExclusive ? "less than " : "at most ") + high;
        return noHigh ? lowText : $"{lowText}, {highText}";
    }

    private static bool IsMax(object? value) => value switch
    {
        int i => i == int.MaxValue,
        long l => l == long.MaxValue,
        double d => d >= long.MaxValue || double.IsPositiveInfinity(d),
        string s => s is "Infinity" or "∞",
        _ => false,
    };

    private static string Number(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    /// <summary>A default value as YAML would write it.</summary>
    public static string Value(object? value) => value switch
    {
        null => "null",
        string s => s.Length == 0 ? "\"\"" : s,
        bool b => b ? "true" : "false",
        Enum e => ConfigKeyNaming.EnumValueName(e.GetType(), e),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f when value.GetType().IsPrimitive => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary d => d.Count == 0 ? "{}" : "{" + string.Join(", ", d.Keys.Cast<object>().Select(k => $"{k}: {Value(d[k])}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]",
        _ => value.ToString() ?? "",
    };
}
