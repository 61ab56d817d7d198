using SaePlatform.Contracts.Penalties;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Plugins.Tests.Support;

/// <summary>
/// Checks a penalty's value and its gradients to the features and the decoder row norms against a float64
/// reference of the same penalty (value by direct comparison, gradients by finite differences of the reference).
/// </summary>
internal static class PenaltyCheck
{
    public static void Check(ISparsityPenalty penalty, double[] features, int rows, double[]? norms,
        Func<double[], double[]?, double> reference)
    {
        int cols = features.Length / rows;
        var f = Tensor.Wrap(Float64.ToFloat(features), rows, cols);
        f.RequiresGrad = true;
        Tensor? n = norms is null ? null : Tensor.Wrap(Float64.ToFloat(norms), cols);
        if (n is not null) n.RequiresGrad = true;

        using (TensorScope.Begin())
        {
            var value = penalty.Compute(f, n);
            TinySae.AssertClose(reference(features, norms), value.ToScalar(), "penalty");
            value.Backward();
        }

        double Reference() => reference(features, norms);
        TinySae.AssertGradient(FiniteDifference.Gradient(features, Reference), f.Grad!.ToArray(), "features");
        // A penalty that ignores the norms leaves them without a gradient; the reference then gives zeros.
        if (norms is not null) TinySae.AssertGradient(FiniteDifference.Gradient(norms, Reference), n!.Grad?.ToArray() ?? new float[norms.Length], "decoder norms");
    }
}
