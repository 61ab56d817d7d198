using System.Reflection;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Plugins.Gated;
using SaePlatform.Plugins.JumpRelu;
using SaePlatform.Plugins.SparseAutoencoder;
using SaePlatform.Plugins.Standard;
using SaePlatform.Plugins.TopK;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Plugins.Tests;

/// <summary>
/// The dead-feature remedy hooks of every built-in architecture (IDeadFeatureRemedies): the declared remedies, ghost
/// grads' pre-activations (a feature fires only where its pre-activation is positive), decoder rows that rebuild the
/// decoder, and resampling that puts every per-feature tensor of a resampled feature back to its start.
/// </summary>
public sealed class RemedyHooksTests
{
    private const int DIn = 6, DSae = 10, Rows = 16;

    public static TheoryData<string> Names => new() { "standard", "gated", "jumprelu", "sparse_ae", "sparse_ae_tied", "topk", "batchtopk", "matryoshka" };

    private static SaeArchitecture<T> Init<T>(SaeArchitecture<T> sae) where T : SaeArchitectureOptions
    {
        sae.Initialize(new SaeInitContext(DIn, 3, null, ReadOnlyMemory<float>.Empty));
        // Every per-feature tensor and b_dec away from its start, so that a wrong bias or a missed reset shows.
        var random = new Random(5);
        foreach (var (name, tensor) in sae.StateForSaving())
            if (tensor.Rank == 1)
                for (int i = 0; i < tensor.Length; i++) tensor.Span[i] += (float)(random.NextDouble() - 0.5);
        return sae;
    }

    private static ISaeArchitecture Create(string name) => name switch
    {
        "standard" => Init(new StandardArchitecture(new StandardOptions { DSae = DSae, BDecInit = DecoderBiasInit.Zero })),
        "gated" => Init(new GatedArchitecture(new GatedOptions { DSae = DSae, BDecInit = DecoderBiasInit.Zero })),
        "jumprelu" => Init(new JumpReluArchitecture(new JumpReluOptions { DSae = DSae, BDecInit = DecoderBiasInit.Zero })),
        "sparse_ae" => Init(new SparseAutoencoderArchitecture(new SparseAutoencoderOptions { DSae = DSae, BDecInit = DecoderBiasInit.Zero })),
        "sparse_ae_tied" => Init(new SparseAutoencoderArchitecture(new SparseAutoencoderOptions { DSae = DSae, BDecInit = DecoderBiasInit.Zero, TiedWeights = true })),
        "topk" => Init(new TopKArchitecture(new TopKOptions { DSae = DSae, K = 3, BDecInit = DecoderBiasInit.Zero })),
        "batchtopk" => Init(new BatchTopKArchitecture(new BatchTopKOptions { DSae = DSae, K = 3, BDecInit = DecoderBiasInit.Zero })),
        _ => Init(new MatryoshkaArchitecture(new MatryoshkaOptions { DSae = DSae, K = 3, BDecInit = DecoderBiasInit.Zero, PrefixWidths = [4, DSae] })),
    };

