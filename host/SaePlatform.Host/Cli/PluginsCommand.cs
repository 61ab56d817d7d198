using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SaePlatform.Host.Plugins;

namespace SaePlatform.Host.Cli;

/// <summary><c>sae plugins [--json] [--path folder]...</c>: what was found, what loaded, what it provides.</summary>
internal static class PluginsCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var paths = new Option<string[]>("--path") { Description = "Extra plugin folder to scan (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("plugins", "List plugins, their status and the components they provide.") { json, paths };
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
}
