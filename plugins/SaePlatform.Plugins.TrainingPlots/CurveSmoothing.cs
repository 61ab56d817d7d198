using System.Globalization;
using SaePlatform.Contracts.Visualization.Transforms;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>
/// <see cref="SmoothingOptions"/> resolved for one history: the smoothing applied to a curve and the words that name it
/// in legends ("EMA, time constant 20 steps", "centred mean of 40 steps").
/// </summary>
internal sealed class CurveSmoothing
{
    /// <summary>Time constant of the default EMA as a fraction of the logged step span.</summary>
    public const double DefaultTimeConstantFraction = 0.01;

    /// <summary>Rolling window of the default rolling mean as a fraction of the logged step span.</summary>
    public const double DefaultWindowFraction = 0.02;

    private CurveSmoothing(SmoothingMethod method, double weightPerStep, double windowSteps)
    {
        Method = method;
        WeightPerStep = weightPerStep;
        WindowSteps = windowSteps;
    }

    public SmoothingMethod Method { get; }

    /// <summary>EMA weight per step (for <see cref="SmoothingMethod.Ema"/>).</summary>
    public double WeightPerStep { get; }

    /// <summary>Rolling window in steps (for <see cref="SmoothingMethod.Rolling"/>).</summary>
    public double WindowSteps { get; }

    /// <summary>True when a smoothed curve is drawn over the raw one.</summary>
    public bool Smooths => Method == SmoothingMethod.Rolling || (Method == SmoothingMethod.Ema && WeightPerStep > 0);

    /// <summary>Resolves <paramref name="options"/> for curves over <paramref name="steps"/> (unset values from the step span).</summary>
    public static CurveSmoothing For(SmoothingOptions options, IReadOnlyList<double> steps)
    {
        double span = steps.Count > 1 ? steps[^1] - steps[0] : 1;
        double spacing = steps.Count > 1 ? span / (steps.Count - 1) : 1;
        double weight = options.SmoothingWeight ?? Math.Exp(-1 / Math.Max(DefaultTimeConstantFraction * span, 1e-9));
        double window = options.RollingWindow ?? Math.Max(DefaultWindowFraction * span, 3 * spacing);
        return new CurveSmoothing(options.Smoothing, weight, window);
    }

    /// <summary>The smoothed curve (the data itself when nothing smooths).</summary>
    public double[] Apply(IReadOnlyList<double> steps, IReadOnlyList<double> values) => Method switch
    {
        SmoothingMethod.Ema when WeightPerStep > 0 => Smoothing.EmaOverSteps(steps, values, WeightPerStep),
        SmoothingMethod.Rolling => Smoothing.CenteredRollingMean(steps, values, WindowSteps),
        _ => [.. values],
    };

    /// <summary>What the smoothed curve is, for a legend entry or a title.</summary>
    public string Description => Method switch
    {
        SmoothingMethod.Ema when WeightPerStep > 0 =>
            $"EMA {Format(WeightPerStep, "0.####")}/step, time constant {Format(-1 / Math.Log(WeightPerStep), "0.#")} steps",
        SmoothingMethod.Rolling => $"centred mean over {Format(WindowSteps, "0")} steps",
        _ => "raw, not smoothed",
    };

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
