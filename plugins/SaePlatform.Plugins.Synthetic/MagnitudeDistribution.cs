namespace SaePlatform.Plugins.Synthetic;

/// <summary>How the magnitude of an active synthetic feature is drawn.</summary>
public enum MagnitudeDistribution
{
    /// <summary>Uniform between magnitude_min and magnitude_max.</summary>
    Uniform,

    /// <summary>magnitude_min plus an exponential draw with mean magnitude_max - magnitude_min (heavy-tailed, unbounded).</summary>
    Exponential,
}
