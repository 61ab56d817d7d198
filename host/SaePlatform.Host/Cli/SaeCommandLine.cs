using System.CommandLine;

namespace SaePlatform.Host.Cli;

/// <summary>Builds the `sae` command tree.</summary>
internal static class SaeCommandLine
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("SaePlatform: train sparse autoencoders on activations and embeddings.");
        return root.Parse(args).Invoke();
    }
}
