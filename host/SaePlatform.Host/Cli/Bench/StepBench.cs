using System.Diagnostics;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Training.Remedies;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Memory;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Randomness;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Host.Cli.Bench;

/// <summary>
/// Samples/second of full training steps (forward, loss, backward, clipping, Adam) for the standard, topk
/// (sparse encoder backward + sparse decode, k = 32) and gated SAEs, written with the engine's ops the
/// way the architecture plugins compute them. Peak memory is the process's peak resident set.
/// The cases start from random weights, where half the features fire and every step is dense.
/// <c>standard-sparse</c> and <c>gated-sparse</c> are those SAEs in a trained SAE's regime: b_enc (b_gate) starts
/// at -2.33 standard deviations of x W_enc, so about 1 % of features fire and the plugins' sparse steps run (the
/// measured fraction is reported as <c>code_density</c>). <c>gated-detached</c> is the gated SAE with the paper's
/// auxiliary loss, through stop-gradient copies of W_dec and b_dec (the plugin's <c>detach_aux_decoder: true</c>): one
/// W_dec gradient GEMM fewer than SAELens's form. <c>standard-sparse-ghost</c> is <c>standard-sparse</c> with ghost grads
/// (<c>training.ghost_grads</c>) on a quarter of the features counted dead (every fourth), the cost of the remedy.
/// </summary>
internal static class StepBench
{
    public const int TopK = 32;

    /// <summary>The standard plugin's default <c>sparse_below</c>.</summary>
    public const double SparseBelow = 0.05;

    /// <summary>z of the normal distribution's upper 1 % tail.</summary>
    private const float OnePercentTail = 2.326f;

    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(2);

