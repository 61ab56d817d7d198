using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DecoderNormVisualizer;

/// <summary>Options of <see cref="DecoderNormFigure"/>.</summary>
public sealed class DecoderNormOptions
{
    /// <summary>Histogram bins. Default 40.</summary>
    [Description("Number of histogram bins.")]
    [Range(2, 1000)]
    public int Bins { get; set; } = 40;
}
