using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.SimDevice;
using SaePlatform.Tensors.Cuda;

namespace SaePlatform.Host.Engine;

/// <summary>
/// What one training step moved between host and device, on a backend that counts it (the simulated device): counted
/// from <see cref="Begin"/> (after the batch upload) to <see cref="End"/>, which adds the <c>device/*</c> metrics.
/// </summary>
internal sealed class StepTransfers
{
    private readonly DeviceTransfers _counters;

    private StepTransfers(DeviceTransfers counters) => _counters = counters;

    /// <summary>A counter for the current backend, or null when it does not count transfers (the CPU).</summary>
    public static StepTransfers? ForCurrentBackend() =>
        TensorBackend.Current switch
        {
            SimDeviceBackend device => new StepTransfers(device.Transfers),
            CudaBackend cuda => new StepTransfers(cuda.Transfers),
            _ => null,
        };

    /// <summary>Starts the step's count.</summary>
    public void Begin() => _counters.Reset();

    /// <summary>Ends the step's count and adds it to <paramref name="values"/>.</summary>
    public void End(Dictionary<string, double> values)
    {
        values[MetricNames.DeviceHostReads] = _counters.HostReads;
        values[MetricNames.DeviceBytesToHost] = _counters.BytesToHost;
        values[MetricNames.DeviceHostWrites] = _counters.HostWrites;
        values[MetricNames.DeviceLargestTransfer] = Math.Max(_counters.LargestRead, _counters.LargestWrite);
    }
}
