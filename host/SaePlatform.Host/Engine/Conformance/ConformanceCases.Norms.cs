using SaePlatform.Tensors.Backends;
using static SaePlatform.Host.Engine.Conformance.HostKernels;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>
    /// (x, norm) shapes of the L2 norm: row norms [m, 1], column norms [n] and [1, n], the Frobenius norm (scalar), x's
    /// own shape (absolute values), 1-D inputs, and zero rows.
    /// </summary>
    private static readonly (int[] X, int[] Norm)[] NormLayouts =
    [
        ([33, 130], [33, 1]), ([33, 130], [130]), ([257, 33], [1, 33]), ([17, 257], []), ([3, 17], [3, 17]),
        ([257], []), ([257], [257]), ([0, 17], [17]), ([0, 17], []), ([1, 1], [1, 1]),
    ];

    /// <summary>
    /// <see cref="ITensorBackend.L2Norm"/> and <see cref="ITensorBackend.L2NormGrad"/> on every layout; x has an all-zero
    /// first row (zero row norms: gradient 0, never NaN), and the gradient's beta cycles 0 (NaN-filled), 0.5 and 1.
    /// </summary>
    private static IEnumerable<ConformanceCase> Norms(HostData data)
    {
        foreach (var (xShape, normShape) in NormLayouts)
        {
            var x = NormInput(data, xShape);
            yield return new ConformanceCase(KernelMethods.L2Norm, $"{Describe(xShape)} -> {Describe(normShape)}", run =>
            {
                var y = Poisoned(normShape);
                run.Backend.L2Norm(Upload(x, xShape), y);
                run.Read("y", y, Tolerance.Reduction);
            });
        }
        float[] betas = [0f, 0.5f, 1f];
        int index = 0;
        foreach (var (xShape, normShape) in NormLayouts)
        {
            float beta = betas[index++ % betas.Length];
            var x = NormInput(data, xShape);
            float[] norm = L2Norm(x, xShape, normShape), g = data.Uniform(Count(normShape)), old = data.Uniform(Count(xShape));
            yield return new ConformanceCase(KernelMethods.L2NormGrad, $"{Describe(xShape)} norms {Describe(normShape)} {Beta(beta)}", run =>
            {
                var grad = beta == 0f ? Poisoned(xShape) : Upload(old, xShape);
                run.Backend.L2NormGrad(Upload(x, xShape), Upload(norm, normShape), Upload(g, normShape), beta, grad);
                run.Read("gradInput", grad, Tolerance.Elementwise);
            });
        }
    }

    /// <summary>Uniform values with exact zeros; a 2-D input's first row all zero.</summary>
    private static float[] NormInput(HostData data, int[] shape)
    {
        var x = data.Sprinkle(data.Uniform(Count(shape)), 0.02, 0f);
        return shape.Length == 2 ? HostData.ZeroRow(x, shape[1], 0) : x;
    }
}
