using System.Runtime.InteropServices;

namespace SaePlatform.Host.Rendering.Cairo;

/// <summary>Whether cairo and pango can be used in this process (checked once, by loading each library by soname).</summary>
internal static class CairoLibrary
{
    private static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>True when every native library loaded.</summary>
    public static bool IsAvailable => Problem.Value is null;

    /// <summary>Why cairo cannot be used, or null.</summary>
    public static string? Unavailability => Problem.Value;

    private static string? Probe()
    {
        foreach (var name in new[] { CairoNative.Cairo, CairoNative.GObject, CairoNative.Pango, CairoNative.PangoCairo })
        {
            if (!NativeLibrary.TryLoad(name, out _))
                return $"{name} could not be loaded (install libcairo2 and libpangocairo-1.0-0)";
        }
        return null;
    }
}
