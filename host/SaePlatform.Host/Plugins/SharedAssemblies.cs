using System.Reflection;

namespace SaePlatform.Host.Plugins;

/// <summary>
/// The assemblies every plugin shares with the host (ARCHITECTURE.md, pinned decision 3): the contracts,
/// the tensor engine and the Microsoft.Extensions abstractions they expose. Type identity across the
/// plugin boundary depends on there being exactly one copy of each, the host's.
/// </summary>
internal static class SharedAssemblies
{
    /// <summary>Whether <paramref name="name"/> must come from the host's default load context.</summary>
    /// <remarks>Matched by simple name only: a plugin built against an older contracts build still binds.</remarks>
    public static bool IsShared(AssemblyName name)
    {
        var simple = name.Name;
        if (simple is null) return false;
        return simple.Equals("SaePlatform.Contracts", StringComparison.OrdinalIgnoreCase)
            || simple.Equals("SaePlatform.Tensors", StringComparison.OrdinalIgnoreCase)
            || (simple.StartsWith("Microsoft.Extensions.", StringComparison.OrdinalIgnoreCase)
                && simple.EndsWith(".Abstractions", StringComparison.OrdinalIgnoreCase));
    }
}
