using SaePlatform.Contracts.Architectures;

namespace SaePlatform.Host.Training.Metrics;

/// <summary>
/// <see cref="FeatureActivity"/>'s counters as an architecture sees them in one forward pass: steps since each
/// feature fired, counted up to <paramref name="stepsObserved"/> training steps (the step about to run in a training
/// forward, one more in the validation after it), and dead = idle for <paramref name="window"/> steps or more.
/// </summary>
/// <remarks>
/// The same test as the AuxK tracker the TopK family kept before the host owned the only one (a checkpoint's
/// <c>steps_since_fired</c> entry from then equals <paramref name="stepsObserved"/> - last fired, so it is ignored).
/// </remarks>
internal sealed class DeadFeatureView(long[] lastFired, bool[] mask, long stepsObserved, long window) : IDeadFeatures
{
    public long StepsSinceFired(int feature) => stepsObserved - lastFired[feature];

    public ReadOnlySpan<bool> Mask(out int count)
    {
        count = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = stepsObserved - lastFired[i] >= window;
            if (mask[i]) count++;
        }
        return mask;
    }
}
