using System.CommandLine;
using System.Globalization;
using SaePlatform.Host.Engine;
using SaePlatform.Host.Engine.Conformance;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae engine check [--device simdevice|cpu] [--exact] [--seed N]</c>: runs every kernel of a device's tensor backend
/// against the CPU backend (<see cref="BackendConformance"/>), each case twice to check that the device repeats its bits,
/// and prints one line per kernel method. Exit code 0 when all
/// conform, 1 when any does not, 2 for an unknown device.
/// </summary>
internal static class EngineCommand
{
    /// <summary>The <c>engine</c> command with its <c>check</c> subcommand.</summary>
    public static Command Create()
    {
        var device = new Option<string>("--device")
        {
            Description = $"The device whose backend is checked: {string.Join(", ", EngineDevices.Names)} (default simdevice).",
            DefaultValueFactory = _ => "simdevice",
        };
        var exact = new Option<bool>("--exact") { Description = "Require bit-identical floats (a simulated device, or the CPU against itself) instead of tolerances." };
        var seed = new Option<int>("--seed") { Description = "Seed of the random inputs (default 1).", DefaultValueFactory = _ => 1 };
        var only = new Option<string[]>("--only")
        {
            Description = "Check only these kernel methods (names as the table prints them without the overload note, comma-separated or repeated).",
            AllowMultipleArgumentsPerToken = true,
        };
        var check = new Command("check", "Check a device's tensor backend against the CPU backend, kernel by kernel, on random inputs.") { device, exact, seed, only };
        check.SetAction(parse => Check(parse.GetValue(device)!, parse.GetValue(exact), parse.GetValue(seed),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(only)));
        return new Command("engine", "The tensor engine's devices.") { check };
    }

    /// <summary>Runs the conformance suite on <paramref name="device"/> and prints the table; returns the exit code.</summary>
    /// <param name="device">An <see cref="EngineDevices.Names"/> entry.</param>
    /// <param name="exact">Require bit-identical floats.</param>
    /// <param name="seed">Seed of the random inputs.</param>
    /// <param name="output">Where the table goes.</param>
    /// <param name="error">Where an unknown device is reported.</param>
    /// <param name="only">Kernel method names to check (all when null or empty).</param>
    public static int Check(string device, bool exact, int seed, TextWriter output, TextWriter error, IReadOnlyList<string>? only = null)
    {
        if (!EngineDevices.Names.Contains(device))
        {
            error.WriteLine($"sae engine check: unknown device '{device}'; expected one of: {string.Join(", ", EngineDevices.Names)}.");
            return ExitCodes.UsageOrConfigError;
        }
        ITensorBackend backend;
        try
        {
            backend = EngineDevices.Create(EngineDevices.Parse(device));
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"sae engine check: {ex.Message}");
            return ExitCodes.UsageOrConfigError;
        }
        var methods = only?.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var unknown = methods?.Where(m => KernelMethods.OfInterface().All(k => k.Name != m)).ToList();
        if (unknown is { Count: > 0 })
        {
            error.WriteLine($"sae engine check: no kernel method named {string.Join(", ", unknown)}; see the method column of `sae engine check`.");
            (backend as IDisposable)?.Dispose();
            return ExitCodes.UsageOrConfigError;
        }
        try
        {
            var report = new BackendConformance(backend) { Exact = exact, Seed = seed, Only = methods is { Count: > 0 } ? methods : null }.Run();
            Write(report, output);
            return report.Passed ? ExitCodes.Success : ExitCodes.RuntimeFailure;
        }
        finally
        {
            (backend as IDisposable)?.Dispose();
        }
    }

    /// <summary>The report as an aligned table, the failures' reasons, and a summary line.</summary>
    internal static void Write(ConformanceReport report, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"{report.Candidate} against {report.Reference}, seed {report.Seed}, {(report.Exact ? "exact (bit-identical)" : "tolerance")} mode, every case run twice on the device (determinism)");
        int width = Math.Max("method".Length, report.Methods.Max(m => m.Method.Length));
        output.WriteLine($"{"method".PadRight(width)}  {"cases",5}  {"worst error",11}  verdict");
        foreach (var m in report.Methods)
            output.WriteLine($"{m.Method.PadRight(width)}  {m.Cases.ToString(inv),5}  {FormatError(m.WorstError),11}  {(m.Passed ? "pass" : "FAIL")}");
        foreach (var m in report.Failures) output.WriteLine($"{m.Method}: {m.Reason}");
        int failed = report.Failures.Count();
        string seconds = report.Elapsed.TotalSeconds.ToString("0.0", inv);
        output.WriteLine(failed == 0
            ? $"All {report.Methods.Count} kernel methods conform ({report.Cases} cases, {seconds} s)."
            : $"{failed} of {report.Methods.Count} kernel methods do not conform: {string.Join(", ", report.Failures.Select(m => m.Method))} ({report.Cases} cases, {seconds} s).");
    }

    private static string FormatError(double error) =>
        error == 0 ? "0" : double.IsPositiveInfinity(error) ? "mismatch" : error.ToString("0.0e+00", CultureInfo.InvariantCulture);
}
