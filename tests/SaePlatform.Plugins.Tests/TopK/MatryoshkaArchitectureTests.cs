using SaePlatform.Contracts.Architectures;
using SaePlatform.Plugins.Tests.Support;
using SaePlatform.Plugins.TopK;
using SaePlatform.Tensors.Autograd;
using static SaePlatform.Plugins.Tests.TopK.TinyBatch;
using R = SaePlatform.Plugins.Tests.TopK.TopKFamilyReference;

namespace SaePlatform.Plugins.Tests.TopK;

public sealed class MatryoshkaArchitectureTests
{
    private static readonly int[] Prefixes = [2, 5];

    private static MatryoshkaOptions Options() =>
        new() { BDecInit = DecoderBiasInit.Zero, DSae = DSae, K = 2, AuxKCoefficient = 0.5, PrefixWidths = [.. Prefixes, DSae] };

    private static double PrefixMse(R r, int width) =>
        R.Mse(r.Decode(BatchTopKArchitectureTests.Reference(r).F, Rows, width: width), X, Rows);

    [Fact]
    public void Forward_TinyBatch_PrefixTermsMatchFloat64ReferenceAndFiniteDifferences()
    {
        var r = new R(DIn, DSae, seed: 5);
        var sae = Loaded(new MatryoshkaArchitecture(Options()), r);
        var (_, _, f, xHat) = BatchTopKArchitectureTests.Reference(r);
        var dead = FiredFeatures(f).Select(fired => !fired).ToArray();
        var residual = X.Select((v, e) => v - xHat[e]).ToArray();

        ForwardOnly(sae);
        using var scope = TensorScope.Begin();
        var result = sae.Forward(Input(), Step(1));
        Backward(result);

        Assert.Equal(R.Mse(xHat, X, Rows), Term(result, MseName), 1e-5);
        foreach (int m in Prefixes)
        {
            double expected = PrefixMse(r, m);
            Assert.True(Math.Abs(expected - R.Mse(xHat, X, Rows)) > 1e-3, $"precondition: prefix {m} drops a kept feature");
            Assert.Equal(expected, Term(result, $"{MseName}_prefix_{m}"), 1e-5);
        }
        Assert.Equal(BatchTopKArchitectureTests.AuxK(r, dead, residual), Term(result, AuxName), 1e-5);
        Assert.Equal(Prefixes.Length + 2, result.Losses.Count);
        AssertGradients(sae, r, () => Prefixes.Sum(m => PrefixMse(r, m)) + PrefixMse(r, DSae)
            + BatchTopKArchitectureTests.AuxK(r, dead, residual));
    }

    [Fact]
    public void Initialize_DefaultWidths_AreEighthQuarterHalfOfDSae()
    {
        var sae = new MatryoshkaArchitecture(new MatryoshkaOptions { BDecInit = DecoderBiasInit.Zero, DSae = 64, K = 4 });

        sae.Initialize(new SaeInitContext(DIn, 0, null, ReadOnlyMemory<float>.Empty));

        Assert.Equal([8, 16, 32], sae.PrefixWidths);
    }

    [Fact]
    public void Initialize_WidthAboveDSae_ThrowsNamingPrefixWidths()
    {
        var sae = new MatryoshkaArchitecture(new MatryoshkaOptions { BDecInit = DecoderBiasInit.Zero, DSae = 8, K = 2, PrefixWidths = [4, 9] });

        var e = Assert.Throws<ArgumentException>(() => sae.Initialize(new SaeInitContext(DIn, 0, null, ReadOnlyMemory<float>.Empty)));

        Assert.Equal("prefix_widths", e.ParamName);
    }

    [Fact]
    public void Validate_DecreasingWidths_ReportsPrefixWidths()
    {
        var options = new MatryoshkaOptions { BDecInit = DecoderBiasInit.Zero, K = 2, PrefixWidths = [16, 8] };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(MatryoshkaOptions.PrefixWidths)));
    }

    [Fact]
    public void Train_SyntheticToy_ReachesExplainedVariance90AtK()
    {
        var sae = new MatryoshkaArchitecture(new MatryoshkaOptions { BDecInit = DecoderBiasInit.Zero, DSae = 128, K = 6 });

        var outcome = SyntheticTraining.Train(sae, SyntheticTraining.SmallToy(), steps: 1000);

        Assert.True(outcome.ExplainedVariance >= 0.9, $"explained variance {outcome.ExplainedVariance:F3}");
        Assert.True(outcome.L0 <= 1.5 * 6, $"L0 {outcome.L0:F2}");
    }
}
