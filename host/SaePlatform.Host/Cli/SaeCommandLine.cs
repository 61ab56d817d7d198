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
            SweepCommand.Create(verbose),
            EvalCommand.Create(verbose),
            EncodeCommand.Create(verbose),
            PluginsCommand.Create(verbose),
            ConfigCommand.Create(verbose),
            BenchCommand.Create(),
            EngineCommand.Create(),
            PlotCommand.Create(verbose),
            DashboardCommand.Create(verbose),
            VisualizeWorkerCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine("Run 'sae --help' for usage.");
            return ExitCodes.UsageOrConfigError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // The last line of defence: every expected problem has its own message and exit code before this. A user
            // still gets one line naming what failed, not a stack trace (that is printed with --verbose).
            Console.Error.WriteLine($"sae: unexpected error: {Describe(e)}");
            if (args.Contains("--verbose") || args.Contains("-v")) Console.Error.WriteLine(e);
            else Console.Error.WriteLine("Run again with --verbose for the details.");
            return ExitCodes.RuntimeFailure;
        }
    }

    private static string Describe(Exception e)
    {
        while (e is System.Reflection.TargetInvocationException or AggregateException && e.InnerException is not null) e = e.InnerException;
        return $"{e.GetType().Name}: {e.Message}";
    }
}
