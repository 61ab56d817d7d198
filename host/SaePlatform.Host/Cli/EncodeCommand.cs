using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Training;
using SaePlatform.Host.Training.Saved;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae encode &lt;sae folder&gt; --input rows.npy [--output codes.npy] [--top N] [--explain-row R]</c>: feature
/// activations of each input row as a dense float32 .npy [rows, d_sae] (with --top N only each row's N largest
/// stay non-zero); --explain-row prints one row's active features with their contribution activation x ||W_dec,i||.
/// </summary>
internal static class EncodeCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var folder = new Argument<string>("sae") { Description = "SAE folder (sae_weights.safetensors + cfg.json) or checkpoint folder." };
        var input = new Option<string>("--input") { Description = "Rows to encode: a 2-D .npy [rows, d_in] (raw activations).", Required = true };
        var output = new Option<string?>("--output") { Description = "Dense codes to write, float32 .npy [rows, d_sae]." };
        var top = new Option<int>("--top") { Description = "Keep only each row's N largest activations (0 keeps all).", DefaultValueFactory = _ => 0 };
        var explain = new Option<long?>("--explain-row") { Description = "Print this row's active features and their contribution to the reconstruction." };
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: every core)." };
        var command = new Command("encode", "Extract SAE features for rows of a .npy file.") { folder, input, output, top, explain, threads };
        command.SetAction(parse => Run(parse.GetValue(folder)!, parse.GetValue(input)!, parse.GetValue(output), parse.GetValue(top),
            parse.GetValue(explain), parse.GetValue(threads), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string folder, string inputPath, string? outputPath, int top, long? explainRow, int? threads, bool verbose)
    {
        using var host = SaeHost.Build(verbose);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var log = loggers.CreateLogger("encode");
        if (outputPath is null && explainRow is null)
        {
            log.LogError("Nothing to do: give --output (codes .npy) and/or --explain-row.");
            return ExitCodes.UsageOrConfigError;
        }
        if (top < 0)
        {
            log.LogError("--top must be >= 0 (got {Top}).", top);
            return ExitCodes.UsageOrConfigError;
        }
        try
        {
            ComputeThreads.Apply(threads, "--threads", log);
            var catalog = SavedSaeLoader.LoadPlugins(host, null, log);
            var (saved, sae) = SavedSaeLoader.Load(catalog, folder, loggers);
            var encoder = new FeatureEncoder(sae, saved.InferenceNormalizer());
            using var rows = NpyMappedArray.Open(inputPath);
            if (rows.Cols != saved.InputWidth)
                throw new InvalidDataException($"{inputPath}: rows have width {rows.Cols}, the SAE's d_in is {saved.InputWidth}.");
            if (rows.Rows > int.MaxValue / Math.Max(1, saved.FeatureCount))
                throw new InvalidDataException($"{inputPath}: {rows.Rows:N0} rows x d_sae {saved.FeatureCount} is too large for one .npy; split the input.");
            int n = (int)rows.Rows;

            if (outputPath is not null)
            {
                var data = new float[n * (long)saved.InputWidth];
                rows.CopyRows(0, n, data);
                var codes = Tensor.Persistent(n, saved.FeatureCount);
                encoder.Encode(data, n, codes.Span, top);
                NpyFile.Write(outputPath, codes);
                log.LogInformation("Wrote {Rows} x {Features} codes to {Path}", n, saved.FeatureCount, Path.GetFullPath(outputPath));
            }
            if (explainRow is { } r)
            {
                if (r < 0 || r >= n) throw new ArgumentException($"--explain-row {r}: {inputPath} has rows 0..{n - 1}.");
                var row = new float[saved.InputWidth];
                rows.CopyRow(r, row);
                var code = new float[saved.FeatureCount];
                encoder.Encode(row, 1, code, top);
                var active = encoder.Explain(code);
                double total = 0;
                foreach (var a in active) total += Math.Abs(a.Contribution);
                var ci = CultureInfo.InvariantCulture;
                Console.Out.WriteLine($"row {r}: {active.Count} active features");
                Console.Out.WriteLine("feature\tactivation\tdecoder_norm\tcontribution\tshare");
                foreach (var a in active)
                    Console.Out.WriteLine(string.Format(ci, "{0}\t{1:G6}\t{2:G6}\t{3:G6}\t{4:P1}", a.Feature, a.Activation, a.DecoderNorm, a.Contribution,
                        total > 0 ? Math.Abs(a.Contribution) / total : 0));
            }
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or ComponentCreationException or IOException)
        {
            log.LogError("{Message}", ex.Message);
            return ex is InvalidDataException or IOException ? ExitCodes.DataError : ExitCodes.UsageOrConfigError;
        }
    }
}
