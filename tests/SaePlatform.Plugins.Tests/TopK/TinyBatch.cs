using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Plugins.Tests.Support;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Plugins.Tests.TopK;

/// <summary>The tiny fixed problem of the TopK-family tests: B = 3 rows of d_in = 4, d_sae = 8.</summary>
internal static class TinyBatch
{
    public const int Rows = 3, DIn = 4, DSae = 8;

    public static readonly double[] X =
    [
        0.9, -0.4, 0.3, 1.2,
        -0.7, 0.8, 1.1, -0.2,
        0.5, 1.3, -0.9, 0.6,
    ];

    public static Tensor Input() => Tensor.Wrap(TopKFamilyReference.ToFloat(X), Rows, DIn);

    public static TrainingStep Step(long step = 0) => new(step, 100, 0f, 1e-3f, step * Rows);

    /// <summary>An initialised SAE holding the reference's parameters, tracked with the run's dead-feature window <paramref name="window"/>.</summary>
    public static ISaeArchitecture Loaded(ISaeArchitecture sae, TopKFamilyReference reference, long window = 1)
    {
        sae.Initialize(new SaeInitContext(DIn, 0, null, ReadOnlyMemory<float>.Empty));
        sae.Load(reference.State());
        return new TrackedSae(sae, window);
    }

    /// <summary>One training forward on <see cref="X"/> whose graph is discarded (advances dead-feature tracking).</summary>
    public static void ForwardOnly(ISaeArchitecture sae)
    {
        using var scope = TensorScope.Begin();
        sae.Forward(Input(), Step());
    }

    /// <summary>Value of the loss term named <paramref name="name"/>.</summary>
    public static double Term(SaeForwardResult result, string name) =>
        result.Losses.Single(t => t.MetricName == name).Value.ToScalar();

    /// <summary>Sums the loss terms and back-propagates.</summary>
    public static void Backward(SaeForwardResult result)
    {
        Tensor loss = result.Losses[0].Value;
        for (int i = 1; i < result.Losses.Count; i++) loss = Ops.Add(loss, result.Losses[i].Value);
        loss.Backward();
    }

    /// <summary>Dense [rows, d_sae] values of CSR codes.</summary>
    public static float[] Dense(SparseRows codes)
    {
        var d = new float[codes.Rows * codes.Cols];
        var v = codes.Values.Span;
        for (int r = 0; r < codes.Rows; r++)
            for (int e = codes.RowOffsets[r]; e < codes.RowOffsets[r + 1]; e++) d[r * codes.Cols + codes.Indices[e]] = v[e];
        return d;
    }

    /// <summary>Compares every parameter's gradient with float64 finite differences of <paramref name="loss"/>.</summary>
    public static void AssertGradients(ISaeArchitecture sae, TopKFamilyReference reference, Func<double> loss)
    {
        for (int p = 0; p < TopKFamilyReference.TrainableNames.Length; p++)
        {
            string name = TopKFamilyReference.TrainableNames[p];
            var expected = FiniteDifference.Gradient(reference.Trainable[p], loss);
            var parameter = sae.Parameters.Single(t => t.Name == name);
            FiniteDifference.AssertClose($"d loss / d {name}", expected, parameter.Grad!.Span);
        }
    }

    public static bool[] FiredFeatures(double[] f)
    {
        var fired = new bool[DSae];
        for (int e = 0; e < f.Length; e++) if (f[e] > 0) fired[e % DSae] = true;
        return fired;
    }

    public static string MseName => MetricNames.MseLoss;
    public static string AuxName => MetricNames.AuxiliaryLoss;
}
