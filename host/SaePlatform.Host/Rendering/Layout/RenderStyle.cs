using SaePlatform.Contracts.Visualization.Figures;

namespace SaePlatform.Host.Rendering.Layout;

/// <summary>The look of every figure: a light, clean grid style (sizes in points).</summary>
internal static class RenderStyle
{
    public static readonly Color Background = new(255, 255, 255);
    public static readonly Color Text = Color.FromHex(0x222222);
    public static readonly Color TickText = Color.FromHex(0x444444);
    public static readonly Color Spine = Color.FromHex(0x9a9a9a);
    public static readonly Color GridLine = Color.FromHex(0xe3e3e3);
    public static readonly Color Annotation = Color.FromHex(0x444444);
    public static readonly Color BoxBorder = Color.FromHex(0xc8c8c8);

    public const double FigureTitleSize = 13;
    public const double PanelTitleSize = 11;
    public const double AxisLabelSize = 9.5;
    public const double TickLabelSize = 8.5;
    public const double LegendSize = 8.5;
    public const double AnnotationTextSize = 8.5;

    public const double TickLength = 3.5;
    public const double CellPadding = 8;
    public const double BoxInset = 6;
    public const double BoxPadding = 5;
    public const double LegendSampleWidth = 20;
}
