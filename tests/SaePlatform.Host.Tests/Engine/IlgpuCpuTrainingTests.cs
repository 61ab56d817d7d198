using System.Globalization;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using static SaePlatform.Host.Tests.Support.InProcessRuns;

namespace SaePlatform.Host.Tests.Engine;

/// <summary>
/// <c>training.device: ilgpu-cpu</c>: the CUDA backend's kernels, run by ILGPU's CPU accelerator, train every built-in
/// architecture's demo config (at a small width, the accelerator being slow) along the CPU's loss trajectory within 1e-4
/// relative per step (the criterion tools/gpu/check.sh applies on a GPU), each step reading back once; two runs and a resumed run are byte-identical (the kernels sum in a fixed order).
/// </summary>
public sealed class IlgpuCpuTrainingTests
{
    /// <summary>Config and width overrides.</summary>
    public static TheoryData<string, string[]> Configs => new()
    {
        { "quickstart", ["architecture.d_sae=128"] },
        { "topk", ["architecture.d_sae=128"] },
        { "batchtopk", ["architecture.d_sae=128"] },
        { "gated", ["architecture.d_sae=128"] },
        { "jumprelu", ["architecture.d_sae=128"] },
        { "matryoshka", ["architecture.d_sae=128", "architecture.prefix_widths=[32, 64, 128]"] },
        { "sparse_ae", ["architecture.expansion_factor=2"] },
    };

    private static readonly string[] Small =
        ["training.log_every=1", "training.steps=24", "training.lr_warmup_steps=4", "training.lr_decay_steps=0", "training.batch_size=64", "data.rows=3000"];

    [Theory]
    [MemberData(nameof(Configs))]
    public void DemoConfig_OnIlgpuCpu_FollowsTheCpuLossTrajectory(string name, string[] width)
    {
        var dir = Repository.NewTempDirectory();
        string config = Path.Combine(Repository.Root, "configs", name + ".yaml");
        string cpu = Path.Combine(dir, "cpu"), gpuKernels = Path.Combine(dir, "ilgpu");
        var (onCpu, cpuPlan) = Build(cpu, [.. Small, .. width, "training.device=cpu"], config: config);
        Assert.Equal(ExitCodes.Success, onCpu.Run(cpuPlan, CancellationToken.None));
        var (onDevice, devicePlan) = Build(gpuKernels, [.. Small, .. width, "training.device=ilgpu-cpu"], config: config);
        Assert.Equal(ExitCodes.Success, onDevice.Run(devicePlan, CancellationToken.None));

        var reference = SimDeviceTrainingTests.HistoryRows(cpu);
        var device = SimDeviceTrainingTests.HistoryRows(gpuKernels);
        Assert.Equal(24, reference.Count);
        Assert.Equal(24, device.Count);
        for (int step = 0; step < 24; step++)
        {
            double expected = reference[step][MetricNames.OverallLoss].GetDouble(), actual = device[step][MetricNames.OverallLoss].GetDouble();
            double relative = Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-12);
            Assert.True(relative <= 1e-4, $"{name} step {step + 1}: cpu loss {expected.ToString("R", CultureInfo.InvariantCulture)}, " +
                $"ilgpu-cpu {actual.ToString("R", CultureInfo.InvariantCulture)} ({relative:E2} relative)");
            // The step's values come back in one small read, the only one: the ReLU encoders keep their codes dense on this
            // backend (no count of positive entries) and BatchTopK's codes are sized by k * batch (docs/gpu.md).
            Assert.Equal(1, device[step][MetricNames.DeviceHostReads].GetDouble());
            Assert.InRange(device[step][MetricNames.DeviceLargestTransfer].GetDouble(), 1, 16 * 1024);
            // Past the first step (which sets up the firing counters) nothing but the batch goes up.
            if (step > 0) Assert.Equal(0, device[step][MetricNames.DeviceHostWrites].GetDouble());
        }
        Assert.Single(Directory.EnumerateFiles(gpuKernels, "sae_weights.safetensors", SearchOption.AllDirectories));
    }

    [Fact]
    public void OnIlgpuCpu_TwoRunsAndAResumedRun_WriteTheSameBytes()
    {
        var dir = Repository.NewTempDirectory();
        string[] extra = [.. Small, "architecture.d_sae=128", "training.device=ilgpu-cpu"];
        string first = Path.Combine(dir, "first"), second = Path.Combine(dir, "second"), resumed = Path.Combine(dir, "resumed");
        foreach (var output in new[] { first, second })
        {
            var (runner, plan) = Build(output, extra);
            Assert.Equal(ExitCodes.Success, runner.Run(plan, CancellationToken.None));
        }
        RunInterruptedThenResumed(resumed, extra, 12);

        foreach (var file in new[] { "synthetic/sae_weights.safetensors", "synthetic/sparsity.safetensors", "synthetic_evaluation.json" })
        {
            var a = File.ReadAllBytes(Path.Combine(first, "quickstart", file));
            Assert.True(a.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, "quickstart", file))), $"{file} differs between two ilgpu-cpu runs");
            Assert.True(a.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(resumed, "quickstart", file))), $"{file} differs after a resume on ilgpu-cpu");
        }
    }
}
