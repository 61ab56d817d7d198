using System.Reflection;
using SaePlatform.Contracts.Components;

namespace SaePlatform.Host.Plugins.Components;

/// <summary>Finds the component classes of a plugin assembly and checks their shape.</summary>
/// <remarks>
/// Attributes are matched by type against the host's <see cref="ComponentAttribute"/>: that works because the
/// plugin context hands SaePlatform.Contracts to the default context, so there is only one attribute type.
/// </remarks>
internal static class ComponentScanner
{
    /// <summary>What a scan found.</summary>
    /// <param name="Components">Components whose class has a usable shape.</param>
    /// <param name="Problems">One line per component that cannot be used (names the class and what is wrong).</param>
    public sealed record Result(IReadOnlyList<ComponentDescriptor> Components, IReadOnlyList<string> Problems);

    /// <summary>Scans the exported types of <paramref name="assembly"/>.</summary>
    /// <exception cref="ReflectionTypeLoadException">Types could not be loaded (a dependency is missing or mismatched).</exception>
    /// <exception cref="FileNotFoundException">A referenced assembly is not in the plugin folder.</exception>
    /// <exception cref="TypeLoadException">A type refers to something its dependencies do not have.</exception>
    public static Result Scan(Assembly assembly, string pluginId)
    {
        var components = new List<ComponentDescriptor>();
        var problems = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var attribute = type.GetCustomAttribute<ComponentAttribute>(inherit: false);
            if (attribute is null) continue;
            var label = $"{ComponentKindNames.ToName(attribute.Kind)} '{attribute.Id}' ({type.FullName})";
            Type? optionsType = null;
            var takesContext = false;
            var problem = CheckType(type, attribute.Kind) ?? CheckConstructor(type, out optionsType, out takesContext);
            if (problem is not null)
            {
                problems.Add($"{label} {problem}");
                continue;
            }
            components.Add(new ComponentDescriptor(attribute.Id, attribute.Kind, type, optionsType, takesContext, pluginId, attribute.Description));
        }
        return new Result(components, problems);
    }

    /// <summary>The interface a component of <paramref name="kind"/> implements.</summary>
    public static Type InterfaceOf(ComponentKind kind) => ComponentKindNames.Of(kind).ContractType;

    private static string? CheckType(Type type, ComponentKind kind)
    {
        if (!type.IsClass || type.IsAbstract) return "must be a non-abstract class";
        if (type.ContainsGenericParameters) return "must not be an open generic class";
        var contract = InterfaceOf(kind);
        return contract.IsAssignableFrom(type) ? null : $"does not implement {contract.FullName}";
    }

    // Allowed: (), (ComponentContext), (TOptions), (TOptions, ComponentContext) - see ComponentAttribute.
    private static string? CheckConstructor(Type type, out Type? optionsType, out bool takesContext)
    {
        optionsType = null;
        takesContext = false;
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        if (constructors.Length != 1)
            return constructors.Length == 0
                ? "has no public constructor"
                : $"has {constructors.Length} public constructors; keep exactly one so the host knows which to call";

        var parameters = constructors[0].GetParameters();
        var count = parameters.Length;
        if (count > 0 && parameters[count - 1].ParameterType == typeof(ComponentContext))
        {
            takesContext = true;
            count--;
        }
        if (count == 0) return null;
        var candidate = parameters[0].ParameterType;
        if (count == 1 && IsOptionsType(candidate))
        {
            optionsType = candidate;
            return null;
        }
        var shape = string.Join(", ", parameters.Select(p => p.ParameterType.Name));
        return $"has constructor ({shape}); use (), (ComponentContext), (TOptions) or (TOptions, ComponentContext) " +
               "where TOptions is a non-abstract class with a public parameterless constructor";
    }

    private static bool IsOptionsType(Type type) =>
        type.IsClass && !type.IsAbstract && type != typeof(string) && type != typeof(ComponentContext)
        && type.GetConstructor(Type.EmptyTypes) is not null;
}
