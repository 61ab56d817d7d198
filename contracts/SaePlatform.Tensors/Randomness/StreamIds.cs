using System.Text;

namespace SaePlatform.Tensors.Randomness;

/// <summary>Stable derivation of child stream ids (never <see cref="string.GetHashCode()"/>, which varies per process).</summary>
internal static class StreamIds
{
    /// <summary>Child stream of <paramref name="parent"/> numbered <paramref name="id"/>: SplitMix64 applied twice, so Fork(a).Fork(b) differs from Fork(b).Fork(a).</summary>
    public static ulong Child(ulong parent, ulong id) => SplitMix64(SplitMix64(parent) ^ id);

    /// <summary>FNV-1a 64 over the UTF-8 bytes of <paramref name="name"/>.</summary>
    public static ulong Hash(string name)
    {
        ulong h = 0xCBF29CE484222325;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            h ^= b;
            h *= 0x100000001B3;
        }
        return h;
    }

    // SplitMix64 finaliser (Steele, Lea and Flood 2014), constants from Vigna's reference code.
    private static ulong SplitMix64(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
