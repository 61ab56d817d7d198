using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>
/// DataAnnotations validation of a bound options object, with messages that use config keys and point at
/// the value that broke the rule. Class-level rules (<see cref="IValidatableObject"/>) run only when every
/// property passed, as <see cref="Validator"/> does.
/// </summary>
internal static class OptionsValidator
{
    /// <summary>Adds a <see cref="ConfigError"/> for each broken rule.</summary>
    /// <param name="instance">The bound object.</param>
    /// <param name="schema">Its schema.</param>
    /// <param name="path">Key path of the object.</param>
    /// <param name="locations">Where each property set from the config was written, by C# property name.</param>
    /// <param name="fallback">Location for rules about defaults or the object as a whole.</param>
    /// <param name="skip">Properties whose value could not be read (already reported).</param>
    /// <param name="errors">Receives problems.</param>
    /// <param name="items">Facts for class-level rules (<see cref="ValidationContext.Items"/>), e.g. d_in once the data's header is read.</param>
    public static void Validate(object instance, OptionsSchema schema, string path, IReadOnlyDictionary<string, SourceLocation> locations,
        SourceLocation fallback, IReadOnlySet<OptionsProperty> skip, List<ConfigError> errors, IDictionary<object, object?>? items = null)
    {
        var before = errors.Count;
        foreach (var property in schema.Properties)
        {
            if (skip.Contains(property)) continue;
            var value = property.Property.GetValue(instance);
            var context = new ValidationContext(instance) { MemberName = property.Property.Name, DisplayName = property.Key };
            foreach (var rule in property.Property.GetCustomAttributes<ValidationAttribute>())
            {
                if (rule.GetValidationResult(value, context) is not { } result) continue;
                errors.Add(new ConfigError(locations.GetValueOrDefault(property.Property.Name, fallback),
                    OptionsBinder.Join(path, property.Key), Message(rule, result, value)));
            }
        }
        if (errors.Count > before || skip.Count > 0) return;

        var objectContext = new ValidationContext(instance, items);
        foreach (var rule in instance.GetType().GetCustomAttributes<ValidationAttribute>(true))
            if (rule.GetValidationResult(instance, objectContext) is { } result)
                errors.Add(new ConfigError(fallback, path, result.ErrorMessage ?? "is not valid"));
        if (instance is not IValidatableObject validatable) return;
        foreach (var result in validatable.Validate(objectContext))
        {
            var member = result.MemberNames.FirstOrDefault();
            var property = member is null ? null : schema.FindByPropertyName(member) ?? schema.Find(member);
            var keyPath = property is null ? path : OptionsBinder.Join(path, property.Key);
            var location = property is null ? fallback : locations.GetValueOrDefault(property.Property.Name, fallback);
            errors.Add(new ConfigError(location, keyPath, result.ErrorMessage ?? "is not valid"));
        }
    }

    /// <summary>
    /// Validates already bound options again with facts learnt since (<paramref name="items"/>, e.g. the data's d_in),
    /// so that cross-field rules that need them report the config location, before any row is read.
    /// </summary>
    /// <returns>The problems found; empty when the options still hold.</returns>
    public static List<ConfigError> Revalidate(object instance, string path, IReadOnlyDictionary<string, SourceLocation> locations,
        SourceLocation fallback, IDictionary<object, object?> items)
    {
        var errors = new List<ConfigError>();
        Validate(instance, OptionsSchema.For(instance.GetType()), path, locations, fallback, new HashSet<OptionsProperty>(), errors, items);
        return errors;
    }

    // The stock messages name the C# property ("The field Lr must be between ..."); these name the value instead.
    private static string Message(ValidationAttribute rule, ValidationResult result, object? value)
    {
        var custom = rule.ErrorMessage is not null || rule.ErrorMessageResourceType is not null;
        if (!custom && rule is RangeAttribute range)
        {
            var low = range.MinimumIsExclusive ? "greater than" : "at least";
            var high = range.MaximumIsExclusive ? "less than" : "at most";
            return $"must be {low} {Format(range.Minimum)} and {high} {Format(range.Maximum)}, got {Format(value)}";
        }
        if (!custom && rule is RequiredAttribute) return "is required";
        return result.ErrorMessage ?? "is not valid";
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
