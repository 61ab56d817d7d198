using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Options;

namespace SaePlatform.Host.Plugins.Components;

/// <summary>
/// Constructs a component once at load time with its default options, so that a component whose
/// constructor throws is reported (and its plugin skipped) before any config is read.
/// </summary>
/// <remarks>
/// The contracts put the expensive work in <c>Initialize</c>/<c>Open</c>/<c>OnRunStart</c>, so a constructor
/// should be cheap. Defaults are only trusted when they form a valid configuration: a component whose
/// defaults fail validation (a <c>[Required]</c> key) or name a file that must exist is not probed, because
/// its constructor may rightly reject them; such a constructor failure surfaces when the run creates the
/// component (<see cref="PluginCatalog.Create"/>), naming the plugin and folder.
/// </remarks>
internal static class ComponentProbe
{
    /// <summary>What happened when probing one component.</summary>
    /// <param name="Problem">Why the component cannot be used, or null.</param>
    /// <param name="SkippedBecause">Why it was not constructed, or null when it was.</param>
    public readonly record struct Outcome(string? Problem, string? SkippedBecause);

    /// <summary>Constructs and disposes <paramref name="component"/> with default options, if they are valid.</summary>
    public static Outcome Probe(ComponentDescriptor component, string pluginFolder)
    {
        object? options = null;
        if (component.OptionsType is { } optionsType)
        {
            try
            {
                options = Activator.CreateInstance(optionsType);
            }
            catch (Exception e)
            {
                return new Outcome($"options class {optionsType.FullName} cannot be created: {PluginErrorText.Describe(e)}", null);
            }
            var skip = WhyDefaultsAreNotRunnable(options!);
            if (skip is not null) return new Outcome(null, skip);
        }

        var outputDirectory = Path.Combine(Path.GetTempPath(), "sae-plugin-probe", Guid.NewGuid().ToString("N"));
        var context = new ComponentContext(NullLogger.Instance, pluginFolder, outputDirectory, seed: 0);
        try
        {
            object instance;
            try
            {
                instance = component.Create(options, context);
            }
            catch (Exception e)
            {
                // Designated isolation point: whatever a plugin constructor throws becomes a load failure.
                return new Outcome($"threw in its constructor (created with default options to check it): {PluginErrorText.Describe(e)}", null);
            }
            try
            {
                (instance as IDisposable)?.Dispose();
            }
            catch (Exception e)
            {
                // Same isolation point: a Dispose that throws would throw at the end of every run too.
                return new Outcome($"threw in Dispose (created with default options and disposed to check it): {PluginErrorText.Describe(e)}", null);
            }
            return new Outcome(null, null);
        }
        finally
        {
            if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
        }
    }

    private static string? WhyDefaultsAreNotRunnable(object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<PathOptionAttribute>() is { MustExist: true })
                return $"option {property.Name} names a path that must exist";
        }
        var errors = new List<ValidationResult>();
        try
        {
            if (Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
                return null;
        }
        catch (Exception e)
        {
            return $"validating the default options threw {e.GetType().Name}";
        }
        return $"default options are not a valid configuration ({errors[0].ErrorMessage})";
    }
}
