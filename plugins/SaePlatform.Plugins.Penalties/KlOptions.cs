using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.Penalties;

/// <summary>Options of the <c>kl</c> penalty.</summary>
public sealed class KlOptions : IValidatableObject
{
    /// <summary>Target mean activation rho of every feature. Default 0.05.</summary>
    [Range(1e-6, 1 - 1e-6)]
    [Description("Target mean activation rho of each feature, in (0, 1).")]
    public double Rho { get; set; } = 0.05;

    /// <summary>The batch mean activation is clamped into [eps, 1 - eps] before the logarithms. Default 1e-6.</summary>
    [Range(1e-12, 0.1)]
    [Description("Clamp of the batch mean activation into [eps, 1 - eps] (keeps the logarithms finite).")]
    public double Eps { get; set; } = 1e-6;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Rho <= Eps || Rho >= 1 - Eps)
            yield return new ValidationResult($"rho {Rho} must lie inside the clamp range [eps, 1 - eps] with eps {Eps}.", [nameof(Rho), nameof(Eps)]);
    }
}
