using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Data;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Runs;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Host.Training;
using SaePlatform.Host.Training.Checkpoints;
using SaePlatform.Host.Training.Data;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Tests.Training;

/// <summary>A loss that turns NaN stops the run naming the step and metric, and earlier checkpoints stay.</summary>
public sealed class DivergenceTests
{
    private sealed class RandomRows(int rows, int width) : IDataSource
    {
        private readonly float[] _data = MakeData(rows, width);

        private static float[] MakeData(int rows, int width)
        {
            var data = new float[rows * width];
            new SaeRandom(5).Normal(data);
            return data;
        }

        public DataSourceInfo Open(CancellationToken cancellationToken) => new(width, rows, "random rows");
        public void ReadRows(long firstRow, Span<float> destination) => _data.AsSpan((int)firstRow * width, destination.Length).CopyTo(destination);
        public void Dispose() { }
    }

    // A tied ReLU autoencoder whose reconstruction loss becomes NaN from step `nanAt` on.
    private sealed class NaNAtStep(long nanAt) : ISaeArchitecture
    {
        private SaeParameters _weights = null!;
        public IReadOnlyList<Tensor> Parameters => _weights.All;
        public SaeDescription Description { get; private set; } = null!;

        public void Initialize(SaeInitContext context)
        {
            _weights = SaeParameters.Create(context, new SaeArchitectureOptions { DSae = 8, BDecInit = DecoderBiasInit.Zero });
            Description = new SaeDescription("standard", context.InputWidth, 8, true, new Dictionary<string, object?>());
        }

        public SaeForwardResult Forward(Tensor input, TrainingStep step)
        {
            var f = Encode(input);
            var recon = Decode(f);
            var mse = Ops.MseLoss(recon, input);
            if (step.Step >= nanAt) mse = Ops.MulScalar(mse, float.NaN);
            return new SaeForwardResult(recon, f, [new(MetricNames.MseLoss, mse)]);
        }

        public Tensor Encode(Tensor input) => Ops.LinearRelu(input, _weights.WEnc, _weights.BEnc, center: _weights.BDec);
        public Tensor Decode(Tensor features) => Ops.Linear(features, _weights.WDec, _weights.BDec);
        public IReadOnlyDictionary<string, Tensor> StateForSaving() => _weights.ByName;
        public void Load(IReadOnlyDictionary<string, Tensor> state) => _weights.Load(state);
    }

    [Fact]
    public void Run_LossBecomesNaN_ThrowsNamingStepAndMetricKeepingEarlierCheckpointsAndHistory()
    {
        var dir = Repository.NewTempDirectory();
        var source = new RandomRows(400, 4);
        var info = source.Open(CancellationToken.None);
        var split = DataSplit.Create(info.RowCount, 0.1, 0.1, 1);
        var settings = new TrainingOptions { Steps = 30, BatchSize = 16, LogEvery = 1, CheckpointEvery = 5, KeepCheckpoints = 0, Lr = 1e-3 };
        var normalizer = ActivationNormalizer.Create(ActivationNormalization.None, 4, ReadOnlySpan<float>.Empty);
        var sae = new NaNAtStep(12);
        sae.Initialize(new SaeInitContext(4, 1, null, ReadOnlyMemory<float>.Empty));
        var paths = new RunPaths(Path.Combine(dir, "m"), "m", "l");
        var job = new TrainingJob(paths, "nan", sae, source, info, split, normalizer, settings, 30, 1, [], new SaeFileMetadata("m", "l", "nan", null), NullLogger.Instance);

        var ex = Assert.Throws<TrainingDivergedException>(() => new Trainer(job).Run(CancellationToken.None));

        Assert.Equal(12, ex.Step);
        Assert.Equal(MetricNames.MseLoss, ex.Metric);
        Assert.Contains("step 12", ex.Message);
        Assert.Contains(MetricNames.MseLoss, ex.Message);
        Assert.Equal([5L, 10L], CheckpointStore.List(paths.Checkpoints).Select(c => c.Step));
        var history = HistoryFiles.ReadJson(paths.HistoryJson);
        Assert.Equal(11, history.Steps[^1]);   // the last good step
        Assert.All(history.Get(MetricNames.MseLoss)!, v => Assert.True(double.IsFinite(v)));
    }
}
