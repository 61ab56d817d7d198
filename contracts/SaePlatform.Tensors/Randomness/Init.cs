using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Tensors.Randomness;

/// <summary>
/// Weight initialisers drawing from a <see cref="SaeRandom"/>. Fan-in follows torch: for a 2-D weight
/// stored [out, in] it is the column count.
/// </summary>
public static class Init
{
    /// <summary>
    /// torch.nn.init.kaiming_uniform_ with its defaults (a = 0, mode fan_in, nonlinearity leaky_relu, so
    /// gain sqrt(2)): bound = gain * sqrt(3 / fan_in) = sqrt(6 / fan_in). This is what SAELens calls on W_dec.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is not positive.</exception>
    public static float KaimingUniformBound(int fanIn)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        return (float)Math.Sqrt(6.0 / fanIn);
    }

    /// <summary>Fills <paramref name="w"/> uniformly in [-b, b] with b = <see cref="KaimingUniformBound"/>(<paramref name="fanIn"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is not positive.</exception>
    public static void KaimingUniform(Tensor w, int fanIn, SaeRandom rng)
    {
        float bound = KaimingUniformBound(fanIn);
        Uniform(w, -bound, bound, rng);
    }

    /// <summary>
    /// The bound of torch's default nn.Linear weight init, kaiming_uniform_(a = sqrt(5)): gain
    /// sqrt(2 / (1 + 5)), so bound = 1 / sqrt(fan_in). Not what SAELens uses; provided for plain layers.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is not positive.</exception>
    public static float LinearDefaultBound(int fanIn)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        return (float)(1.0 / Math.Sqrt(fanIn));
    }

    /// <summary>Fills <paramref name="w"/> uniformly in [-b, b] with b = <see cref="LinearDefaultBound"/>(<paramref name="fanIn"/>) (torch nn.Linear's default).</summary>
    public static void LinearDefault(Tensor w, int fanIn, SaeRandom rng)
    {
        float bound = LinearDefaultBound(fanIn);
        Uniform(w, -bound, bound, rng);
    }

    /// <summary>
    /// SAELens's decoder init: kaiming-uniform with fan_in = d_in (the column count of W_dec [d_sae, d_in]),
    /// then every row rescaled to L2 norm <paramref name="rowNorm"/> (SAELens decoder_init_norm, default 0.1).
    /// The caller copies the transpose into W_enc.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="wDec"/> is not 2-D.</exception>
    public static void SaeLensDecoder(Tensor wDec, SaeRandom rng, float rowNorm = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(wDec);
        if (wDec.Rank != 2) throw new ArgumentException($"Decoder weight must be 2-D [d_sae, d_in], got {wDec.ShapeString}.", nameof(wDec));
        KaimingUniform(wDec, wDec.Cols, rng);
        DecoderNorm.NormalizeRows(wDec, rowNorm);
    }

    /// <summary>Fills <paramref name="w"/> with uniform values in [lo, hi) (see <see cref="SaeRandom.Uniform"/>).</summary>
    public static void Uniform(Tensor w, float lo, float hi, SaeRandom rng)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(rng);
        Fill(w, values => rng.Uniform(values, lo, hi));
    }

    /// <summary>Fills <paramref name="w"/> with normal values (see <see cref="SaeRandom.Normal"/>).</summary>
    public static void Normal(Tensor w, float mean, float std, SaeRandom rng)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(rng);
        Fill(w, values => rng.Normal(values, mean, std));
    }

    // Writes w's elements with host code: in place on the host, into a host buffer then uploaded on a device.
    private static void Fill(Tensor w, HostEdit fill)
    {
        if (w.IsHost)
        {
            fill(w.Span);
            return;
        }
        var values = new float[w.Length];
        fill(values);
        w.CopyFrom(values);
    }
}
