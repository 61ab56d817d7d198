using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Plan.Reference;
using SaePlatform.Host.Plugins;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae config reference [--output file]</c>: the config reference (every section and component) as Markdown;
/// <c>sae config describe &lt;section&gt; [type]</c>: one section or component of it.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var command = new Command("config", "Describe the config: every section, component and key.") { CreateReference(verbose), CreateDescribe(verbose) };
        return command;
    }

    private static Command CreateReference(Option<bool> verbose)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (e.g. docs/config.md) instead of stdout." };
        var command = new Command("reference", "The full config reference as Markdown, generated from the options of the host and of the loaded plugins.") { output };
        command.SetAction(parse =>
        {
            using var host = SaeHost.Build(parse.GetValue(verbose));
            var reference = new ConfigReference(LoadPlugins(host)).Markdown();
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file, reference);
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("sae").ConfigReferenceWritten(file);
            }
            else Console.Out.Write(reference);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDescribe(Option<bool> verbose)
    {
        var section = new Argument<string>("section") { Description = "run, data, architecture, penalty, training, visualizers, observers or plugins." };
        var type = new Argument<string?>("type") { Description = "A component of the section, e.g. topk for architecture.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("describe", "Keys, types, defaults, allowed values and descriptions of one section, or of one component (e.g. 'sae config describe architecture topk').") { section, type };
        command.SetAction(parse =>
        {
            using var host = SaeHost.Build(parse.GetValue(verbose));
            try
            {
                Console.Out.Write(new ConfigReference(LoadPlugins(host)).Describe(parse.GetValue(section)!, parse.GetValue(type)));
                return ExitCodes.Success;
            }
            catch (ArgumentException ex)
            {
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("sae").CommandFailed(ex.Message);
                return ExitCodes.UsageOrConfigError;
            }
        });
        return command;
    }

    private static PluginCatalog LoadPlugins(Microsoft.Extensions.Hosting.IHost host) =>
        host.Services.GetRequiredService<PluginLoader>().Load(PluginRoots.ForHost());
}