    private static Tensor Input()
    {
        var random = new Random(8);
        return Tensor.FromArray(Enumerable.Range(0, Rows * DIn).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), Rows, DIn);
    }

    private static DeadFeatureRemedy Declared(ISaeArchitecture sae) =>
        sae.GetType().GetCustomAttribute<DeadFeatureRemediesAttribute>()?.Remedies ?? DeadFeatureRemedy.None;

    [Theory]
    [MemberData(nameof(Names))]
    public void Declaration_GhostGradsForTheReluFamily_ResamplingForAll(string name)
    {
        var declared = Declared(Create(name));
        Assert.True(declared.HasFlag(DeadFeatureRemedy.Resampling));
        Assert.Equal(!name.Contains("topk") && name != "matryoshka", declared.HasFlag(DeadFeatureRemedy.GhostGrads));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GhostHooks_FeaturesFireOnlyWherePreActivationsArePositive_AndDecoderRowsRebuildTheDecoder(string name)
    {
        var sae = Create(name);
        if (!Declared(sae).HasFlag(DeadFeatureRemedy.GhostGrads)) return;
        var hooks = (IDeadFeatureRemedies)sae;
        int[] all = Enumerable.Range(0, DSae).ToArray();
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        var x = Input();
        var features = sae.Encode(x).ToArray();
        var pre = hooks.PreActivations(x, all).ToArray();
        int fired = 0;
        for (int e = 0; e < features.Length; e++)
        {
            if (features[e] == 0) continue;
            fired++;
            Assert.True(pre[e] > 0, $"{name}: feature {e % DSae} fires on row {e / DSae} with pre-activation {pre[e]}");
        }
        Assert.True(fired > 0, "the test needs firing features");
        if (name is "standard" or "sparse_ae" or "sparse_ae_tied")
            Assert.Equal(pre.Count(v => v > 0), fired);

        // A subset of pre-activations is those columns of the whole.
        int[] some = [7, 2];
        var subset = hooks.PreActivations(x, some).ToArray();
        for (int b = 0; b < Rows; b++)
            for (int k = 0; k < some.Length; k++) Assert.Equal(pre[b * DSae + some[k]], subset[b * some.Length + k], 5);

        var f = sae.Encode(x);
        var decoded = sae.Decode(f).ToArray();
        var rebuilt = hooks.DecodeFeatures(f, all).ToArray();
        var bDec = sae.StateForSaving()["b_dec"].ToArray();
        for (int e = 0; e < decoded.Length; e++) Assert.Equal(decoded[e], rebuilt[e] + bDec[e % DIn], 4);
    }

    /// <summary>The runtime calls the hooks with the dead features on the engine's device; they equal the int[] forms.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void GhostHooks_IndexTensorForms_EqualTheIntArrayForms(string name)
    {
        var sae = Create(name);
        if (!Declared(sae).HasFlag(DeadFeatureRemedy.GhostGrads)) return;
        var hooks = (IDeadFeatureRemedies)sae;
        int[] some = [7, 2, 9];
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        var x = Input();
        Assert.Equal(hooks.PreActivations(x, some).ToArray(), hooks.PreActivations(x, IndexTensor.FromArray(some)).ToArray());
        var activations = Tensor.FromArray(Enumerable.Range(0, Rows * some.Length).Select(i => (float)Math.Sin(i)).ToArray(), Rows, some.Length);
        Assert.Equal(hooks.DecodeFeatures(activations, some).ToArray(), hooks.DecodeFeatures(activations, IndexTensor.FromArray(some)).ToArray());
    }

    /// <summary>A plugin written before the IndexTensor hooks overrode the int[] form: the runtime's calls still reach it.</summary>
    [Fact]
    public void GhostHooks_ArchitectureOverridingOnlyTheIntArrayForm_GetsItsOverride()
    {
        var sae = new HostFormHooks(new StandardOptions { DSae = DSae, BDecInit = DecoderBiasInit.Zero });
        Init(sae);
        var hooks = (IDeadFeatureRemedies)sae;
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        var pre = hooks.PreActivations(Input(), IndexTensor.FromArray([1, 4])).ToArray();
        Assert.Equal(1, sae.Calls);
        Assert.All(pre, v => Assert.Equal(42f, v));
        hooks.DecodeFeatures(Tensor.Zeros(Rows, 2), IndexTensor.FromArray([1, 4]));
        Assert.Equal(1, sae.Calls); // DecodeFeatures is not overridden: the base's device form ran
    }

    [SaePlatform.Contracts.Components.SaeArchitecture("host_form_hooks")]
    private sealed class HostFormHooks(StandardOptions options) : SaeArchitecture<StandardOptions>(options)
    {
        public int Calls { get; private set; }

        public override SaeForwardResult Forward(Tensor input, TrainingStep step) => throw new NotSupportedException();

        public override Tensor Encode(Tensor input) => throw new NotSupportedException();

        public override Tensor PreActivations(Tensor input, int[] features)
        {
            Calls++;
            var y = Tensor.Empty(input.Rows, features.Length);
            y.Fill(42f);
            return y;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ResampleFeatures_PutsEveryPerFeatureTensorOfTheFeatureBackToItsStart_AndLeavesTheOthers(string name)
    {
        var sae = Create(name);
        var hooks = (IDeadFeatureRemedies)sae;
        var initial = InitialValues(name);
        var before = sae.StateForSaving().ToDictionary(p => p.Key, p => p.Value.ToArray());
        int[] features = [3, 8];
        var dead = new bool[DSae];
        dead[3] = dead[8] = dead[5] = true;
        var inputs = Tensor.FromArray(Input().ToArray().AsSpan(0, 2 * DIn), 2, DIn);
        hooks.ResampleFeatures(new FeatureResampling(features, inputs, dead, 0.2));
        var after = sae.StateForSaving().ToDictionary(p => p.Key, p => p.Value.ToArray());

        var perFeature = hooks.FeatureParameters.ToDictionary(a => a.Tensor.Name!, a => a.Axis);
        Assert.Equal(1, perFeature["W_enc"]);
        Assert.Equal(0, perFeature["W_dec"]);
        foreach (var extra in initial.Keys) Assert.True(perFeature.ContainsKey(extra), $"{extra} is not registered as per-feature");
        foreach (var (tensorName, values) in after)
        {
            var old = before[tensorName];
            if (!perFeature.TryGetValue(tensorName, out int axis))
            {
                Assert.Equal(old, values);   // b_dec, a tracked threshold
                continue;
            }
            int cols = sae.StateForSaving()[tensorName].Cols;
            for (int e = 0; e < values.Length; e++)
            {
                int feature = axis == 1 ? e % cols : values.Length == DSae ? e : e / cols;
                if (!features.Contains(feature)) Assert.True(old[e] == values[e], $"{tensorName}[{e}] of feature {feature} changed");
                else if (tensorName == "b_enc") Assert.Equal(0f, values[e]);
                else if (initial.TryGetValue(tensorName, out float start)) Assert.Equal(start, values[e]);
            }
        }
        // The decoder row points along the input minus b_dec.
        var bDec = before["b_dec"];
        var wDec = after["W_dec"];
        var row = inputs.ToArray();
        double dot = 0, a2 = 0, b2 = 0;
        for (int j = 0; j < DIn; j++)
        {
            double u = row[j] - bDec[j], w = wDec[3 * DIn + j];
            dot += u * w; a2 += u * u; b2 += w * w;
        }
        Assert.Equal(1.0, dot / Math.Sqrt(a2 * b2), 5);
    }

    // The start of each architecture-specific per-feature tensor.
    private static Dictionary<string, float> InitialValues(string name) => name switch
    {
        "gated" => new() { ["b_gate"] = 0f, ["b_mag"] = 0f, ["r_mag"] = 0f },
        "jumprelu" => new() { ["threshold"] = (float)new JumpReluOptions().ThresholdInit },
        _ => [],
    };
}
