using SaePlatform.Tensors;

namespace SaePlatform.Plugins.Tests.TopK;

/// <summary>
/// An independent float64 implementation of the TopK-family math of SAE_REFERENCE.md ("topk", "batchtopk",
/// "matryoshka"), on plain row-major arrays, with hand-set parameters the tests load into the plugins.
/// </summary>
internal sealed class TopKFamilyReference
{
    public TopKFamilyReference(int dIn, int dSae, int seed)
    {
        DIn = dIn;
        DSae = dSae;
        var rng = new Random(seed);
        WEnc = Fill(rng, dIn * dSae, 1.0);
        BEnc = Fill(rng, dSae, 0.2);
        WDec = Fill(rng, dSae * dIn, 1.0);
        BDec = Fill(rng, dIn, 0.2);
        Threshold = new double[dSae];
        // Decoder rows of clearly different norms, so that ranking by h * ||W_dec,i|| differs from ranking by h.
        for (int i = 0; i < dSae; i++)
            for (int j = 0; j < dIn; j++) WDec[i * dIn + j] *= 0.4 + 0.25 * i;
    }

    public int DIn { get; }
    public int DSae { get; }
    public double[] WEnc { get; }
    public double[] BEnc { get; }
    public double[] WDec { get; }
    public double[] BDec { get; }
    public double[] Threshold { get; }

    public double[][] Trainable => [WEnc, BEnc, WDec, BDec];

    public static readonly string[] TrainableNames = ["W_enc", "b_enc", "W_dec", "b_dec"];

    /// <summary>The parameters as float32 tensors named as in SAELens, for <c>Load</c>.</summary>
    public Dictionary<string, Tensor> State() => new()
    {
        ["W_enc"] = Tensor.Wrap(ToFloat(WEnc), DIn, DSae),
        ["b_enc"] = Tensor.Wrap(ToFloat(BEnc), DSae),
        ["W_dec"] = Tensor.Wrap(ToFloat(WDec), DSae, DIn),
        ["b_dec"] = Tensor.Wrap(ToFloat(BDec), DIn),
        ["threshold"] = Tensor.Wrap(ToFloat(Threshold), DSae),
    };

    /// <summary>h = (x - b_dec) W_enc + b_enc.</summary>
    public double[] PreActivations(double[] x, int rows)
    {
        var h = new double[rows * DSae];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < DSae; i++)
            {
                double s = BEnc[i];
                for (int j = 0; j < DIn; j++) s += (x[r * DIn + j] - BDec[j]) * WEnc[j * DSae + i];
                h[r * DSae + i] = s;
            }
        return h;
    }

    public double[] DecoderNorms()
    {
        var n = new double[DSae];
        for (int i = 0; i < DSae; i++)
        {
            double s = 0;
            for (int j = 0; j < DIn; j++) s += WDec[i * DIn + j] * WDec[i * DIn + j];
            n[i] = Math.Sqrt(s);
        }
        return n;
    }

    /// <summary>sum_i f_i W_dec,i (+ b_dec) using only features below <paramref name="width"/>.</summary>
    public double[] Decode(double[] f, int rows, bool bias = true, int width = int.MaxValue)
    {
        var y = new double[rows * DIn];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < DIn; j++)
            {
                double s = bias ? BDec[j] : 0;
                for (int i = 0; i < Math.Min(width, DSae); i++) s += f[r * DSae + i] * WDec[i * DIn + j];
                y[r * DIn + j] = s;
            }
        return y;
    }

    /// <summary>Sum over columns, mean over rows of the squared difference.</summary>
    public static double Mse(double[] a, double[] b, int rows)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s / rows;
    }

    /// <summary>Per row, the k columns of largest score among the allowed ones (ties to the lower column).</summary>
    public static bool[] RowTopK(double[] score, int rows, int cols, int k, bool[]? allowed = null)
    {
        var kept = new bool[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            var order = Enumerable.Range(0, cols).Where(i => allowed is null || allowed[i])
                .OrderByDescending(i => score[r * cols + i]).ThenBy(i => i).Take(k);
            foreach (int i in order) kept[r * cols + i] = true;
        }
        return kept;
    }

    /// <summary>The <paramref name="count"/> largest strictly positive entries of the whole batch.</summary>
    public static bool[] BatchTopK(double[] h, int count)
    {
        var kept = new bool[h.Length];
        foreach (int e in Enumerable.Range(0, h.Length).Where(e => h[e] > 0).OrderByDescending(e => h[e]).ThenBy(e => e).Take(count))
            kept[e] = true;
        return kept;
    }

    /// <summary>values at kept positions (through ReLU when asked), zero elsewhere.</summary>
    public static double[] Keep(double[] h, bool[] kept, bool relu)
    {
        var f = new double[h.Length];
        for (int e = 0; e < h.Length; e++) if (kept[e]) f[e] = relu ? Math.Max(0, h[e]) : h[e];
        return f;
    }

    /// <summary>The smallest gap between a kept and a dropped score in each row (or batch), to check stability.</summary>
    public static double SelectionMargin(double[] score, bool[] kept, int rows, int cols, bool[]? allowed = null, bool wholeBatch = false)
    {
        double margin = double.PositiveInfinity;
        int groups = wholeBatch ? 1 : rows, size = wholeBatch ? rows * cols : cols;
        for (int g = 0; g < groups; g++)
        {
            double minKept = double.PositiveInfinity, maxDropped = double.NegativeInfinity;
            for (int e = g * size; e < (g + 1) * size; e++)
            {
                if (allowed is not null && !allowed[e % cols]) continue;
                if (kept[e]) minKept = Math.Min(minKept, score[e]);
                else maxDropped = Math.Max(maxDropped, score[e]);
            }
            margin = Math.Min(margin, minKept - maxDropped);
        }
        return margin;
    }

    public static double[] Fill(Random rng, int n, double scale)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * (2 * rng.NextDouble() - 1);
        return a;
    }

    public static float[] ToFloat(double[] a) => a.Select(v => (float)v).ToArray();
}
