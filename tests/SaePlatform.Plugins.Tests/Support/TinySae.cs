using SaePlatform.Contracts.Architectures;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Plugins.Tests.Support;

/// <summary>
/// Runs an architecture on a tiny hand-set problem: parameters loaded from float64 arrays, one forward pass
/// and one backward pass of the summed loss, everything copied out as arrays for comparison with a float64
/// reference written in the test.
/// </summary>
internal static class TinySae
{
    /// <summary>What one forward/backward pass produced.</summary>
    public sealed record Run(
        IReadOnlyDictionary<string, double> Losses,
        float[] Reconstruction,
        float[] Features,
        IReadOnlyDictionary<string, float[]> Gradients);

    /// <summary>A state dictionary for <see cref="ISaeArchitecture.Load"/> (persistent float32 tensors).</summary>
    public static Dictionary<string, Tensor> State(params (string Name, double[] Values, int[] Shape)[] tensors)
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, values, shape) in tensors) state[name] = Tensor.Wrap(Float64.ToFloat(values), shape);
        return state;
    }

    /// <summary>Initialises <paramref name="sae"/> for width <paramref name="dIn"/> and loads <paramref name="state"/>.</summary>
    public static void Prepare(ISaeArchitecture sae, int dIn, Dictionary<string, Tensor> state,
        Contracts.Penalties.ISparsityPenalty? penalty = null)
    {
        sae.Initialize(new SaeInitContext(dIn, 1, penalty, ReadOnlyMemory<float>.Empty));
        sae.Load(state);
    }

    /// <summary>Forward with the given sparsity coefficient, backward of the sum of all loss terms.</summary>
    public static Run ForwardBackward(ISaeArchitecture sae, double[] x, int rows, float coefficient)
    {
        using var scope = TensorScope.Begin();
        var input = Tensor.Wrap(Float64.ToFloat(x), rows, x.Length / rows);
        var result = sae.Forward(input, new TrainingStep(0, 1, coefficient, 1e-3f, 0));
        var losses = new Dictionary<string, double>(StringComparer.Ordinal);
        Tensor total = result.Losses[0].Value;
        for (int i = 1; i < result.Losses.Count; i++) total = Ops.Add(total, result.Losses[i].Value);
        foreach (var term in result.Losses) losses[term.MetricName] = term.Value.ToScalar();
        total.Backward();
        var grads = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var p in sae.Parameters) grads[p.Name!] = p.Grad?.ToArray() ?? new float[p.Length];
        return new Run(losses, result.Reconstruction.ToArray(), DenseFeatures(result), grads);
    }

    /// <summary>The features as a dense row-major array, expanding CSR features.</summary>
    public static float[] DenseFeatures(SaeForwardResult result)
    {
        if (result.DenseFeatures is { } dense) return dense.ToArray();
        var s = result.SparseFeatures!;
        var values = s.Values.ToArray();
        var features = new float[s.Rows * s.Cols];
        for (int r = 0; r < s.Rows; r++)
            for (int e = s.RowOffsets[r]; e < s.RowOffsets[r + 1]; e++) features[r * s.Cols + s.Indices[e]] = values[e];
        return features;
    }

    /// <summary>|expected - actual| &lt;= abs + rel * |expected| for every element.</summary>
    public static void AssertClose(double[] expected, float[] actual, string what, double rel = 1e-4, double abs = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= abs + rel * Math.Abs(expected[i]),
                $"{what}[{i}]: expected {expected[i]:G7}, got {actual[i]:G7}");
    }

    /// <summary>Scalar version of <see cref="AssertClose(double[], float[], string, double, double)"/>.</summary>
    public static void AssertClose(double expected, double actual, string what, double rel = 1e-4, double abs = 1e-5) =>
        Assert.True(Math.Abs(expected - actual) <= abs + rel * Math.Abs(expected), $"{what}: expected {expected:G7}, got {actual:G7}");

    /// <summary>Autograd gradients (float32) against float64 finite differences.</summary>
    public static void AssertGradient(double[] numeric, float[] analytic, string what) =>
        AssertClose(numeric, analytic, "d loss / d " + what, rel: 2e-3, abs: 2e-4);
}
