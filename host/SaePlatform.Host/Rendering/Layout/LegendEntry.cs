using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>How a legend entry's sample is drawn.</summary>
internal enum LegendGlyph { Line, Patch, Marker }

/// <summary>One legend row.</summary>
internal sealed record LegendEntry(string Label, LegendGlyph Glyph, Color Color, double Width, LineDash Dash, double Opacity);
