using System.CommandLine;
using SaePlatform.Host.Configuration.Starter;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Cli;

/// <summary><c>sae init --data rows.npy [--output sae.yaml] [--force]</c>: a commented starter config sized for the file.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The activations (.npy, [rows, d_in] or [batch, seq, d_in]).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Config file to write.", DefaultValueFactory = _ => "sae.yaml" };
        var force = new Option<bool>("--force") { Description = "Overwrite the config file if it exists." };
        var command = new Command("init", "Write a commented starter config for an .npy of activations (shape and dtype read from the file).") { data, output, force };
        command.SetAction(parse => Run(parse.GetValue(data)!, parse.GetValue(output)!, parse.GetValue(force)));
        return command;
    }

    private static int Run(string data, string output, bool force)
    {
        if (File.Exists(output) && !force)
        {
            Console.Error.WriteLine($"{output} exists; choose another --output or add --force.");
            return ExitCodes.UsageOrConfigError;
        }
        if (!File.Exists(data))
        {
            Console.Error.WriteLine($"--data {data}: file not found.");
            return ExitCodes.DataError;
        }
        try
        {
            var starter = StarterConfig.For(RelativeTo(output, data), NpyFile.ReadHeader(data));
            File.WriteAllText(output, starter.ToYaml());
            Console.Error.WriteLine($"Wrote {output}: topk, d_in {starter.Width}, d_sae {starter.DSae}, k {starter.K}, {starter.Steps} steps of {starter.BatchSize} rows. Next: sae train {output}");
            return ExitCodes.Success;
        }
        catch (TensorFileException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.DataError;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.DataError;
        }
    }

    // data.path is read relative to the config file, so write it that way.
    private static string RelativeTo(string configFile, string data)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(configFile))!;
        return Path.GetRelativePath(folder, Path.GetFullPath(data)).Replace('\\', '/');
    }
}
