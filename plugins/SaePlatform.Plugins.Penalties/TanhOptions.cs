using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.Penalties;

/// <summary>Options of the <c>tanh</c> penalty.</summary>
public sealed class TanhOptions
{
    /// <summary>Scale c in tanh(c * f_i * ||W_dec,i||). Default 4.</summary>
    [Range(1e-9, 1e6)]
    [Description("Scale c in tanh(c * f_i * ||W_dec,i||).")]
    public double Scale { get; set; } = 4;
}
