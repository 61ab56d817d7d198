using System.Diagnostics;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Host.Cli.Bench;

/// <summary>GFLOP/s of the GEMMs of an SAE training step (encoder/decoder forward and their backward shapes).</summary>
internal static class GemmBench
{
    public static readonly string[] ShapeNames = ["enc-fwd", "dec-fwd", "enc-bwd-w", "dec-bwd-x"];

    public static Dictionary<string, object> Run(string shape, string size, int repeats)
    {
        var (dIn, dSae, batch) = BenchCase.Dimensions(size);
        // enc-fwd: x[B,d_in] @ W_enc[d_in,d_sae]; dec-fwd: f[B,d_sae] @ W_dec[d_sae,d_in];
        // enc-bwd-w: x^T[d_in,B] @ g[B,d_sae]; dec-bwd-x: g[B,d_in] @ W_dec^T.
        var (a, b, ta, tb, m, n, k) = shape switch
        {
            "enc-fwd" => (Rand(batch, dIn), Rand(dIn, dSae), false, false, batch, dSae, dIn),
            "dec-fwd" => (Rand(batch, dSae), Rand(dSae, dIn), false, false, batch, dIn, dSae),
            "enc-bwd-w" => (Rand(batch, dIn), Rand(batch, dSae), true, false, dIn, dSae, batch),
            "dec-bwd-x" => (Rand(batch, dIn), Rand(dSae, dIn), false, true, batch, dSae, dIn),
            _ => throw new ArgumentException($"unknown GEMM shape '{shape}'"),
        };
        var c = Tensor.Persistent(m, n);
        var backend = TensorBackend.Current;
        backend.Gemm(ta, tb, 1f, a, b, 0f, c);
        var seconds = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var t = Stopwatch.GetTimestamp();
            backend.Gemm(ta, tb, 1f, a, b, 0f, c);
            BenchCase.WaitForDevice();
            seconds.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
        }
        double median = BenchStatistics.Median(seconds);
        return new Dictionary<string, object>
        {
            ["m"] = m, ["n"] = n, ["k"] = k,
            ["gflops_median"] = Math.Round(2.0 * m * n * k / median / 1e9, 1),
            ["seconds_median"] = median,
            ["backend"] = backend.Name,
        };
    }

    private static Tensor Rand(int rows, int cols)
    {
        var t = Tensor.Persistent(rows, cols);
        SaePlatform.Tensors.Randomness.Init.Uniform(t, -1f, 1f, new SaePlatform.Tensors.Randomness.SaeRandom(1));
        return t;
    }
}
