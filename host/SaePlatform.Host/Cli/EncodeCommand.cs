using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Engine;
using SaePlatform.Host.Plan;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Training;
using SaePlatform.Host.Training.Data;
using SaePlatform.Host.Training.Encoding;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae encode &lt;sae folder&gt; --input rows.npy [--output codes.npy|codes.npz] [--top N] [--reconstruct xhat.npy]
/// [--explain-row R]</c>: feature activations of each input row, equal to SAELens's <c>encode</c> of the same
/// folder. <c>.npy</c> output is dense float32 [rows, d_sae]; <c>.npz</c> output is sparse CSR (indices, values,
/// row_offsets, shape), the form for --top and topk codes. Rows stream through in blocks, so memory stays bounded
/// whatever the row count; files are written beside their target and moved into place when complete.
/// --reconstruct writes x_hat [rows, d_in] in raw units, decoded from the written codes; --explain-row prints one
/// row's active features with their contribution activation x ||W_dec,i||.
/// </summary>
internal static class EncodeCommand
{
    // Rows per block: enough to keep the GEMMs efficient, few enough that a block's codes stay near 64 MiB.
    private const int MaxBlockRows = 4096;
    private const long BlockFloats = 1L << 24;

    public static Command Create(Option<bool> verbose)
    {
        var folder = new Argument<string>("sae") { Description = "SAE folder (sae_weights.safetensors + cfg.json) or checkpoint folder." };
        var input = new Option<string>("--input") { Description = "Rows to encode: a 2-D .npy [rows, d_in] (raw activations).", Required = true };
        var output = new Option<string?>("--output") { Description = "Codes to write: .npy = dense float32 [rows, d_sae]; .npz = sparse CSR (indices, values, row_offsets, shape)." };
        var top = new Option<int>("--top") { Description = "Keep only each row's N largest activations (0 keeps all).", DefaultValueFactory = _ => 0 };
        var reconstruct = new Option<string?>("--reconstruct") { Description = "Also write the reconstructions x_hat, float32 .npy [rows, d_in], in the input's units." };
        var explain = new Option<long?>("--explain-row") { Description = "Print this row's active features and their contribution to the reconstruction." };
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: every core)." };
        var device = new Option<string>("--device")
        {
            Description = "Engine device: cpu, simdevice (simulated device memory, transfers counted; same codes), auto or cuda.",
            DefaultValueFactory = _ => "cpu",
        };
        device.AcceptOnlyFromAmong([.. EngineDevices.Names]);
        var command = new Command("encode", "Extract SAE features (and reconstructions) for rows of a .npy file.") { folder, input, output, top, reconstruct, explain, threads, device };
        command.SetAction(parse => Run(new Request(parse.GetValue(folder)!, parse.GetValue(input)!, parse.GetValue(output), parse.GetValue(top),
            parse.GetValue(reconstruct), parse.GetValue(explain), parse.GetValue(threads), EngineDevices.Parse(parse.GetValue(device)!)), parse.GetValue(verbose)));
        return command;
    }

    private sealed record Request(string Folder, string Input, string? Output, int Top, string? Reconstruct, long? ExplainRow, int? Threads,
        EngineDeviceKind Device);

    private static int Run(Request request, bool verbose)
    {
        using var host = SaeHost.Build(verbose);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var log = loggers.CreateLogger("encode");
        if (request.Output is null && request.Reconstruct is null && request.ExplainRow is null)
        {
            log.EncodeNothingToDo();
            return ExitCodes.UsageOrConfigError;
        }
        if (request.Top < 0)
        {
            log.EncodeNegativeTop(request.Top);
            return ExitCodes.UsageOrConfigError;
        }
        if (request.Output is { } o && !IsNpy(o) && !IsNpz(o))
        {
            log.EncodeBadOutput(o);
            return ExitCodes.UsageOrConfigError;
        }
        if (request.Reconstruct is { } x && !IsNpy(x))
        {
            log.EncodeBadReconstruct(x);
            return ExitCodes.UsageOrConfigError;
        }
        try
        {
            ComputeThreads.Apply(request.Threads, "--threads", log);
            using var device = EngineDevices.Use(request.Device, log);
            var catalog = new RunPlanLoader(host.Services.GetRequiredService<PluginLoader>(), log).LoadWithoutConfig();
            var (saved, sae) = SavedSaeLoader.Load(catalog, request.Folder, loggers);
            var encoder = new FeatureEncoder(sae, ActivationNormalizer.ForInference(saved));
            using var rows = NpyMappedArray.Open(request.Input);
            if (rows.Cols != saved.InputWidth)
                throw new InvalidDataException($"{request.Input}: rows have width {rows.Cols}, the SAE's d_in is {saved.InputWidth}.");
            if (request.Output is not null || request.Reconstruct is not null) EncodeAll(request, rows, encoder, log);
            if (request.ExplainRow is { } r) Explain(request, rows, encoder, r);
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or ComponentCreationException or IOException or UnauthorizedAccessException)
        {
            log.CommandFailed(ex.Message);
            return ex is InvalidDataException or IOException or UnauthorizedAccessException ? ExitCodes.DataError : ExitCodes.UsageOrConfigError;
        }
    }

    private static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);
    private static bool IsNpz(string path) => path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);

    private static void EncodeAll(Request request, NpyMappedArray rows, FeatureEncoder encoder, ILogger log)
    {
        int dIn = encoder.InputWidth, dSae = encoder.FeatureCount;
        long n = rows.Rows;
        int block = (int)Math.Clamp(BlockFloats / Math.Max(dSae, dIn), 1, MaxBlockRows);
        using var codesFile = request.Output is null ? null
            : IsNpz(request.Output) ? new SparseNpzWriter(request.Output, dSae, n) : (RowFileWriter)new DenseNpyWriter(request.Output, dSae, n);
        using var reconstructionFile = request.Reconstruct is null ? null : new DenseNpyWriter(request.Reconstruct, dIn, n);
        if (codesFile is DenseNpyWriter && (request.Top > 0 || n * dSae > (1L << 28)))
            log.EncodeDenseSize(n * dSae * 4 / (1 << 20));

        var input = new float[block * dIn];
        var codes = new float[block * dSae];
        var reconstruction = reconstructionFile is null ? [] : new float[block * dIn];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        for (long start = 0; start < n; start += block)
        {
            int b = (int)Math.Min(block, n - start);
            rows.CopyRows(start, b, input.AsSpan(0, b * dIn));
            encoder.Encode(input.AsSpan(0, b * dIn), b, codes.AsSpan(0, b * dSae), request.Top,
                reconstructionFile is null ? default : reconstruction.AsSpan(0, b * dIn));
            codesFile?.Append(codes, b);
            reconstructionFile?.Append(reconstruction, b);
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(10) && start + b < n)
            {
                lastReport = clock.Elapsed;
                log.EncodeProgress(start + b, n, (start + b) / clock.Elapsed.TotalSeconds);
            }
        }
        codesFile?.Complete();
        reconstructionFile?.Complete();
        if (codesFile is SparseNpzWriter sparse)
            log.EncodeWroteSparse(n, dSae, sparse.Entries, n == 0 ? 0 : (double)sparse.Entries / n, codesFile.Target);
        else if (codesFile is not null)
            log.EncodeWroteDense(n, dSae, codesFile.Target);
        if (reconstructionFile is not null)
            log.EncodeWroteReconstructions(n, dIn, reconstructionFile.Target);
    }

    private static void Explain(Request request, NpyMappedArray rows, FeatureEncoder encoder, long r)
    {
        if (r < 0 || r >= rows.Rows) throw new ArgumentException($"--explain-row {r}: {request.Input} has rows 0..{rows.Rows - 1}.");
        var row = new float[encoder.InputWidth];
        rows.CopyRow(r, row);
        var code = new float[encoder.FeatureCount];
        encoder.Encode(row, 1, code, request.Top);
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
}
