using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Binding;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Visualization;
using SaePlatform.Host.Visualization.Worker;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae visualize-worker &lt;request.json&gt;</c> (hidden): the child side of <c>isolation: process</c>. Loads the
/// plugins, builds the visualizer with its options, reads the inputs and renders; exit 0 on success, 1 with a
/// <see cref="WorkerProtocol"/> failure line when something threw. A crash simply ends this process, which is the point.
/// </summary>
internal static class VisualizeWorkerCommand
{
    public static Command Create()
    {
        var request = new Argument<string>("request") { Description = "Request file written by the host." };
        var command = new Command(WorkerCommand.Name, "Run one visualizer call for the host (internal).") { request };
        command.Hidden = true;
        command.SetAction(parse => Run(parse.GetValue(request)!, Console.Out));
        return command;
    }

    public static int Run(string requestPath, TextWriter output)
    {
        try
        {
            var request = VisualizerWorkerRequest.Read(requestPath);
            var catalog = new PluginLoader(NullLogger<PluginLoader>.Instance).Load(request.PluginRoots);
            var descriptor = catalog.Registry.Find(ComponentKind.Visualizer, request.VisualizerId);
            if (descriptor is null)
            {
                var why = catalog.WhyUnavailable(ComponentKind.Visualizer, request.VisualizerId) is { } failed ? $": {failed.Message}" : "";
                return Fail(output, $"no loaded plugin provides visualizer '{request.VisualizerId}'{why}");
            }
            object? options = null;
            if (descriptor.OptionsType is { } optionsType && request.Options is { } json)
                options = OptionsJson.Bind(optionsType, json, $"options of visualizer '{descriptor.Id}'", request.ConfigDirectory);

            var log = new WorkerLineLogger(output);
            var visualizer = (IVisualizer)catalog.Create(descriptor, options,
                new ComponentContext(log, request.ConfigDirectory, request.ComponentOutputDirectory, request.Seed));
            var inputs = request.Inputs;
            var context = inputs.BuildContext(VisualizationStage.DefaultFigures(log).Create(inputs.OutputDirectory, inputs.Formats, inputs.Dpi));
            visualizer.Render(context, CancellationToken.None);
            (visualizer as IDisposable)?.Dispose();
            output.WriteLine(WorkerProtocol.DoneMarker);
            output.Flush();
            return ExitCodes.Success;
        }
        catch (ConfigException e)
        {
            return Fail(output, e.Message);
        }
        catch (Exception e)
        {
            return Fail(output, InProcessVisualizerCall.Describe(e));
        }
    }

    private static int Fail(TextWriter output, string reason)
    {
        output.WriteLine(WorkerProtocol.FailedLine(reason));
        output.Flush();
        return ExitCodes.RuntimeFailure;
    }
}
