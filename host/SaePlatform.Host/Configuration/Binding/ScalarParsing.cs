using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>Reads YAML scalar text as bool, integer, floating-point or enum values (invariant culture).</summary>
internal static class ScalarParsing
{
    /// <summary>Whether <paramref name="type"/> is read from a single scalar (string excluded).</summary>
    public static bool IsScalarType(Type type) =>
        type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(float) || type == typeof(double) || type.IsEnum;

    /// <summary>"a number", "an integer", "true or false", "one of a, b".</summary>
    public static string Expectation(Type type) =>
        type == typeof(bool) ? "true or false"
        : type == typeof(int) || type == typeof(long) ? "an integer"
        : type == typeof(float) || type == typeof(double) ? "a number"
        : type.IsEnum ? "one of " + string.Join(", ", EnumNames(type))
        : type.Name;

    /// <summary>Parses <paramref name="text"/> as <paramref name="type"/>; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(string text, Type type, out object? value, out string? problem)
    {
        value = null;
        problem = null;
        var trimmed = text.Trim();
        if (type == typeof(bool))
        {
            switch (trimmed.ToLowerInvariant())
            {
                case "true" or "yes" or "on": value = true; return true;
                case "false" or "no" or "off": value = false; return true;
            }
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (TryParseInteger(trimmed, out var integer))
            {
                if (type == typeof(long)) { value = integer; return true; }
                if (integer is >= int.MinValue and <= int.MaxValue) { value = (int)integer; return true; }
                problem = $"expected an integer between {int.MinValue} and {int.MaxValue}, got '{text}'";
                return false;
            }
        }
        else if (type == typeof(double) || type == typeof(float))
        {
            if (TryParseDouble(trimmed, out var number))
            {
                if (type == typeof(double)) { value = number; return true; }
                if (double.IsFinite(number) && Math.Abs(number) > float.MaxValue)
                {
                    problem = $"expected a number within the float range, got '{text}'";
                    return false;
                }
                value = (float)number;
                return true;
            }
        }
        else if (type.IsEnum)
        {
            var wanted = ConfigKeyNaming.Normalize(trimmed);
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var configName = field.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? ConfigKeyNaming.ToSnakeCase(field.Name);
                if (ConfigKeyNaming.Normalize(configName) != wanted && ConfigKeyNaming.Normalize(field.Name) != wanted) continue;
                value = field.GetValue(null);
                return true;
            }
            var names = EnumNames(type);
            problem = $"expected one of {string.Join(", ", names)}, got '{text}'" + ClosestName.Suffix(trimmed, names);
            return false;
        }
        problem = $"expected {Expectation(type)}, got '{text}'";
        return false;
    }

    /// <summary>Config spellings of every value of <paramref name="enumType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> EnumNames(Type enumType)
    {
        var names = new List<string>();
        foreach (var value in Enum.GetValues(enumType)) names.Add(ConfigKeyNaming.EnumValueName(enumType, value));
        return names;
    }

    // Integers may be written with digit separators (1_000_000) or in exponent form when integral (1e6).
    private static bool TryParseInteger(string text, out long value)
    {
        var digits = text.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        if (TryParseDouble(digits, out var number) && double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) < 9.2e18)
        {
            value = (long)number;
            return true;
        }
        return false;
    }

    private static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or "+.inf" or ".Inf" or "+.Inf" or ".INF" or "Infinity" or "inf": value = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf" or "-.INF" or "-Infinity" or "-inf": value = double.NegativeInfinity; return true;
            case ".nan" or ".NaN" or ".NAN" or "NaN" or "nan": value = double.NaN; return true;
        }
        return double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
