using SaePlatform.Host.Training.Metrics;
using SaePlatform.Host.Training.Remedies;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Host.Tests.Training.Remedies;

/// <summary>
/// One resampling event on a small SAE with trained Adam state: the rows a naive float64 implementation picks (loss
/// ||x - x_hat||^2 from the weights by hand, drawn with probability proportional to its square), the dead features'
/// parameters set as Bricken et al. describe, their optimiser state zeroed, and nothing else touched.
/// </summary>
public sealed class ResamplerTests
{
    private const int DIn = 4, DSae = 12, Batch = 8, Seed = 7;
    private const long EventStep = 4, Window = 2;
    private static readonly int[] DeadFeatures = [1, 4, 6, 7, 9, 11];

    [Fact]
    public void Run_ResetsExactlyTheDeadFeatures_TowardsTheRowsANaiveDrawPicks()
    {
        var sae = TinyRemedySae.Create(DIn, DSae, seed: 3);
        var adam = new Adam(sae.Parameters, new AdamOptions { LearningRate = 0.01 });
        var random = new Random(21);
        float[] Rows(int n) => Enumerable.Range(0, n * DIn).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        for (int s = 0; s < 3; s++)
        {
            using var scope = TensorScope.Begin();
            var x = Tensor.FromArray(Rows(Batch), Batch, DIn);
            sae.Forward(x, default).Losses[0].Value.Backward();
            adam.Step();
            adam.ZeroGrad();
        }

        // The dead features are dead after step 4 with a window of 2 steps: 1 fired only at step 0, the others never.
        var activity = new FeatureActivity(DSae);
        for (long s = 0; s <= EventStep; s++)
        {
            var fired = Tensor.Zeros(1, DSae);
            foreach (int f in Enumerable.Range(0, DSae).Except(DeadFeatures)) fired.Span[f] = 1;
            if (s == 0) fired.Span[1] = 1;
            activity.Observe(fired, null, s);
        }

        var pool = new[] { Rows(Batch), Rows(Batch) };
        var weightsBefore = sae.W.ByName.ToDictionary(p => p.Key, p => p.Value.ToArray());
        var stateBefore = adam.ExportState();
        var expectedRows = NaivePicks(sae, pool);
        var (encoderMean, decoderMean) = AliveMeans(weightsBefore["W_enc"], weightsBefore["W_dec"]);
        var bDec = weightsBefore["b_dec"];

        var settings = new ResamplerSettings(Every: 5, Rows: 2 * Batch, EncoderScale: 0.2, Batch, DIn, Seed, Window, TotalSteps: 100);
        var resampler = new Resampler(settings, sae, adam, activity);
        Assert.True(resampler.Due(EventStep));
        Assert.False(resampler.Due(EventStep - 1));
        var record = resampler.Run(EventStep, n => pool.Take(n).ToList());
        Assert.Equal(new ResamplingEvent(EventStep, DeadFeatures.Length, DeadFeatures.Length, 2 * Batch), record);

        var wEnc = sae.W.WEnc.ToArray();
        var wDec = sae.W.WDec.ToArray();
        for (int k = 0; k < DeadFeatures.Length; k++)
        {
            int f = DeadFeatures[k], row = expectedRows[k];
            var x = pool[row / Batch].AsSpan(row % Batch * DIn, DIn).ToArray();
            double norm = Math.Sqrt(Enumerable.Range(0, DIn).Sum(j => Math.Pow(x[j] - (double)bDec[j], 2)));
            for (int j = 0; j < DIn; j++)
            {
                double u = (x[j] - (double)bDec[j]) / norm;
                Assert.Equal(u * decoderMean, wDec[f * DIn + j], 1e-6);
                Assert.Equal(u * 0.2 * encoderMean, wEnc[j * DSae + f], 1e-6);
            }
            Assert.Equal(0f, sae.W.BEnc.Span[f]);
            Assert.Equal(TinyRemedySae.InitialGain, sae.Gain.Span[f]);
        }
        // Every other value is untouched, bit for bit.
        AssertOnlyFeatureSlicesChanged(weightsBefore, sae.W.ByName.ToDictionary(p => p.Key, p => p.Value.ToArray()));

        // Optimiser state: the dead features' slices are zero, everything else as it was; step counters kept.
        var stateAfter = adam.ExportState();
        Assert.Equal(stateBefore.ParameterSteps, stateAfter.ParameterSteps);
        foreach (var (key, values) in stateAfter.Buffers)
        {
            string parameter = key[..key.IndexOf('/')];
            var old = stateBefore.Buffers[key];
            for (int e = 0; e < values.Length; e++)
            {
                bool reset = FeatureOf(parameter, e) is int f && DeadFeatures.Contains(f);
                Assert.Equal(reset ? 0f : old[e], values[e]);
            }
        }

        // The resampled features get a fresh window.
        var view = activity.DeadFeatures(EventStep + 1, Window);
        Assert.Equal(0, view.StepsSinceFired(1));
        view.Mask(out int stillDead);
        Assert.Equal(0, stillDead);
    }

