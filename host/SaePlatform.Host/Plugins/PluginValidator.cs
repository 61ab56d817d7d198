using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Plugins;

/// <summary>
/// What <c>sae plugins validate &lt;folder&gt;</c> checks, without training: the folder loads the way the host
/// would load it (manifest, contracts version, entry assembly, component classes and constructors, id
/// clashes with the plugins the host already has), it does not ship shared assemblies, and every options
/// class binds from a config (supported property types, unique keys, descriptions, valid defaults).
/// </summary>
internal static class PluginValidator
{
    /// <summary>Validates the plugin in <paramref name="folder"/> against the plugins under <paramref name="otherRoots"/>.</summary>
    public static PluginValidation Validate(string folder, IEnumerable<PluginRoot> otherRoots, PluginLoader loader)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var findings = new List<PluginFinding>();
        if (!Directory.Exists(full))
            return Fail(findings, full, $"folder {full} does not exist");
        if (!File.Exists(Path.Combine(full, PluginManifest.FileName)))
            return Fail(findings, full, $"{full} has no {PluginManifest.FileName}; point at the plugin's build output folder (where its .dll and {PluginManifest.FileName} are)");

        var roots = otherRoots.Where(r => !PluginRoots.PathComparer.Equals(r.Path, full)).Append(new PluginRoot(full, "sae plugins validate"));
        var catalog = loader.Load(roots);
        var result = catalog.Plugins.Last(p => PluginRoots.PathComparer.Equals(p.Folder, full));
        if (result.Status != PluginLoadStatus.Loaded)
            return Fail(findings, full, result.Reason ?? result.Status.ToString());

        findings.Add(new(FindingLevel.Pass, $"plugin '{result.PluginId}' {result.Manifest!.Version} loads (contracts API v{result.Manifest.ContractsVersion}, {result.Manifest.EntryAssembly})"));
        foreach (var warning in result.Warnings) findings.Add(new(FindingLevel.Warning, warning));
        CheckSharedAssemblies(full, findings);
        foreach (var component in result.Components) CheckComponent(component, findings);
        return new PluginValidation(full, result.PluginId, findings);
    }

    private static PluginValidation Fail(List<PluginFinding> findings, string folder, string message)
    {
        findings.Add(new(FindingLevel.Failure, message));
        return new PluginValidation(folder, null, findings);
    }

    // A copy of a shared assembly in the folder is never loaded (the host's is used), so it only hides a
    // build setting that will bite later: say how to drop it.
    private static void CheckSharedAssemblies(string folder, List<PluginFinding> findings)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            var name = new AssemblyName(Path.GetFileNameWithoutExtension(file));
            if (SharedAssemblies.IsShared(name))
                findings.Add(new(FindingLevel.Warning,
                    $"ships {Path.GetFileName(file)}, which the host always provides (this copy is ignored); reference it with Private=\"false\" ExcludeAssets=\"runtime\""));
        }
    }

    private static void CheckComponent(ComponentDescriptor component, List<PluginFinding> findings)
    {
        var label = $"{ComponentKindNames.ToName(component.Kind)} '{component.Id}'";
        int before = findings.Count;
        if (string.IsNullOrWhiteSpace(component.Description))
            findings.Add(new(FindingLevel.Warning, $"{label} has no Description in its attribute; `sae plugins` shows nothing for it"));
        if (component.OptionsType is { } optionsType) CheckOptions(label, optionsType, findings);
        if (RemedyDeclaration.MissingHooks(component.ImplementationType) is { } missing)
            findings.Add(new(FindingLevel.Failure, $"{label}: {missing}"));
        if (!findings.Skip(before).Any(f => f.Level == FindingLevel.Failure))
        {
            int keys = component.OptionsType is null ? 0 : SafeKeyCount(component.OptionsType);
            findings.Add(new(FindingLevel.Pass, $"{label}: {(component.OptionsType is null ? "no options" : $"{keys} option keys bind")}"));
        }
    }

    private static int SafeKeyCount(Type optionsType) => OptionsSchema.For(optionsType).Properties.Count;

    private static void CheckOptions(string label, Type optionsType, List<PluginFinding> findings)
    {
        OptionsSchema schema;
        try
        {
            schema = OptionsSchema.For(optionsType);
        }
        catch (InvalidOperationException e)
        {
            findings.Add(new(FindingLevel.Failure, $"{label}: {e.Message}"));
            return;
        }
        foreach (var option in schema.Properties)
        {
            if (!IsBindable(option.Property.PropertyType, []))
                findings.Add(new(FindingLevel.Failure,
                    $"{label}: option '{option.Key}' ({optionsType.Name}.{option.Property.Name}) has type {option.Property.PropertyType.Name}, which a config cannot set " +
                    "(use string, bool, int, long, float, double, an enum, a list or string-keyed dictionary of those, or a nested options class)"));
            if (option.Description is null)
                findings.Add(new(FindingLevel.Warning, $"{label}: option '{option.Key}' has no [Description]; users see no help for it"));
        }

        object? defaults;
        try
        {
            defaults = Activator.CreateInstance(optionsType);
        }
        catch (Exception e)
        {
            findings.Add(new(FindingLevel.Failure, $"{label}: options class {optionsType.Name} cannot be created with its parameterless constructor: {PluginErrorText.Describe(e)}"));
            return;
        }
        var errors = new List<ValidationResult>();
        if (defaults is not null && !Validator.TryValidateObject(defaults, new ValidationContext(defaults), errors, validateAllProperties: true))
            findings.Add(new(FindingLevel.Info, $"{label}: the defaults alone are not a valid configuration, so a config must set: " +
                string.Join("; ", errors.Select(e => e.ErrorMessage))));
    }

    // Mirrors what OptionsBinder.TryReadValue accepts.
    private static bool IsBindable(Type type, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || ScalarParsing.IsScalarType(type)) return true;
        if (OptionsBinder.DictionaryValueType(type) is { } value) return IsBindable(value, visiting);
        if (OptionsBinder.ListElementType(type) is { } element) return IsBindable(element, visiting);
        if (type.IsClass && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null)
        {
            if (!visiting.Add(type)) return true;
            foreach (var property in OptionsSchema.For(type).Properties)
                if (!IsBindable(property.Property.PropertyType, visiting)) return false;
            return true;
        }
        return false;
    }
}

/// <summary>How serious a validation finding is.</summary>
internal enum FindingLevel
{
    /// <summary>A check passed.</summary>
    Pass,
    /// <summary>Worth knowing; not a problem.</summary>
    Info,
    /// <summary>Loads and works, but something will confuse users or break later.</summary>
    Warning,
    /// <summary>The host would not load the plugin, or a config could not configure it.</summary>
    Failure,
}

/// <summary>One finding of <see cref="PluginValidator"/>.</summary>
internal sealed record PluginFinding(FindingLevel Level, string Message);

/// <summary>All findings for one plugin folder.</summary>
internal sealed record PluginValidation(string Folder, string? PluginId, IReadOnlyList<PluginFinding> Findings)
{
    /// <summary>True when nothing failed.</summary>
    public bool Passed => Findings.All(f => f.Level != FindingLevel.Failure);
}
