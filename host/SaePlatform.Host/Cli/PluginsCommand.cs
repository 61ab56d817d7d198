using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SaePlatform.Host.Plugins;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae plugins [--json] [--path folder]...</c>: what was found, what loaded, what it provides;
/// <c>sae plugins validate &lt;folder&gt;</c>: whether one plugin folder would load and be configurable.
/// </summary>
internal static class PluginsCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var paths = new Option<string[]>("--path") { Description = "Extra plugin folder to scan (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("plugins", "List plugins, their status and the components they provide.") { json, paths, CreateValidate(verbose) };
        command.SetAction(parse =>
        {
            using var host = SaeHost.Build(parse.GetValue(verbose));
            var extra = (parse.GetValue(paths) ?? []).Select(Path.GetFullPath).ToList();
            var catalog = host.Services.GetRequiredService<PluginLoader>().Load(PluginRoots.ForHost(extra));
            if (parse.GetValue(json)) PluginReport.WriteJson(Console.Out, catalog.Plugins);
            else PluginReport.WriteTable(Console.Out, catalog.Plugins);
            return catalog.NotLoaded.Any() ? ExitCodes.UsageOrConfigError : ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateValidate(Option<bool> verbose)
    {
        var folder = new Argument<string>("folder") { Description = "The plugin's folder (its build output: the .dll files and plugin.json)." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var command = new Command("validate", "Check a plugin folder (manifest, assemblies, components, options classes) without training.") { folder, json };
        command.SetAction(parse =>
        {
            using var host = SaeHost.Build(parse.GetValue(verbose));
            var validation = PluginValidator.Validate(parse.GetValue(folder)!, PluginRoots.ForHost(),
                host.Services.GetRequiredService<PluginLoader>());
            if (parse.GetValue(json)) PluginValidationReport.WriteJson(Console.Out, validation);
            else PluginValidationReport.WriteText(Console.Out, validation);
            return validation.Passed ? ExitCodes.Success : ExitCodes.UsageOrConfigError;
        });
        return command;
    }
}
