using SaePlatform.Contracts.Architectures;
using SaePlatform.Plugins.Tests.Support;
using SaePlatform.Plugins.TopK;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.IO;
using SaePlatform.Tensors.Optimizers;
using static SaePlatform.Plugins.Tests.TopK.TinyBatch;

namespace SaePlatform.Plugins.Tests.TopK;

public sealed class TopKFamilyRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("topk-family-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Architectures => ["topk", "batchtopk", "matryoshka"];

    private static ISaeArchitecture Create(string id) => id switch
    {
        "topk" => new TopKArchitecture(new TopKOptions { BDecInit = DecoderBiasInit.Zero, DSae = DSae, K = 2 }),
        "batchtopk" => new BatchTopKArchitecture(new BatchTopKOptions { BDecInit = DecoderBiasInit.Zero, DSae = DSae, K = 2 }),
        _ => new MatryoshkaArchitecture(new MatryoshkaOptions { BDecInit = DecoderBiasInit.Zero, DSae = DSae, K = 2 }),
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void SaveLoad_AfterTraining_GivesIdenticalOutputsAndSaeLensLayout(string id)
    {
        var trained = Tracked(Create(id), seed: 3);
        TrainFewSteps(trained);
        var path = Path.Combine(_folder, "sae_weights.safetensors");

        SafetensorsFile.Write(path, trained.StateForSaving());
        var loaded = Create(id);
        loaded.Initialize(new SaeInitContext(DIn, 99, null, ReadOnlyMemory<float>.Empty));
        loaded.Load(SafetensorsFile.Read(path).Tensors);

        var shapes = SafetensorsFile.Read(path).Tensors.ToDictionary(t => t.Key, t => string.Join(",", t.Value.Shape.ToArray()));
        var expected = new Dictionary<string, string> { ["W_enc"] = $"{DIn},{DSae}", ["W_dec"] = $"{DSae},{DIn}", ["b_enc"] = $"{DSae}", ["b_dec"] = $"{DIn}" };
        if (id != "topk") expected["threshold"] = $"{DSae}";
        Assert.Equal(expected.OrderBy(p => p.Key), shapes.OrderBy(p => p.Key));
        Assert.Equal(id == "topk" ? "topk" : "jumprelu", trained.Description.SavedArchitecture);
        var (features, reconstruction) = Outputs(trained);
        var (loadedFeatures, loadedReconstruction) = Outputs(loaded);
        Assert.Equal(features, loadedFeatures);
        Assert.Equal(reconstruction, loadedReconstruction);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Load_IntoAFreshInstanceWithTheRunsDeadFeatures_ContinuesWithTheSameLosses(string id)
    {
        var trained = Tracked(Create(id), seed: 3);
        TrainFewSteps(trained);
        var resumed = Create(id);
        resumed.Initialize(new SaeInitContext(DIn, 99, null, ReadOnlyMemory<float>.Empty));

        // What a resumed run does: the weights from the checkpoint, the dead-feature counters from the host's.
        resumed.Load(trained.StateForSaving());

        // The AuxK term depends on which features are dead, i.e. on the counters: it must match, not restart at zero.
        Assert.Equal(LossValues(trained.Inner, trained), LossValues(resumed, trained));
        Assert.Contains(LossValues(trained.Inner, trained), v => v > 0);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Forward_NotATrainingStep_LeavesTheTrainingStateAlone(string id)
    {
        var sae = Tracked(Create(id), seed: 3);
        TrainFewSteps(sae);
        var before = sae.StateForSaving().ToDictionary(t => t.Key, t => t.Value.ToArray());

        using (var scope = TensorScope.Begin())
        using (GradMode.Disable())
            sae.Forward(Input(), Step(5) with { IsTraining = false });   // what a validation pass does
        sae.AfterOptimizerStep(Step(5));   // would fold a threshold observed in that pass into batchtopk's EMA

        Assert.Equal(before, sae.StateForSaving().ToDictionary(t => t.Key, t => t.Value.ToArray()));
    }

    private static TrackedSae Tracked(ISaeArchitecture sae, int seed)
    {
        sae.Initialize(new SaeInitContext(DIn, seed, null, ReadOnlyMemory<float>.Empty));
        return new TrackedSae(sae, window: 1);
    }

    private static float[] LossValues(ISaeArchitecture sae, IDeadFeatures dead)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        return sae.Forward(Input(), Step(5) with { IsTraining = false, DeadFeatures = dead }).Losses.Select(l => l.Value.ToScalar()).ToArray();
    }

    private static (float[] Features, float[] Reconstruction) Outputs(ISaeArchitecture sae)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        var features = sae.Encode(Input());
        return (features.ToArray(), sae.Decode(features).ToArray());
    }

    // A few real steps so that b_dec, the decoder norms and the batchtopk threshold all move off their initial values.
    private static void TrainFewSteps(ISaeArchitecture sae)
    {
        var adam = new Adam(sae.Parameters, new AdamOptions { LearningRate = 1e-2 });
        for (int step = 0; step < 5; step++)
        {
            using var scope = TensorScope.Begin();
            Backward(sae.Forward(Input(), Step(step)));
            sae.BeforeOptimizerStep(Step(step));
            adam.Step();
            sae.AfterOptimizerStep(Step(step));
            adam.ZeroGrad();
        }
        Assert.Contains(sae.StateForSaving()["b_dec"].ToArray(), v => v != 0);
    }
}