    public static Dictionary<string, object> Run(string architecture, string size, int measuredSteps)
    {
        var (dIn, dSae, batch) = BenchCase.Dimensions(size);
        var rng = new SaeRandom(7);
        var x = Tensor.Persistent(batch, dIn);
        Init.Uniform(x, -1f, 1f, rng);
        var wEnc = Param("W_enc", rng, 0.05f, dIn, dSae);
        var bEnc = Param("b_enc", rng, 0f, dSae);
        var wDec = Param("W_dec", rng, 0.05f, dSae, dIn);
        var bDec = Param("b_dec", rng, 0f, dIn);
        var parameters = new List<Tensor> { wEnc, bEnc, wDec, bDec };
        Tensor? bMag = null, rMag = null;
        if (architecture is "gated" or "gated-sparse" or "gated-detached")
        {
            bMag = Param("b_mag", rng, 0f, dSae);
            rMag = Param("r_mag", rng, 0f, dSae);
            parameters.Add(bMag);
            parameters.Add(rMag);
        }
        if (architecture is "standard-sparse" or "gated-sparse" or "standard-sparse-ghost")
        {
            // x is uniform in [-1, 1] (variance 1/3), W_enc uniform in [-0.05, 0.05] (variance 0.05^2/3): the
            // pre-activations have standard deviation 0.05 sqrt(d_in) / 3.
            bEnc.Fill(-OnePercentTail * 0.05f * MathF.Sqrt(dIn) / 3f);
        }
        var initial = parameters.Select(p => p.ToArray()).ToList();
        var optimizer = new Adam(parameters, new AdamOptions { LearningRate = 1e-4 });
        double density = double.NaN;

        Tensor Loss(Tensor input) => architecture switch
        {
            "standard" or "standard-sparse" => Standard(input, wEnc, bEnc, wDec, bDec, out density),
            "standard-sparse-ghost" => WithGhostGrads(input, wEnc, bEnc, wDec, bDec, out density),
            "topk" => TopKStep(input, wEnc, bEnc, wDec, bDec),
            "gated" or "gated-sparse" or "gated-detached" => Gated(input, wEnc, bEnc, wDec, bDec, bMag!, rMag!, architecture == "gated-detached", out density),
            _ => throw new ArgumentException($"unknown architecture '{architecture}' (standard, standard-sparse, standard-sparse-ghost, topk, gated, gated-sparse, gated-detached)"),
        };

        void Step()
        {
            using var scope = TensorScope.Begin();
            Loss(x).Backward();
            GradientClipping.ClipByGlobalNorm(parameters, 1f);
            optimizer.Step();
            optimizer.ZeroGrad();
            BenchCase.WaitForDevice();
        }

        // Warm up until the JIT has promoted the hot kernels to optimised code (tiered compilation needs tens of
        // calls and a background recompile): at least 3 steps and 2 seconds. A training run is thousands of steps.
        var warmup = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warmup.Elapsed < WarmupTime; i++) Step();
        // Then start again from the initial weights, so that every run measures the same steps whatever the warm-up
        // reached (training moves the fraction of firing features, and with it the work). The optimiser keeps its
        // moments: replacing it (its state left to the garbage collector) measured 7 % slower steps at mid.
        for (int i = 0; i < parameters.Count; i++) parameters[i].CopyFrom(initial[i]);
        var seconds = new List<double>();
        for (int i = 0; i < measuredSteps; i++)
        {
            var t = Stopwatch.GetTimestamp();
            Step();
            seconds.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
        }
        double median = BenchStatistics.Median(seconds);
        return new Dictionary<string, object>
        {
            ["d_in"] = dIn, ["d_sae"] = dSae, ["batch"] = batch, ["steps"] = measuredSteps,
            ["samples_per_second_median"] = Math.Round(batch / median),
            ["step_seconds_median"] = median,
            ["step_seconds_min"] = seconds.Min(),
            ["peak_rss_mib"] = Math.Round(BenchStatistics.PeakResidentBytes() / 1048576.0),
            ["pool_peak_mib"] = Math.Round(TensorPool.PeakBytes / 1048576.0),
            ["device_peak_mib"] = Math.Round(BenchCase.DevicePeakBytes() / 1048576.0),
            ["code_density"] = double.IsNaN(density) ? "n/a" : Math.Round(density, 4),
        };
    }

    // As the standard plugin computes it: dense steps while many features fire, sparse ones when few do, with the
    // decoder-norm weighted L1 penalty computed by the encoder.
    private static Tensor Standard(Tensor x, Tensor wEnc, Tensor bEnc, Tensor wDec, Tensor bDec, out double density)
    {
        var codes = Ops.ReluEncode(x, wEnc, bEnc, bDec, SparseBelow, Ops.RowNorms(wDec));
        density = codes.Density;
        var xHat = codes.Sparse is { } f ? Ops.SparseDecode(f, wDec, bDec) : Ops.Linear(codes.Dense!, wDec, bDec);
        return Ops.Add(Ops.MseLoss(xHat, x), Ops.MulScalar(codes.Penalty!, 5f));
    }

    // The standard step plus the ghost-grads term on every fourth feature, as the trainer adds it.
    private static Tensor WithGhostGrads(Tensor x, Tensor wEnc, Tensor bEnc, Tensor wDec, Tensor bDec, out double density)
    {
        var codes = Ops.ReluEncode(x, wEnc, bEnc, bDec, SparseBelow, Ops.RowNorms(wDec));
        density = codes.Density;
        var xHat = codes.Sparse is { } f ? Ops.SparseDecode(f, wDec, bDec) : Ops.Linear(codes.Dense!, wDec, bDec);
        var dead = IndexTensor.FromArray(Enumerable.Range(0, wEnc.Cols / 4).Select(i => 4 * i).ToArray());
        var ghost = GhostGrads.Loss(new GhostHooks(wEnc, bEnc, wDec, bDec), x, xHat, dead);
        return Ops.Add(Ops.Add(Ops.MseLoss(xHat, x), Ops.MulScalar(codes.Penalty!, 5f)), ghost);
    }

    // The standard SAE's remedy hooks over the bench's tensors (the SaeArchitecture base's defaults).
    private sealed class GhostHooks(Tensor wEnc, Tensor bEnc, Tensor wDec, Tensor bDec) : IDeadFeatureRemedies
    {
        public Tensor PreActivations(Tensor input, int[] features) => PreActivations(input, IndexTensor.FromArray(features));

        public Tensor DecodeFeatures(Tensor activations, int[] features) => DecodeFeatures(activations, IndexTensor.FromArray(features));

        public Tensor PreActivations(Tensor input, IndexTensor features) =>
            Ops.Linear(input, Ops.GatherColumns(wEnc, features), Ops.GatherColumns(bEnc, features), center: bDec);

        public Tensor DecodeFeatures(Tensor activations, IndexTensor features) => Ops.MatMul(activations, Ops.GatherRows(wDec, features));

        public IReadOnlyList<FeatureAxis> FeatureParameters => [];

        public void ResampleFeatures(FeatureResampling resampling) => throw new NotSupportedException();
    }

    private static Tensor TopKStep(Tensor x, Tensor wEnc, Tensor bEnc, Tensor wDec, Tensor bDec)
    {
        var codes = Ops.TopKEncode(Ops.Sub(x, bDec), wEnc, bEnc, TopK);
        return Ops.MseLoss(Ops.SparseDecode(codes, wDec, bDec), x);
    }

    // Gated SAE (Rajamanoharan et al. 2024) with the shared encoder product h = x_c W_enc:
    // pi_gate = h + b_gate, pi_mag = h * exp(r_mag) + b_mag, f = 1[pi_gate > 0] * ReLU(pi_mag), computed as the
    // gated plugin does: the gate activity ReLU(pi_gate) from one fused encoder, then f from it in one pass, or
    // on the open gates only when few are open.
    private static Tensor Gated(Tensor x, Tensor wEnc, Tensor bGate, Tensor wDec, Tensor bDec, Tensor bMag, Tensor rMag, bool detachAux, out double density)
    {
        var (auxDecoder, auxBias) = detachAux ? (wDec.Detach(), bDec.Detach()) : (wDec, bDec);
        var codes = Ops.ReluEncode(x, wEnc, bGate, bDec, SparseBelow, Ops.RowNorms(wDec));
        density = codes.Density;
        var sparsity = Ops.MulScalar(codes.Penalty!, 5f);
        if (codes.Sparse is { } gate)
        {
            Tensor Pick(Tensor v) => Ops.GatherByFeature(v, gate);
            var magnitude = Ops.Relu(Ops.Add(Ops.Mul(Ops.Sub(gate.Values, Pick(bGate)), Pick(Ops.Exp(rMag))), Pick(bMag)));
            var f = new SparseRows(gate.Rows, gate.Cols, gate.RowOffsets, gate.Indices, magnitude);
            var sparseAux = Ops.MseLoss(Ops.SparseDecode(gate, auxDecoder, auxBias), x);
            return Ops.Add(Ops.Add(sparseAux, Ops.MseLoss(Ops.SparseDecode(f, wDec, bDec), x)), sparsity);
        }
        var gateActs = codes.Dense!;
        var features = Ops.GatedMagnitude(gateActs, bGate, rMag, bMag);
        var xHat = Ops.Linear(features, wDec, bDec);
        var aux = Ops.MseLoss(Ops.Linear(gateActs, auxDecoder, auxBias), x);
        // The plugin's order: the auxiliary term first, so its input-gradient GEMM runs last and adds into the gate
        // gradient instead of zeroing it first.
        return Ops.Add(Ops.Add(aux, Ops.MseLoss(xHat, x)), sparsity);
    }

    private static Tensor Param(string name, SaeRandom rng, float scale, params int[] shape)
    {
        var p = Tensor.Parameter(name, shape);
        if (scale > 0) Init.Uniform(p, -scale, scale, rng);
        return p;
    }
}
