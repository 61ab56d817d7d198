using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.Penalties;

/// <summary>Options of the <c>hoyer</c> penalty.</summary>
public sealed class HoyerOptions
{
    /// <summary>Added to ||f||_2 so that an all-zero row costs 0 instead of 0/0. Default 1e-8.</summary>
    [Range(0.0, 1.0)]
    [Description("Added to the row L2 norm in ||f||_1 / (||f||_2 + eps), so an all-zero row costs 0.")]
    public double Eps { get; set; } = 1e-8;
}
