using SaePlatform.Host.Tests.Support;
using Xunit.Abstractions;

namespace SaePlatform.Host.Tests.Robustness;

/// <summary>
/// Every generated corruption of every data format (<see cref="DataFileCorruptions"/>) runs through <c>sae train</c>'s
/// pipeline in this process: each must end with exit code 3 and a message naming the file (or, where the corruption
/// left a valid file, a normal run), never another exit code, an exception that would print a trace, or a hang, and a
/// rejected run leaves no output folder behind.
/// </summary>
public sealed class DataFileRobustnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(30);

    private static string DataSection(string format, string file) => format switch
    {
        "npy" or "npz" => $"{{type: npy, path: {file}}}",
        "safetensors" => $"{{type: safetensors, path: {file}, tensor: x}}",
        "idx" => $"{{type: idx, path: {file}}}",
        "csv" => $"{{type: csv, path: {file}}}",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static void Check(RobustnessTally tally, string root, string format, string extension, IEnumerable<DataFileCorruptions.Case> cases)
    {
        var index = 0;
        foreach (var c in cases)
        {
            var dir = Path.Combine(root, $"{format}-{index++}");
            Directory.CreateDirectory(dir);
            var file = "data." + extension;
            File.WriteAllBytes(Path.Combine(dir, file), c.Bytes);
            var output = Path.Combine(dir, "out");
            var config = Path.Combine(dir, "run.yaml");
            File.WriteAllText(config, $"""
                run: {"{"}model: m, layer: l, output_dir: {output}{"}"}
                data: {DataSection(format, file)}
                architecture: {"{"}type: standard, d_sae: 8{"}"}
                training: {"{"}steps: 1, batch_size: 4, checkpoint_every: 0{"}"}
                visualizers: []
                """);
            var outcome = InProcessTrain.Run(config, dryRun: false, PerCase);
            tally.Add(c.Class, c.Name, outcome.ExitCode == ExitCodes.Success, Judge(outcome, file, output));
            if (outcome.ExitCode is not null) Directory.Delete(dir, recursive: true);
        }
    }

    // Null when the case behaved: a normal run, exit 3 naming the file, or exit 2 naming the training key the (valid but
    // small) data does not fit; and in both rejections nothing written.
    private static string? Judge(InProcessTrain.Outcome outcome, string file, string outputFolder)
    {
        if (outcome.TimedOut || outcome.Escaped is not null) return outcome.ToString();
        if (outcome.ExitCode == ExitCodes.Success) return null;
        var located = outcome.ExitCode switch
        {
            ExitCodes.DataError => outcome.Errors.Any(e => e.Contains(file, StringComparison.Ordinal)),
            ExitCodes.UsageOrConfigError => outcome.Errors.Any(e => e.Contains("training.", StringComparison.Ordinal)),
            _ => false,
        };
        if (!located) return outcome.ToString();
        return Directory.Exists(outputFolder) ? $"rejected, but {outputFolder} was created: {outcome}" : null;
    }

    [Fact]
    public void Train_EveryCorruptionOfEveryDataFormat_EndsWithALocatedMessageAndExitCode3OrRunsNormally()
    {
        var root = Repository.NewTempDirectory();
        var tally = new RobustnessTally("data-files");

        Check(tally, root, "npy", "npy", DataFileCorruptions.NpyCases());
        Check(tally, root, "npz", "npz", DataFileCorruptions.NpzCases());
        Check(tally, root, "safetensors", "safetensors", DataFileCorruptions.SafetensorsCases());
        Check(tally, root, "idx", "idx", DataFileCorruptions.IdxCases());
        Check(tally, root, "csv", "csv", DataFileCorruptions.CsvCases());

        Assert.True(tally.Total > 500, $"only {tally.Total} cases were generated");
        tally.Report(output);
    }
}
