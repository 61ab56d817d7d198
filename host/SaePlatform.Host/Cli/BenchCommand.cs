using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Host.Cli.Bench;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Engine;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Training;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae bench [--size ...] [--arch ...] [--case name] [--threads N]</c>: one JSON line per case. Without --case, every
/// case runs in a fresh child process so that each peak-memory reading is its own.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var sizes = new Option<string[]>("--size") { Description = "Sizes to run: small, mid, large (default all three), xl (4096 x 65536, for GPUs).", Arity = ArgumentArity.ZeroOrMore };
        var archs = new Option<string[]>("--arch") {
            Description = "Architectures: standard, topk, gated (default), standard-sparse, gated-sparse (about 1 % of features firing, as in a trained SAE), "
                + "gated-detached (the paper's auxiliary loss through a stop-gradient decoder), standard-sparse-ghost (standard-sparse with ghost grads on a quarter of the features).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var only = new Option<string?>("--case") { Description = "Run one case in this process, e.g. step/topk/mid or gemm/enc-fwd/large." };
        var repeats = new Option<int>("--repeats") { Description = "Measured repetitions per case (default: by size).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: every core); the backend name in each line shows the count." };
        var visualizers = new Option<bool>("--visualizers") { Description = "Instead: time each default visualizer in process and in a worker process (the worker's overhead per call)." };
        var device = new Option<string>("--device") { Description = "Engine device: cpu (default), simdevice, ilgpu-cpu, auto or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong([.. EngineDevices.Names]);
        var precision = new Option<string>("--gemm-precision")
        {
            Description = "GEMM operand precision on a CUDA device: fp32 (default), tf32 or bf16 (training.gemm_precision).",
            DefaultValueFactory = _ => "fp32",
        };
        precision.AcceptOnlyFromAmong("fp32", "tf32", "bf16");
        var command = new Command("bench", "Benchmark GEMM and SAE training steps; prints one JSON line per case.")
        {
            sizes, archs, only, repeats, threads, visualizers, device, precision,
        };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(repeats);
            int? t = parse.GetValue(threads);
            string d = parse.GetValue(device)!;
            string p = parse.GetValue(precision)!;
            if (parse.GetValue(visualizers))
            {
                foreach (var line in VisualizerIsolationBench.Run(n > 0 ? n : 9)) Console.Out.WriteLine(JsonSerializer.Serialize(line));
                return ExitCodes.Success;
            }
            if (parse.GetValue(only) is { } name) return RunCase(name, n, t, d, p);
            // Validated and logged once here; the children apply the same count silently.
            using (var logging = new SaeLogging(verbose: false))
            {
                try
                {
                    ComputeThreads.Apply(t, "--threads", logging.Factory.CreateLogger("bench"));
                }
                catch (ArgumentException ex)
                {
                    Console.Error.WriteLine(ex.Message);
                    return ExitCodes.UsageOrConfigError;
                }
            }
            var chosenSizes = parse.GetValue(sizes) is { Length: > 0 } s ? s : ["small", "mid", "large"];
            var chosenArchs = parse.GetValue(archs) is { Length: > 0 } a ? a : ["standard", "topk", "gated"];
            int failures = 0;
            foreach (var c in BenchCase.All(chosenSizes, chosenArchs)) failures += RunChild(c.Name, n, t, d, p) == 0 ? 0 : 1;
            return failures == 0 ? ExitCodes.Success : ExitCodes.RuntimeFailure;
        });
        return command;
    }

    private static int RunCase(string name, int repeats, int? threads, string device, string precision)
    {
        try
        {
            ComputeThreads.Apply(threads, "--threads", NullLogger.Instance);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.UsageOrConfigError;
        }
        var parts = name.Split('/');
        if (parts.Length != 3) { Console.Error.WriteLine($"--case '{name}': expected kind/name/size"); return ExitCodes.UsageOrConfigError; }
        var (kind, what, size) = (parts[0], parts[1], parts[2]);
        int defaultRepeats = size switch { "small" => 40, "mid" => 8, _ => 5 };
        IDisposable engine;
        try
        {
            var gemm = precision switch { "tf32" => GemmPrecisionKind.Tf32, "bf16" => GemmPrecisionKind.Bf16, _ => GemmPrecisionKind.Fp32 };
            engine = EngineDevices.Use(EngineDevices.Parse(device), NullLogger.Instance, EngineDevices.CudaOptionsFor(gemm));
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.UsageOrConfigError;
        }
        using var engineScope = engine;
        var result = kind == "gemm"
            ? GemmBench.Run(what, size, repeats > 0 ? repeats : defaultRepeats * 2)
            : StepBench.Run(what, size, repeats > 0 ? repeats : defaultRepeats);
        result = new Dictionary<string, object>(result) { ["case"] = name, ["device"] = device, ["backend"] = TensorBackend.Current.Name, ["gemm_precision"] = precision };
        Console.Out.WriteLine(JsonSerializer.Serialize(result));
        return ExitCodes.Success;
    }

    private static int RunChild(string name, int repeats, int? threads, string device, string precision)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        foreach (var a in new[] { "bench", "--case", name, "--repeats", repeats.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device", device,
                     "--gemm-precision", precision })
            info.ArgumentList.Add(a);
        if (threads is { } t)
        {
            info.ArgumentList.Add("--threads");
            info.ArgumentList.Add(t.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var child = Process.Start(info)!;
        child.WaitForExit();
        return child.ExitCode;
    }
}
