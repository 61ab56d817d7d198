using System.Diagnostics;
using System.Text.RegularExpressions;
using ILGPU.Runtime.Cuda;
using SaePlatform.Tensors.Cuda.Kernels;

namespace SaePlatform.Tensors.Cuda.Tests;

/// <summary>
/// Every kernel's PTX goes through NVIDIA's own assembler, ptxas, for the GPUs the backend targets, as the driver's JIT
/// does on a GPU: a kernel whose PTX ptxas refuses, or that spills registers to local memory, fails here rather than on
/// a GPU machine. ptxas runs without a GPU; tools/gpu/fetch-ptxas.sh fetches it (.ci/run does).
/// </summary>
public sealed class PtxasAssemblyTests
{
    [PtxasTheory]
    [InlineData(80)]
    [InlineData(90)]
    public void EveryKernel_AssemblesWithPtxas_WithoutSpills(int smVersion)
    {
        var ptxas = Ptxas.Find()!;
        var kernels = KernelCatalog.CompileToPtx(smVersion == 90 ? CudaArchitecture.SM_90 : CudaArchitecture.SM_80, ptxas.InstructionSet);
        Assert.All(kernels, k => Assert.Null(k.Error));
        string dir = Directory.CreateTempSubdirectory("sae-ptxas-").FullName;
        try
        {
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            var registers = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            Parallel.ForEach(kernels, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, kernel =>
            {
                string name = $"{kernel.Kernel.DeclaringType!.Name}.{kernel.Kernel.Name}";
                string ptx = Path.Combine(dir, name + ".ptx");
                File.WriteAllText(ptx, kernel.Ptx);
                var (exit, output) = ptxas.Assemble(ptx, $"sm_{smVersion}", Path.Combine(dir, name + ".cubin"));
                if (exit != 0) failures.Add($"{name}: ptxas exit {exit}\n{output}");
                var used = Regex.Match(output, @"Used (\d+) registers");
                if (used.Success) registers[name] = int.Parse(used.Groups[1].Value);
            });
            Assert.True(failures.IsEmpty, $"ptxas ({ptxas.Release}) refused {failures.Count} kernels for sm_{smVersion}:\n" + string.Join("\n", failures));
            // ptxas -v reports each kernel's registers: a kernel it assembled says how many it uses.
            Assert.Equal(kernels.Count, registers.Count);
            Assert.All(registers, r => Assert.InRange(r.Value, 1, 255));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>NVIDIA's PTX assembler: where it is, its CUDA release and the PTX ISA it reads.</summary>
internal sealed record Ptxas(string Path, string Release, CudaInstructionSet InstructionSet)
{
    /// <summary>Why no usable ptxas was found, or null when one was.</summary>
    public static string? Missing => Probed.Ptxas is null ? Probed.Why : null;

    public static Ptxas? Find() => Probed.Ptxas;

    private static readonly (Ptxas? Ptxas, string Why) Probed = Probe();

    /// <summary>Assembles one PTX file for <paramref name="arch"/>; warnings (spills included) count as errors.</summary>
    public (int Exit, string Output) Assemble(string ptx, string arch, string cubin) =>
        Run(Path, $"-arch={arch} -v --warn-on-spills --warning-as-error -o \"{cubin}\" \"{ptx}\"");

    private static (Ptxas? Ptxas, string Why) Probe()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SAE_PTXAS") is { Length: > 0 } fromEnv) candidates.Add(fromEnv);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SaePlatform.sln")))
            {
                candidates.Add(System.IO.Path.Combine(dir.FullName, "tools", "gpu", "ptxas", "ptxas"));
                break;
            }
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(System.IO.Path.Combine(dir, "ptxas"));
        if (Environment.GetEnvironmentVariable("CUDA_HOME") is { Length: > 0 } cudaHome) candidates.Add(System.IO.Path.Combine(cudaHome, "bin", "ptxas"));
        candidates.Add("/usr/local/cuda/bin/ptxas");

        string? path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
            return (null, "ptxas not found (SAE_PTXAS, tools/gpu/ptxas/, PATH, CUDA_HOME, /usr/local/cuda): run tools/gpu/fetch-ptxas.sh (.ci/run does)");
        var (exit, output) = Run(path, "--version");
        var release = Regex.Match(output, @"release (\d+)\.(\d+)");
        if (exit != 0 || !release.Success)
            return (null, $"{path} --version failed (exit {exit}): {output.Trim()}");
        int major = int.Parse(release.Groups[1].Value), minor = int.Parse(release.Groups[2].Value);
        // sm_90 needs PTX ISA 7.8 (CUDA 11.8); later assemblers read ISA 8.0, the catalog's default.
        if (major < 11 || (major == 11 && minor < 8))
            return (null, $"{path} is CUDA {major}.{minor}; assembling for sm_90 needs CUDA 11.8 or later");
        return (new Ptxas(path, $"CUDA {major}.{minor}", major == 11 ? CudaInstructionSet.ISA_78 : CudaInstructionSet.ISA_80), "");
    }

    private static (int Exit, string Output) Run(string file, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}

/// <summary>A theory skipped, saying why and how to get it, where no ptxas of CUDA 11.8 or later is at hand.</summary>
public sealed class PtxasTheoryAttribute : TheoryAttribute
{
    public PtxasTheoryAttribute()
    {
        if (Ptxas.Missing is { } why) Skip = why;
    }
}
