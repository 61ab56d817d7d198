using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Cuda.Memory;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors.Cuda.Tests;

/// <summary>
/// The CUDA backend's memory on ILGPU's CPU accelerator: the caching allocator's size classes and reuse, explicit copies,
/// and the refusals a GPU would give (host code reading device memory, a host tensor handed to a kernel).
/// </summary>
public sealed class DeviceMemoryTests : IDisposable
{
    private readonly CudaBackend _backend = CudaBackend.CreateOnCpuAccelerator();

    public void Dispose() => _backend.Dispose();

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 512)]
    [InlineData(512, 512)]
    [InlineData(513, 1024)]
    [InlineData(1 << 20, 1 << 20)]
    [InlineData((1 << 20) + 1, (1 << 20) + (1 << 18))]       // above 1 Mi: eighths of the next power of two (2^21 / 8)
    [InlineData(3_000_000, 3_145_728)]                        // next power 2^22, step 2^19: 6 steps
    public void SizeClass_RoundsUpAsDocumented(long length, long expected) => Assert.Equal(expected, DeviceAllocator.SizeClass(length));

    [Fact]
    public void ReleasedMemory_IsReusedByTheNextStep_WithoutNewDeviceAllocations()
    {
        using var scope = TensorBackend.Use(_backend);
        void Step()
        {
            using var step = TensorScope.Begin();
            var a = Tensor.Empty(37, 61);
            var b = Tensor.Empty(1000);
            a.Fill(1f);
            b.Fill(2f);
        }
        Step();
        long afterFirst = _backend.Allocator.DeviceAllocations;
        for (int i = 0; i < 5; i++) Step();
        Assert.Equal(afterFirst, _backend.Allocator.DeviceAllocations);
        Assert.Equal(0, _backend.Allocator.LiveBytes);
        Assert.True(_backend.Allocator.CachedBytes >= (37 * 61 + 1000) * 4);
    }

    [Fact]
    public void Values_CrossOnlyThroughCountedCopies_AndFreshMemoryIsPoisoned()
    {
        using var scope = TensorBackend.Use(_backend);
        using var fresh = Tensor.Empty(700);
        Assert.All(fresh.ToArray(), v => Assert.True(float.IsNaN(v)));

        _backend.Transfers.Reset();
        using var t = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], t.ToArray());
        Assert.Equal(1, _backend.Transfers.HostWrites);
        Assert.Equal(24, _backend.Transfers.BytesToDevice);
        Assert.Equal(1, _backend.Transfers.HostReads);

        var error = Assert.Throws<DeviceMemoryAccessException>(() => t.Span[0]);
        Assert.Contains("ilgpu-cpu", error.Message, StringComparison.Ordinal);

        using var copy = Tensor.Empty(2, 3);
        t.Storage.CopyTo(0, copy.Storage, 0, 6);
        copy.Storage.Fill(4, 2, -1f);
        Assert.Equal([1f, 2f, 3f, 4f, -1f, -1f], copy.ToArray());
    }

    [Fact]
    public void AHostTensorHandedToAKernel_IsRefusedNamingTheOperation()
    {
        var host = Tensor.FromArray([1f, 2f], 2); // created on the CPU backend
        using var scope = TensorBackend.Use(_backend);
        using var y = Tensor.Empty(2);
        var error = Assert.Throws<ArgumentException>(() => _backend.Unary(UnaryOp.Neg, host, 0, 0, y));
        Assert.Contains("Unary", error.Message, StringComparison.Ordinal);
        Assert.Contains("ToDevice", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => host.Storage.CopyTo(0, y.Storage, 0, 2));
    }

    [Fact]
    public void Bf16Conversion_RoundsToNearestEven_AndKeepsNaN()
    {
        // 1 + 2^-8 lies halfway between bf16 1 (0x3F80) and 1 + 2^-7 (0x3F81): ties go to the even 0x3F80;
        // 1 + 3 * 2^-8 is halfway between 0x3F81 and 0x3F82: to the even 0x3F82. -2.5 is exact (0xC020).
        float[] values = [1f, 1f + 1f / 256, 1f + 3f / 256, -2.5f, float.NaN, float.PositiveInfinity, 3.4e38f];
        ushort[] expected = [0x3F80, 0x3F80, 0x3F82, 0xC020, 0, 0x7F80, 0x7F80]; // 3.4e38 (0x7F7FC99E) rounds up to infinity
        var bits = SaePlatform.Tensors.Cuda.Kernels.Bf16Conversion.Run(_backend, values);
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i])) Assert.True((bits[i] & 0x7F80) == 0x7F80 && (bits[i] & 0x7F) != 0, $"NaN became {bits[i]:X4}");
            else Assert.True(expected[i] == bits[i], $"{values[i]}: expected {expected[i]:X4}, got {bits[i]:X4}");
        }
    }
}
