using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Plugins.TopK;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.IO;
using SaePlatform.Tensors.Optimizers;
using static SaePlatform.Plugins.Tests.Architectures.TopKFamily.TinyBatch;

namespace SaePlatform.Plugins.Tests.Architectures.TopKFamily;

public sealed class TopKFamilyRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("topk-family-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Architectures => ["topk", "batchtopk", "matryoshka"];

    private static ISaeArchitecture Create(string id) => id switch
    {
        "topk" => new TopKArchitecture(new TopKOptions { DSae = DSae, K = 2 }),
        "batchtopk" => new BatchTopKArchitecture(new BatchTopKOptions { DSae = DSae, K = 2 }),
        _ => new MatryoshkaArchitecture(new MatryoshkaOptions { DSae = DSae, K = 2 }),
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void SaveLoad_AfterTraining_GivesIdenticalOutputsAndSaeLensLayout(string id)
    {
        var trained = Create(id);
        trained.Initialize(new SaeInitContext(DIn, 3, null, ReadOnlyMemory<float>.Empty) { DeadFeatureWindow = 1 });
        TrainFewSteps(trained);
        var path = Path.Combine(_folder, "sae_weights.safetensors");

        SafetensorsFile.Write(path, trained.StateForSaving());
        var loaded = Create(id);
        loaded.Initialize(new SaeInitContext(DIn, 99, null, ReadOnlyMemory<float>.Empty) { DeadFeatureWindow = 1 });
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
    public void ResumeState_RestoredIntoAFreshInstance_ContinuesWithTheSameLosses(string id)
    {
        var trained = Create(id);
        trained.Initialize(new SaeInitContext(DIn, 3, null, ReadOnlyMemory<float>.Empty) { DeadFeatureWindow = 1 });
        TrainFewSteps(trained);
        var resumed = Create(id);
        resumed.Initialize(new SaeInitContext(DIn, 99, null, ReadOnlyMemory<float>.Empty) { DeadFeatureWindow = 1 });
        resumed.Load(trained.StateForSaving());

        ((IResumableState)resumed).ImportResumeState(((IResumableState)trained).ExportResumeState());

        // The AuxK term depends on which features are dead, i.e. on the counters: it must match, not restart at zero.
        Assert.Equal(LossValues(trained), LossValues(resumed));
        Assert.Contains(LossValues(trained), v => v > 0);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Forward_WithoutGradients_LeavesTheDeadFeatureCountersAlone(string id)
    {
        var sae = Create(id);
        sae.Initialize(new SaeInitContext(DIn, 3, null, ReadOnlyMemory<float>.Empty) { DeadFeatureWindow = 1 });
        TrainFewSteps(sae);
        var before = ((IResumableState)sae).ExportResumeState()["steps_since_fired"];

        using (var scope = TensorScope.Begin())
        using (GradMode.Disable())
            sae.Forward(Input(), Step(5));   // what a validation pass does

        Assert.Equal(before, ((IResumableState)sae).ExportResumeState()["steps_since_fired"]);
    }

    private static float[] LossValues(ISaeArchitecture sae)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        return sae.Forward(Input(), Step(5)).Losses.Select(l => l.Value.ToScalar()).ToArray();
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
