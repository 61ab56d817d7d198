using System.CommandLine;

namespace SaePlatform.Host.Cli;

/// <summary>Builds the `sae` command tree and maps parse errors to exit code 2.</summary>
internal static class SaeCommandLine
{
    public static int Run(string[] args)
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log debug messages.", Recursive = true };
        var root = new RootCommand("SaePlatform: train sparse autoencoders on activations and embeddings.")
        {
            verbose,
            InitCommand.Create(),
            TrainCommand.Create(verbose),
            EvalCommand.Create(verbose),
            EncodeCommand.Create(verbose),
            PluginsCommand.Create(verbose),
            ConfigCommand.Create(verbose),
            BenchCommand.Create(),
            PlotCommand.Create(verbose),
            VisualizeWorkerCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine("Run 'sae --help' for usage.");
            return ExitCodes.UsageOrConfigError;
        }
        return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
