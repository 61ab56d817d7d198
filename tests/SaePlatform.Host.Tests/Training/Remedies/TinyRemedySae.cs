using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Tensors;

namespace SaePlatform.Host.Tests.Training.Remedies;

/// <summary>
/// A small third-party-style architecture for the remedy tests: f = ReLU((x - b_dec) W_enc + b_enc) * gain, x_hat = f W_dec
/// + b_dec, with a per-feature trained <c>gain</c> (initially 0.5) registered with a feature axis. It declares both
/// remedies and relies on the base class's hooks.
/// </summary>
[SaeArchitecture("tiny_remedies")]
[DeadFeatureRemedies(DeadFeatureRemedy.GhostGrads | DeadFeatureRemedy.Resampling)]
internal sealed class TinyRemedySae(SaeArchitectureOptions options) : SaeArchitecture<SaeArchitectureOptions>(options)
{
    public const float InitialGain = 0.5f;

    /// <summary>A tiny SAE with random weights and b_dec (seeded), d_in x d_sae.</summary>
    public static TinyRemedySae Create(int dIn, int dSae, int seed)
    {
        var sae = new TinyRemedySae(new SaeArchitectureOptions { DSae = dSae, BDecInit = DecoderBiasInit.Zero, DecoderInitNorm = 0.7 });
        sae.Initialize(new SaeInitContext(dIn, seed, null, ReadOnlyMemory<float>.Empty));
        var random = new Random(seed);
        foreach (var t in new[] { sae.Weights.BEnc, sae.Weights.BDec })
            for (int i = 0; i < t.Length; i++) t.Span[i] = (float)(random.NextDouble() - 0.5) * 0.4f;
        return sae;
    }

    public SaeParameters W => Weights;

    public Tensor Gain => Weights.ByName["gain"];

    protected override void OnInitialize(SaeInitContext context) =>
        Weights.Add(Tensor.Parameter("gain", Weights.FeatureCount), featureAxis: 0).Span.Fill(InitialGain);

    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var features = Encode(input);
        var reconstruction = Decode(features);
        return new SaeForwardResult(reconstruction, features, [MseTerm(reconstruction, input)]);
    }

    public override Tensor Encode(Tensor input) =>
        Ops.Mul(Ops.LinearRelu(input, Weights.WEnc, Weights.BEnc, center: InputCentre), Gain);
}
