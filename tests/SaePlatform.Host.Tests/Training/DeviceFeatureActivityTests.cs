using SaePlatform.Host.Training.Metrics;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.SimDevice;

namespace SaePlatform.Host.Tests.Training;

/// <summary>
/// The firing counters kept on the engine's device (the trainer's path: <see cref="FeatureActivity.ObserveOnDevice"/>)
/// against the host bookkeeping (<see cref="FeatureActivity.Observe(ReadOnlySpan{float}, int, long)"/>) fed the same
/// random counts: the same L0, dead counts, dead masks and indices, mean steps since firing, densities and checkpoint
/// state at every step, across density-window resets, a resampling revival and an export/import; and no d_sae-sized
/// read per step on the simulated device.
/// </summary>
public sealed class DeviceFeatureActivityTests
{
    [Fact]
    public void DeviceCounters_MatchTheHostBookkeeping_StepByStep()
    {
        const int features = 37, rows = 8, window = 5, density = 7;
        var random = new Random(3);
        var host = new FeatureActivity(features);
        var device = new FeatureActivity(features);
        var sim = SimDeviceBackend.Create();
        using var engine = TensorBackend.Use(sim);
        for (long step = 0; step < 40; step++)
        {
            if (step > 0 && step % density == 0)
            {
                host.ResetWindow();
                device.ResetWindow();
            }
            // Features 30..36 never fire; the others fire now and then (some in bursts), with counts up to the rows.
            var counts = new float[features];
            for (int f = 0; f < 30; f++) counts[f] = random.NextDouble() < (f % 3 == 0 ? 0.1 : 0.6) ? random.Next(1, rows + 1) : 0;

            // What the architecture sees before the step: the same dead features, on the host and on the device.
            var expectedView = host.DeadFeatures(step, window);
            var deviceView = device.DeadFeatures(step, window);
            var expectedMask = expectedView.Mask(out int expectedCount).ToArray();
            Assert.Equal(expectedCount, deviceView.Count);
            using (TensorScope.Begin())
            {
                Assert.Equal(expectedMask.Select(d => d ? 1f : 0f), deviceView.MaskTensor().ToArray());
                Assert.Equal(Enumerable.Range(0, features).Where(f => expectedMask[f]), deviceView.Indices().ToArray());
            }

            double expectedL0 = host.Observe(counts, rows, step);
            sim.Transfers.Reset();
            double l0;
            using (TensorScope.Begin())
            {
                var scalars = device.ObserveOnDevice(Tensor.FromArray(counts, features), step, window).ToArray();
                l0 = device.CompleteDeviceStep(scalars, rows, step, window);
            }
            Assert.Equal(expectedL0, l0);
            Assert.Equal(1, sim.Transfers.HostReads);        // the four scalars, whatever d_sae
            Assert.Equal(16, sim.Transfers.BytesToHost);

            Assert.Equal(host.DeadCount(step, window), device.DeadCount(step, window));
            Assert.Equal(host.MeanStepsSinceFired(step), device.MeanStepsSinceFired(step));
            if (step == 20)
            {
                host.Revive([30, 31, 2], step + 1);
                device.Revive([30, 31, 2], step + 1);
            }
            if (step == 27)
            {
                var state = device.Export();
                Assert.Equal(host.Export().LastFired, state.LastFired);
                device = new FeatureActivity(features);
                device.Import(state);
            }
        }
        Assert.Equal(host.Log10Density(), device.Log10Density());
        var a = host.Export();
        var b = device.Export();
        Assert.Equal(a.LastFired, b.LastFired);
        Assert.Equal(a.WindowCounts, b.WindowCounts);
        Assert.Equal(a.WindowRows, b.WindowRows);
    }
}