    [Fact]
    public void Run_NothingDead_ChangesNothingAndReadsNoBatch()
    {
        var sae = TinyRemedySae.Create(DIn, DSae, seed: 3);
        var adam = new Adam(sae.Parameters, new AdamOptions { LearningRate = 0.01 });
        var activity = new FeatureActivity(DSae);
        var all = Tensor.Full(1f, 1, DSae);
        activity.Observe(all, null, 0);
        var before = sae.W.WDec.ToArray();
        var settings = new ResamplerSettings(1, null, 0.2, Batch, DIn, Seed, 1, 10);
        var record = new Resampler(settings, sae, adam, activity).Run(0, _ => throw new InvalidOperationException("no batch should be read"));
        Assert.Equal(0, record.Dead);
        Assert.Equal(before, sae.W.WDec.ToArray());
    }

    // The feature a flat index of a parameter belongs to, or null (b_dec).
    private static int? FeatureOf(string parameter, int index) => parameter switch
    {
        "W_enc" => index % DSae,
        "W_dec" => index / DIn,
        "b_enc" or "gain" => index,
        _ => null,
    };

    private static void AssertOnlyFeatureSlicesChanged(Dictionary<string, float[]> before, Dictionary<string, float[]> after)
    {
        foreach (var (name, values) in after)
            for (int e = 0; e < values.Length; e++)
                if (!(FeatureOf(name, e) is int f && DeadFeatures.Contains(f)))
                    Assert.True(before[name][e] == values[e], $"{name}[{e}] changed though its feature was not resampled");
    }

    // Naive: per-row loss from the weights in float64, weights loss^2, keys u^(max w / w) from the event's stream.
    private static int[] NaivePicks(TinyRemedySae sae, float[][] pool)
    {
        var wEnc = sae.W.WEnc.ToArray();
        var bEnc = sae.W.BEnc.ToArray();
        var wDec = sae.W.WDec.ToArray();
        var bDec = sae.W.BDec.ToArray();
        var gain = sae.Gain.ToArray();
        var weights = new List<double>();
        foreach (var batch in pool)
            for (int b = 0; b < Batch; b++)
            {
                var xHat = bDec.Select(v => (double)v).ToArray();
                for (int f = 0; f < DSae; f++)
                {
                    double h = bEnc[f];
                    for (int i = 0; i < DIn; i++) h += (batch[b * DIn + i] - (double)bDec[i]) * wEnc[i * DSae + f];
                    double a = Math.Max(0, h) * gain[f];
                    for (int j = 0; j < DIn; j++) xHat[j] += a * wDec[f * DIn + j];
                }
                double loss = Enumerable.Range(0, DIn).Sum(j => Math.Pow(batch[b * DIn + j] - xHat[j], 2));
                weights.Add(loss * loss);
            }
        var random = new SaeRandom((ulong)Seed).Derive("resample").Fork((ulong)EventStep);
        var u = weights.Select(_ => 1 - random.NextDouble()).ToArray();
        double max = weights.Max();
        return Enumerable.Range(0, weights.Count).OrderByDescending(b => Math.Pow(u[b], max / weights[b])).Take(DeadFeatures.Length).ToArray();
    }

    private static (double Encoder, double Decoder) AliveMeans(float[] wEnc, float[] wDec)
    {
        var alive = Enumerable.Range(0, DSae).Where(f => !DeadFeatures.Contains(f)).ToArray();
        double encoder = alive.Average(f => Math.Sqrt(Enumerable.Range(0, DIn).Sum(i => Math.Pow(wEnc[i * DSae + f], 2))));
        double decoder = alive.Average(f => Math.Sqrt(Enumerable.Range(0, DIn).Sum(j => Math.Pow(wDec[f * DIn + j], 2))));
        return (encoder, decoder);
    }
}
