using SaePlatform.Contracts.Architectures;

namespace SaePlatform.Plugins.TopK;

/// <summary>Checks shared by the TopK family at initialisation.</summary>
internal static class StructuralSparsity
{
    /// <summary>
    /// Rejects a configured penalty (k fixes the sparsity, so a penalty would be silently meaningless) and a k
    /// that does not leave some features unselected.
    /// </summary>
    /// <exception cref="ArgumentException">A penalty is configured, or k &gt;= d_sae.</exception>
    public static void Check(string architecture, SaeInitContext context, int k, int featureCount)
    {
        if (context.Penalty is not null)
            throw new ArgumentException($"{architecture} has structural sparsity (k = {k}); remove the penalty section from the config.", "penalty");
        if (k < 1 || k >= featureCount)
            throw new ArgumentException($"{architecture}: k = {k} must be at least 1 and below d_sae = {featureCount}.", nameof(k));
    }
}
