using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Tensors.Tests.Support;

/// <summary>
/// Compares autograd gradients with central finite differences. The scalar checked is
/// sum(f(inputs) * R) for a fixed random R, so every output element contributes with its own weight.
/// The forward runs in float32, so the step and tolerance are sized for float32 round-off; differences
/// are accumulated in float64.
/// </summary>
internal static class GradCheck
{
    /// <param name="f">The operation under test, built from the given leaf tensors.</param>
    /// <param name="inputs">Leaf values; each becomes a parameter that requires gradients.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="tolerance">Allowed |analytic - numeric| / max(1, |numeric|).</param>
    /// <param name="seed">Seed of the projection R.</param>
    public static void Check(Func<Tensor[], Tensor> f, float[][] inputs, int[][] shapes, double eps = 1e-2, double tolerance = 2e-2, int seed = 7)
    {
        var leaves = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            leaves[i] = Tensor.Persistent(shapes[i]);
            inputs[i].CopyTo(leaves[i].Span);
            leaves[i].RequiresGrad = true;
        }

        float[] projection;
        using (var scope = TensorScope.Begin())
        {
            var outShape = f(leaves);
            var rng = new Random(seed);
            projection = new float[outShape.Length];
            for (int i = 0; i < projection.Length; i++) projection[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        using (TensorScope.Begin())
        {
            var y = f(leaves);
            var r = Tensor.FromArray(projection, y.Shape.ToArray());
            var loss = Ops.Sum(Ops.Mul(y, r));
            loss.Backward();
        }

        for (int i = 0; i < leaves.Length; i++)
        {
            var analytic = leaves[i].Grad?.ToArray() ?? new float[leaves[i].Length];
            var data = leaves[i].Span;
            for (int j = 0; j < data.Length; j++)
            {
                float saved = data[j];
                data[j] = (float)(saved + eps);
                double plus = Projected(f, leaves, projection);
                data[j] = (float)(saved - eps);
                double minus = Projected(f, leaves, projection);
                data[j] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double err = Math.Abs(analytic[j] - numeric) / Math.Max(1.0, Math.Abs(numeric));
                Assert.True(err <= tolerance,
                    $"input {i} element {j}: analytic {analytic[j]:G6} vs numeric {numeric:G6} (relative error {err:G3})");
            }
        }
    }

    private static double Projected(Func<Tensor[], Tensor> f, Tensor[] leaves, float[] projection)
    {
        using var noGrad = GradMode.Disable();
        using var scope = TensorScope.Begin();
        var y = f(leaves).Span;
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)y[i] * projection[i];
        return s;
    }
}
