using SaePlatform.Contracts.Architectures;
using SaePlatform.Host.Training.Data;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;

namespace SaePlatform.Host.Training.Encoding;

/// <summary>
/// Feature extraction with a trained SAE: dense codes for rows, optionally keeping each row's top N, and a
/// row's active features with their contribution to the reconstruction, activation x ||W_dec,i||
/// (the norm of feature i's term f_i W_dec,i in x_hat = f W_dec + b_dec).
/// </summary>
internal sealed class FeatureEncoder(ISaeArchitecture sae, ActivationNormalizer normalizer)
{
    private const int BatchRows = 1024;

    /// <summary>One active feature of a row.</summary>
    public readonly record struct ActiveFeature(int Feature, float Activation, float DecoderNorm, double Contribution);

    public int InputWidth => sae.Description.InputWidth;
    public int FeatureCount => sae.Description.FeatureCount;

    /// <summary>
    /// Encodes <paramref name="rows"/> rows of row-major <paramref name="input"/> (raw, normalised here) into
    /// <paramref name="codes"/> [rows, d_sae]; with <paramref name="top"/> &gt; 0 only each row's top activations stay.
    /// With a non-empty <paramref name="reconstruction"/> [rows, d_in], also writes x_hat decoded from those codes,
    /// in raw units (the normalisation undone as SAELens's decode undoes it).
    /// </summary>
    public void Encode(ReadOnlySpan<float> input, int rows, Span<float> codes, int top = 0, Span<float> reconstruction = default)
    {
        int width = InputWidth, features = FeatureCount;
        int block = Math.Min(rows, BatchRows);
        var buffer = new float[block * width];
        var shift = new float[block];
        var scale = new float[block];
        using var _ = GradMode.Disable();
        for (int start = 0; start < rows; start += BatchRows)
        {
            int b = Math.Min(BatchRows, rows - start);
            var slice = buffer.AsSpan(0, b * width);
            input.Slice(start * width, b * width).CopyTo(slice);
            normalizer.Apply(slice, shift, scale);
            using var scope = TensorScope.Begin();
            var f = sae.Encode(Tensor.FromArray(slice, b, width));
            var dst = codes.Slice(start * features, b * features);
            f.CopyTo(dst);
            if (top > 0 && top < features)
                for (int r = 0; r < b; r++) KeepTop(dst.Slice(r * features, features), top);
            if (reconstruction.IsEmpty) continue;
            var xHat = reconstruction.Slice(start * width, b * width);
            sae.Decode(Tensor.FromArray(dst, b, features)).CopyTo(xHat);
            normalizer.Restore(xHat, shift, scale);
        }
    }

    // Zeroes all but the `top` largest values (ties broken by lower index). Linear time: the top-th largest value t
    // is found by selection on a scratch copy, then the row keeps everything above t and the first entries equal to t.
    internal static void KeepTop(Span<float> row, int top)
    {
        if (top <= 0 || top >= row.Length) return;
        var scratch = System.Buffers.ArrayPool<float>.Shared.Rent(row.Length);
        try
        {
            var values = scratch.AsSpan(0, row.Length);
            row.CopyTo(values);
            float t = LargestAt(values, top - 1);
            int above = 0;
            foreach (var v in row) if (v > t) above++;
            int ties = top - above;
            for (int i = 0; i < row.Length; i++)
            {
                if (row[i] > t) continue;
                if (row[i] == t && ties > 0) { ties--; continue; }
                row[i] = 0;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(scratch);
        }
    }

    // The value that would sit at position `index` of `values` sorted in descending order (Hoare selection; reorders values).
    private static float LargestAt(Span<float> values, int index)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            float pivot = values[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] > pivot) i++;
                while (values[j] < pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (index <= j) hi = j;
            else if (index >= i) lo = i;
            else return values[index];
        }
        return values[index];
    }

    /// <summary>The active features of one encoded row, largest contribution first.</summary>
    public List<ActiveFeature> Explain(ReadOnlySpan<float> code)
    {
        var decoderNorms = DecoderNorms();
        var active = new List<ActiveFeature>();
        for (int i = 0; i < code.Length; i++)
            if (code[i] != 0) active.Add(new ActiveFeature(i, code[i], decoderNorms[i], (double)code[i] * decoderNorms[i]));
        active.Sort((a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)) is var c && c != 0 ? c : a.Feature.CompareTo(b.Feature));
        return active;
    }

    private float[] DecoderNorms()
    {
        if (!sae.StateForSaving().TryGetValue("W_dec", out var wDec))
            throw new InvalidDataException("The SAE has no W_dec tensor, so contributions cannot be computed.");
        int d = wDec.Cols;
        var w = wDec.ReadOnHost();
        var norms = new float[wDec.Rows];
        for (int i = 0; i < norms.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += (double)w[i * d + j] * w[i * d + j];
            norms[i] = (float)Math.Sqrt(s);
        }
        return norms;
    }
}
