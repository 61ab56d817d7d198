using System.Reflection;
using System.Runtime.Serialization;
using System.Text;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>Property and enum names as written in configs: snake case.</summary>
internal static class ConfigKeyNaming
{
    /// <summary>
    /// <c>DeadFeatureWindow</c> -> <c>dead_feature_window</c>, <c>L1Coefficient</c> -> <c>l1_coefficient</c>,
    /// <c>AdamBeta1</c> -> <c>adam_beta1</c>, <c>DIn</c> -> <c>d_in</c>, <c>HTTPServer</c> -> <c>http_server</c>.
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                // A word starts at an upper-case letter after a lower-case letter or digit, or at the last
                // capital of an acronym followed by lower case (HTTPServer -> http_server).
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                    builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    /// <summary>The config spelling of an enum value: its <see cref="EnumMemberAttribute"/> value, else snake case.</summary>
    public static string EnumValueName(Type enumType, object value)
    {
        var name = Enum.GetName(enumType, value);
        if (name is null) return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var member = enumType.GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<EnumMemberAttribute>();
        return member?.Value ?? ToSnakeCase(name);
    }

    /// <summary>Lower case without separators, so <c>Cosine</c>, <c>COSINE</c> and <c>linear_warmup</c>/<c>LinearWarmup</c> compare equal.</summary>
    public static string Normalize(string text) =>
        text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
