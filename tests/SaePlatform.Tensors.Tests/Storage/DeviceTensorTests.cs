using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.SimDevice;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Randomness;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Tests.Storage;

/// <summary>
/// Tensors on a device host code cannot address (the simulated device): access rules, explicit copies and their
/// counting, the flow-scoped backend, and whole training steps bit-identical to the CPU backend.
/// </summary>
public sealed class DeviceTensorTests
{
    [Fact]
    public void Span_OfADeviceTensor_ThrowsNamingTensorCallerAndDevice()
    {
        var device = SimDeviceBackend.Create("testdevice");
        using var _ = TensorBackend.Use(device);
        using var t = Tensor.Zeros(3, 4);
        t.Name = "W_probe";

        var e = Assert.Throws<DeviceMemoryAccessException>(() => ReadFirst(t));
        Assert.Contains("W_probe", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        Assert.Contains("testdevice", e.Message);
        Assert.Equal(nameof(DeviceTensorTests) + "." + nameof(ReadFirst), e.Operation);
        Assert.Contains(nameof(ReadFirst), e.Message);
        Assert.Same(device.Device, e.Device);
        Assert.Throws<DeviceMemoryAccessException>(() => t.Array);
        Assert.False(t.IsHost);
    }

    private static float ReadFirst(Tensor t) => t.Span[0];

    [Fact]
    public void ExplicitCopies_MoveValues_AndAreCountedExactly()
    {
        var device = SimDeviceBackend.Create();
        using var _ = TensorBackend.Use(device);
        var values = new float[] { 1.5f, -2f, 3.25f, 0f, 7f, -0.5f };
        device.Transfers.Reset();

        using var t = Tensor.FromArray(values, 2, 3);
        Assert.Equal(1, device.Transfers.HostWrites);
        Assert.Equal(24, device.Transfers.BytesToDevice);

        Assert.Equal(values, t.ToArray());
        using var host = t.ToHost();
        Assert.True(host.IsHost);
        Assert.Equal(values, host.ToArray());
        Assert.Equal(2, device.Transfers.HostReads);
        Assert.Equal(48, device.Transfers.BytesToHost);

        using var clone = t.Clone(); // a device copy: nothing crosses
        Assert.False(clone.IsHost);
        Assert.Equal(2, device.Transfers.HostReads);
        t.Fill(9f);                  // on the device
        Assert.Equal(values, clone.ToArray());
        Assert.Equal(3, device.Transfers.HostReads);

        using var scalar = Tensor.Scalar(4.5f);
        Assert.Equal(4.5f, scalar.ToScalar());
        Assert.Equal(4, device.Transfers.HostReads);
        Assert.Equal(24 + 24 + 24 + 4, device.Transfers.BytesToHost);
        Assert.Equal(24, device.Transfers.LargestRead);
    }

    [Fact]
    public void DeviceBackend_GivenAHostTensor_RefusesNamingTheOperationAndDevices()
    {
        var device = SimDeviceBackend.Create();
        var hostTensor = Tensor.Wrap([1f, 2f], 2);
        using var _ = TensorBackend.Use(device);
        using var onDevice = Tensor.Zeros(2);

        var e = Assert.Throws<ArgumentException>(() => Ops.Add(hostTensor, onDevice));
        Assert.Contains("Binary", e.Message);
        Assert.Contains("cpu", e.Message);
        Assert.Contains("simdevice", e.Message);
        Assert.Contains("ToDevice()", e.Message);

        // Uploaded, it computes.
        using var uploaded = hostTensor.ToDevice();
        Assert.Equal(new[] { 1f, 2f }, Ops.Add(uploaded, onDevice).ToArray());
    }

    [Fact]
    public async Task Use_ScopesTheBackendToOneFlow_AndRestoresThePreviousOne()
    {
        var outer = TensorBackend.Current;
        var a = SimDeviceBackend.Create("device-a");
        var b = SimDeviceBackend.Create("device-b");
        using (TensorBackend.Use(a))
        {
            Assert.Same(a, TensorBackend.Current);
            // A task started here inherits the flow; one that sets its own backend does not leak it back.
            Assert.Same(a, await Task.Run(() => TensorBackend.Current));
            await Task.Run(() =>
            {
                using var inner = TensorBackend.Use(b);
                Assert.Equal("device-b", Tensor.Zeros(1).Device.Name);
            });
            Assert.Same(a, TensorBackend.Current);
            Assert.Equal("device-a", Tensor.Zeros(1).Device.Name);
        }
        Assert.Same(outer, TensorBackend.Current);
        Assert.True(Tensor.Zeros(1).IsHost);
    }

    [Fact]
    public void FreshDeviceMemory_IsPoisoned_AndPooledMemoryIsReused()
    {
        var device = SimDeviceBackend.Create();
        using var _ = TensorBackend.Use(device);
        long before = device.LiveBytes;
        using (TensorScope.Begin())
        {
            var t = Tensor.Empty(5);
            Assert.All(t.ToArray(), v => Assert.True(float.IsNaN(v))); // what a kernel that reads before writing would see
            Assert.Equal(before + 20, device.LiveBytes);
        }
        Assert.Equal(before, device.LiveBytes);
        long peak = device.PeakBytes;
        using (TensorScope.Begin())
        {
            Tensor.Empty(5);
            Assert.Equal(peak, device.PeakBytes); // the same 20 bytes, reused from the pool
        }
    }

    [Fact]
    public void EditOnHost_AndReadOnHost_RoundTripADeviceTensor()
    {
        var device = SimDeviceBackend.Create();
        using var _ = TensorBackend.Use(device);
        using var t = Tensor.FromArray([1f, 2f, 3f], 3);
        t.EditOnHost(v => v[1] = 20f);
        Assert.Equal(new[] { 1f, 20f, 3f }, t.ReadOnHost().ToArray());
        using var h = Tensor.Wrap([4f, 5f, 6f], 3);
        t.CopyFrom(h); // host to device: an upload
        Assert.Equal(new[] { 4f, 5f, 6f }, t.ToArray());
        h.CopyFrom(Tensor.FromArray([7f, 8f, 9f], 3)); // device to host: a download
        Assert.Equal(new[] { 7f, 8f, 9f }, h.ToArray());
    }

    public static TheoryData<string> Steps => new() { "relu-l1", "topk", "batchtopk", "gated", "jumprelu" };

    /// <summary>
    /// A full SAE training step (forward, losses, backward, clipping, Adam) on the simulated device gives the same bits as
    /// on the CPU backend: the same kernels must see the same values, so any host shortcut that skipped the device shows.
    /// </summary>
    [Theory]
    [MemberData(nameof(Steps))]
    public void TrainingSteps_OnTheSimulatedDevice_AreBitIdenticalToTheCpu(string kind)
    {
        var cpu = RunSteps(kind, TensorBackend.Current);
        var device = SimDeviceBackend.Create();
        var sim = RunSteps(kind, device);
        Assert.Equal(cpu.Keys.Order(), sim.Keys.Order());
        foreach (var (name, values) in cpu)
            Assert.True(values.AsSpan().SequenceEqual(sim[name]), $"{kind}: {name} differs between cpu and simdevice");
        Assert.True(device.Transfers.BytesToDevice > 0);
    }

    // Three steps of a small SAE; returns parameters and losses, read back to the host.
    private static Dictionary<string, float[]> RunSteps(string kind, ITensorBackend backend)
    {
        using var flow = TensorBackend.Use(backend);
        const int rows = 37, dIn = 11, dSae = 29;
        var rng = new SaeRandom(7);
        var xs = new float[rows * dIn];
        rng.Normal(xs);
        var wEnc = Tensor.Parameter("W_enc", dIn, dSae);
        var wDec = Tensor.Parameter("W_dec", dSae, dIn);
        var bEnc = Tensor.Parameter("b_enc", dSae);
        var bDec = Tensor.Parameter("b_dec", dIn);
        var extra = Tensor.Parameter("extra", dSae);
        Init.Normal(wEnc, 0f, 0.3f, rng);
        Init.Normal(wDec, 0f, 0.3f, rng);
        Init.Uniform(bEnc, -0.1f, 0.1f, rng);
        Init.Uniform(extra, 0.01f, 0.2f, rng);
        var parameters = new[] { wEnc, wDec, bEnc, bDec, extra };
        var adam = new Adam(parameters, new AdamOptions { LearningRate = 1e-2 });
        var losses = new List<float>();
        for (int step = 0; step < 3; step++)
        {
            using var scope = TensorScope.Begin();
            var x = Tensor.Input(xs, rows, dIn);
            var loss = kind switch
            {
                "relu-l1" => ReluL1(x),
                "topk" => Ops.MseLoss(Ops.SparseDecode(Ops.TopKEncode(x, wEnc, bEnc, 4, null), wDec, bDec), x),
                "batchtopk" => Ops.MseLoss(Ops.SparseDecode(Ops.BatchTopKEncode(x, wEnc, bEnc, 4, out _), wDec, bDec), x),
                "gated" => Gated(x),
                "jumprelu" => JumpRelu(x),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            };
            losses.Add(loss.ToScalar());
            loss.Backward();
            GradientClipping.ClipByGlobalNorm(parameters, 1f);
            adam.Step();
            adam.ZeroGrad();
            DecoderNorm.NormalizeRows(wDec, 1f);
        }
        var result = parameters.ToDictionary(p => p.Name!, p => p.ToArray());
        result["losses"] = [.. losses];
        return result;

        Tensor ReluL1(Tensor x)
        {
            // Dense codes: a device keeps ReLU codes dense (PrefersDenseCodes), so the CPU's sparse path is off here too.
            var codes = Ops.ReluEncode(x, wEnc, bEnc, bDec, sparseBelow: 0, penaltyWeights: Ops.RowNorms(wDec));
            var features = codes.Dense ?? Ops.ToDense(codes.Sparse!);
            return Ops.Add(Ops.MseLoss(Ops.Linear(features, wDec, bDec), x), Ops.MulScalar(codes.Penalty!, 0.1f));
        }

        Tensor Gated(Tensor x)
        {
            var gate = Ops.LinearRelu(x, wEnc, bEnc);
            var features = Ops.GatedMagnitude(gate, bEnc, extra, bEnc);
            return Ops.Add(Ops.MseLoss(Ops.Linear(features, wDec, bDec), x), Ops.MulScalar(Ops.Sum(gate), 1e-3f));
        }

        Tensor JumpRelu(Tensor x)
        {
            var h = Ops.Linear(x, wEnc, bEnc);
            var features = Ops.JumpRelu(h, extra);
            return Ops.Add(Ops.MseLoss(Ops.Linear(features, wDec, bDec), x), Ops.MulScalar(Ops.Sum(Ops.Step(h, extra)), 1e-3f));
        }
    }
}
