namespace SaePlatform.Host.Cli;

internal static class Program
{
    private static int Main(string[] args) => Cli.SaeCommandLine.Run(args);
}
