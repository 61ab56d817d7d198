namespace SaePlatform.Contracts.Visualization.Figures;

/// <summary>An sRGB colour with alpha, 0-255 per channel.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
/// <param name="A">Alpha (255 = opaque).</param>
public readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    /// <summary>The ten-colour qualitative palette renderers cycle through (the "tab10" colours users know).</summary>
    public static IReadOnlyList<Color> Palette { get; } =
    [
        FromHex(0x1f77b4), FromHex(0xff7f0e), FromHex(0x2ca02c), FromHex(0xd62728), FromHex(0x9467bd),
        FromHex(0x8c564b), FromHex(0xe377c2), FromHex(0x7f7f7f), FromHex(0xbcbd22), FromHex(0x17becf),
    ];

    /// <summary>Palette colour <paramref name="index"/>, cycling.</summary>
    public static Color FromPalette(int index) => Palette[((index % Palette.Count) + Palette.Count) % Palette.Count];

    /// <summary>An opaque colour from 0xRRGGBB.</summary>
    public static Color FromHex(int rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    /// <summary>"#rrggbb" (alpha not included).</summary>
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";
}
