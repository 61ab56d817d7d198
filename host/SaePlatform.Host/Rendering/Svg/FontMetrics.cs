namespace SaePlatform.Host.Rendering.Svg;

/// <summary>
/// Text measurement without a font engine: DejaVu Sans advance widths (em fractions) for printable ASCII,
/// one em for wide East Asian characters, an average for everything else. Close enough to lay out an SVG
/// that a viewer renders with DejaVu Sans or a similar sans-serif, and exactly reproducible.
/// </summary>
internal static class FontMetrics
{
    /// <summary>Ascent and line height of DejaVu Sans in em (0.928 + descent 0.236).</summary>
    public const double Ascent = 0.928;
    public const double LineHeight = 1.164;

    private static readonly double[] Ascii =
    [
        0.318, 0.401, 0.460, 0.838, 0.636, 0.950, 0.780, 0.275, 0.390, 0.390, 0.500, 0.838, 0.318, 0.361, 0.318, 0.337,
        0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
        1.000, 0.684, 0.686, 0.698, 0.770, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
        0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.390, 0.337, 0.390, 0.838, 0.500,
        0.500, 0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
        0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
    ];

    public static double Width(string text, double size, bool bold)
    {
        double em = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            int c = rune.Value;
            em += c is >= 32 and < 127 ? Ascii[c - 32]
                : IsWide(c) ? 1.0
                : c is >= 0x2070 and <= 0x209F ? 0.4 // superscript digits and minus of log tick labels
                : 0.62;
        }
        return em * size * (bold ? 1.08 : 1);
    }

    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0x20000 and <= 0x3FFFD;
}
