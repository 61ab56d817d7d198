using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Tensors.Tests.Operations;

/// <summary>Naive references for the sparse-op tests: dense expansion, sort-based top-k, float64 products.</summary>
internal static class SparseReference
{
    /// <summary>The dense [rows, cols] matrix a CSR batch stands for, in float64.</summary>
    public static double[] Dense(SparseRows s)
    {
        var d = new double[s.Rows * s.Cols];
        var v = s.Values.Span;
        for (int r = 0; r < s.Rows; r++)
            for (int e = s.RowOffsets[r]; e < s.RowOffsets[r + 1]; e++)
                d[r * s.Cols + s.Indices[e]] += v[e];
        return d;
    }

    /// <summary>Per row, the k best columns by a full sort (score descending, then column ascending), ascending.</summary>
    public static int[][] TopKColumns(float[] h, int rows, int n, int k, float[]? scale = null, bool[]? allowed = null)
    {
        var result = new int[rows][];
        for (int r = 0; r < rows; r++)
        {
            var cols = new List<int>();
            for (int j = 0; j < n; j++) if (allowed is null || allowed[j]) cols.Add(j);
            int row = r;
            float Score(int j) => scale is null ? h[row * n + j] : h[row * n + j] * scale[j];
            cols.Sort((a, b) => Score(a) != Score(b) ? Score(b).CompareTo(Score(a)) : a.CompareTo(b));
            var top = cols.Take(Math.Min(k, cols.Count)).ToArray();
            Array.Sort(top);
            result[r] = top;
        }
        return result;
    }

    /// <summary>The columns of row r stored in a CSR batch.</summary>
    public static int[] RowColumns(SparseRows s, int r) => s.Indices.ToArray()[s.RowOffsets[r]..s.RowOffsets[r + 1]];

    /// <summary>A leaf tensor that requires gradients.</summary>
    public static Tensor Leaf(float[] values, params int[] shape)
    {
        var t = Tensor.Persistent(shape);
        values.CopyTo(t.Span);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Runs backward of sum(y * r) and returns r (the gradient every element of y receives).</summary>
    public static float[] BackwardWithProjection(Tensor y, int seed)
    {
        var r = Support.Reference.RandomArray(y.Length, seed);
        var loss = Ops.Sum(Ops.Mul(y, Tensor.FromArray(r, y.Shape.ToArray())));
        loss.Backward();
        return r;
    }

    /// <summary>A random permutation of distinct values spaced 0.1 apart and at least 0.05 away from zero.</summary>
    public static float[] WellSeparated(int count, int seed)
    {
        var rng = new Random(seed);
        var order = Enumerable.Range(0, count).OrderBy(_ => rng.Next()).ToArray();
        var a = new float[count];
        for (int i = 0; i < count; i++) a[i] = (order[i] - count / 2) * 0.1f + 0.05f;
        return a;
    }

    /// <summary>Scope helper: disables nothing, only documents that the test owns its tensors.</summary>
    public static TensorScope Scope() => TensorScope.Begin();
}
