using SaePlatform.Tensors.Storage;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    // Elements per parallel work item for the optimiser kernels. Fixed (never derived from the core
    // count) so that the deterministic float64 reductions give the same bits on any thread count.
    private const int OptimizerChunk = 1 << 16;

    /// <inheritdoc />
    public void AdamStep(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, in AdamStepScalars scalars)
    {
        RequireOptimizerLengths(parameter, gradient, nameof(AdamStep));
        RequireOptimizerLengths(parameter, expAvg, nameof(AdamStep));
        RequireOptimizerLengths(parameter, expAvgSq, nameof(AdamStep));
        float[] p = parameter.Array, g = gradient.Array, m = expAvg.Array, v = expAvgSq.Array;
        var s = scalars;
        ForOptimizerChunks(parameter.Length, (start, end) => AdamRange(p, g, m, v, start, end, s));
    }

    /// <inheritdoc />
    public void SgdStep(Tensor parameter, Tensor gradient, Tensor? momentumBuffer, in SgdStepScalars scalars)
    {
        RequireOptimizerLengths(parameter, gradient, nameof(SgdStep));
        if (momentumBuffer is not null) RequireOptimizerLengths(parameter, momentumBuffer, nameof(SgdStep));
        float[] p = parameter.Array, g = gradient.Array;
        float[]? b = momentumBuffer?.Array;
        var s = scalars;
        ForOptimizerChunks(parameter.Length, (start, end) => SgdRange(p, g, b, start, end, s));
    }

    /// <inheritdoc />
    public double SumOfSquaresF64(Tensor tensor)
    {
        float[] x = tensor.Array;
        int n = tensor.Length;
        int chunks = (n + OptimizerChunk - 1) / OptimizerChunk;
        if (chunks <= 1) return DeterministicDotF64(x.AsSpan(0, n), x.AsSpan(0, n));
        var partial = new double[chunks];
        Parallel.For(0, chunks, TensorThreads.ParallelOptions, c =>
        {
            int start = c * OptimizerChunk, len = Math.Min(OptimizerChunk, n - start);
            partial[c] = DeterministicDotF64(x.AsSpan(start, len), x.AsSpan(start, len));
        });
        double sum = 0;
        foreach (var part in partial) sum += part; // fixed order: deterministic
        return sum;
    }

    /// <inheritdoc />
    public void SumOfSquaresF64(IReadOnlyList<Tensor> tensors, Tensor result)
    {
        double sum = 0;
        foreach (var t in tensors) sum += SumOfSquaresF64(t);
        Float64Bits.Write(result.Span, 0, sum);
    }

    /// <inheritdoc />
    public void ScaleInPlace(Tensor tensor, float factor)
    {
        float[] x = tensor.Array;
        ForOptimizerChunks(tensor.Length, (start, end) => TensorPrimitives.Multiply(x.AsSpan(start, end - start), factor, x.AsSpan(start, end - start)));
    }

    /// <inheritdoc />
    public void RowL2Norms(Tensor matrix, Tensor norms)
    {
        RequireOptimizerMatrix(matrix, nameof(RowL2Norms));
        if (norms.Length != matrix.Rows)
            throw new ArgumentException($"{nameof(RowL2Norms)}: {norms.Length} norm slots for {matrix.Rows} rows.", nameof(norms));
        float[] w = matrix.Array;
        int cols = matrix.Cols;
        float[] result = norms.Array;
        ForOptimizerRows(matrix.Rows, cols, row =>
        {
            var r = w.AsSpan(row * cols, cols);
            result[row] = (float)Math.Sqrt(DeterministicDotF64(r, r));
        });
    }

    /// <inheritdoc />
    public void NormalizeRowsInPlace(Tensor matrix, float norm)
    {
        RequireOptimizerMatrix(matrix, nameof(NormalizeRowsInPlace));
        float[] w = matrix.Array;
        int cols = matrix.Cols;
        ForOptimizerRows(matrix.Rows, cols, row =>
        {
            var r = w.AsSpan(row * cols, cols);
            double current = Math.Sqrt(DeterministicDotF64(r, r));
            if (current > 0) TensorPrimitives.Multiply(r, (float)(norm / current), r);
        });
    }

    /// <inheritdoc />
    public void RemoveParallelRowComponent(Tensor weight, Tensor gradient)
    {
        RequireOptimizerMatrix(weight, nameof(RemoveParallelRowComponent));
        if (gradient.Rows != weight.Rows || gradient.Cols != weight.Cols || gradient.Rank != weight.Rank)
            throw new ArgumentException($"{nameof(RemoveParallelRowComponent)}: gradient {gradient.ShapeString} does not match weight {weight.ShapeString}.", nameof(gradient));
        float[] w = weight.Array, g = gradient.Array;
        int cols = weight.Cols;
        ForOptimizerRows(weight.Rows, cols, row =>
        {
            var wr = w.AsSpan(row * cols, cols);
            var gr = g.AsSpan(row * cols, cols);
            double ww = DeterministicDotF64(wr, wr);
            if (ww <= 0) return;
            // sparsify / OpenAI sparse_autoencoder: g -= (g . w / ||w||^2) w.
            float coefficient = (float)(DeterministicDotF64(gr, wr) / ww);
            TensorPrimitives.MultiplyAdd(wr, -coefficient, gr, gr);
        });
    }

    private static void AdamRange(float[] p, float[] g, float[] m, float[] v, int start, int end, AdamStepScalars s)
    {
        ref float rp = ref MemoryMarshal.GetArrayDataReference(p);
        ref float rg = ref MemoryMarshal.GetArrayDataReference(g);
        ref float rm = ref MemoryMarshal.GetArrayDataReference(m);
        ref float rv = ref MemoryMarshal.GetArrayDataReference(v);
        float oneMinusB1 = s.OneMinusBeta1, oneMinusB2 = s.OneMinusBeta2;
        int i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> step = Vector512.Create(s.StepSize), b2 = Vector512.Create(s.Beta2),
                c1 = Vector512.Create(oneMinusB1), c2 = Vector512.Create(oneMinusB2), bc2 = Vector512.Create(s.BiasCorrection2Sqrt),
                eps = Vector512.Create(s.Epsilon), l2 = Vector512.Create(s.L2WeightDecay), decay = Vector512.Create(s.DecayFactor);
            for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                nuint at = (nuint)i;
                var pv = Vector512.LoadUnsafe(ref rp, at);
                var gv = Vector512.LoadUnsafe(ref rg, at) + l2 * pv;
                pv *= decay;
                var mv = Vector512.LoadUnsafe(ref rm, at);
                mv += c1 * (gv - mv);
                var vv = b2 * Vector512.LoadUnsafe(ref rv, at) + c2 * gv * gv;
                pv -= step * (mv / (Vector512.Sqrt(vv) / bc2 + eps));
                pv.StoreUnsafe(ref rp, at);
                mv.StoreUnsafe(ref rm, at);
                vv.StoreUnsafe(ref rv, at);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> step = Vector256.Create(s.StepSize), b2 = Vector256.Create(s.Beta2),
                c1 = Vector256.Create(oneMinusB1), c2 = Vector256.Create(oneMinusB2), bc2 = Vector256.Create(s.BiasCorrection2Sqrt),
                eps = Vector256.Create(s.Epsilon), l2 = Vector256.Create(s.L2WeightDecay), decay = Vector256.Create(s.DecayFactor);
            for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint at = (nuint)i;
                var pv = Vector256.LoadUnsafe(ref rp, at);
                var gv = Vector256.LoadUnsafe(ref rg, at) + l2 * pv;
                pv *= decay;
                var mv = Vector256.LoadUnsafe(ref rm, at);
                mv += c1 * (gv - mv);
                var vv = b2 * Vector256.LoadUnsafe(ref rv, at) + c2 * gv * gv;
                pv -= step * (mv / (Vector256.Sqrt(vv) / bc2 + eps));
                pv.StoreUnsafe(ref rp, at);
                mv.StoreUnsafe(ref rm, at);
                vv.StoreUnsafe(ref rv, at);
            }
        }
        for (; i < end; i++)
        {
            float pi = p[i];
            float gi = g[i] + s.L2WeightDecay * pi;
            pi *= s.DecayFactor;
            float mi = m[i] + oneMinusB1 * (gi - m[i]);
            float vi = s.Beta2 * v[i] + oneMinusB2 * gi * gi;
            p[i] = pi - s.StepSize * (mi / (MathF.Sqrt(vi) / s.BiasCorrection2Sqrt + s.Epsilon));
            m[i] = mi;
            v[i] = vi;
        }
    }

    private static void SgdRange(float[] p, float[] g, float[]? buffer, int start, int end, SgdStepScalars s)
    {
        // Momentum-free SGD is dominated by memory traffic; one scalar-friendly loop keeps it simple
        // and TensorPrimitives vectorises the plain case.
        var ps = p.AsSpan(start, end - start);
        var gs = g.AsSpan(start, end - start);
        if (buffer is null)
        {
            if (s.WeightDecay == 0f)
            {
                TensorPrimitives.MultiplyAdd(gs, -s.LearningRate, ps, ps);
                return;
            }
            for (int i = 0; i < ps.Length; i++) ps[i] -= s.LearningRate * (gs[i] + s.WeightDecay * ps[i]);
            return;
        }
        var bs = buffer.AsSpan(start, end - start);
        float gradScale = 1f - s.Dampening;
        for (int i = 0; i < ps.Length; i++)
        {
            float gi = gs[i] + s.WeightDecay * ps[i];
            float bi = s.FirstStep ? gi : s.Momentum * bs[i] + gradScale * gi;
            bs[i] = bi;
            float update = s.Nesterov ? gi + s.Momentum * bi : bi;
            ps[i] -= s.LearningRate * update;
        }
    }

    /// <summary>
    /// Float64 dot product with a fixed summation order: element i goes to lane i % 8, each lane adds
    /// its elements in index order, and float*float products are exact in float64, so the 512-bit,
    /// 256-bit and scalar paths all give the same bits.
    /// </summary>
    internal static double DeterministicDotF64(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length, i = 0;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var acc = Vector512<double>.Zero;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (a0, a1) = Vector512.Widen(Vector512.LoadUnsafe(ref ra, (nuint)i));
                var (b0, b1) = Vector512.Widen(Vector512.LoadUnsafe(ref rb, (nuint)i));
                acc += a0 * b0;
                acc += a1 * b1;
            }
            lo = acc.GetLower();
            hi = acc.GetUpper();
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (a0, a1) = Vector256.Widen(Vector256.LoadUnsafe(ref ra, (nuint)i));
                var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref rb, (nuint)i));
                lo += a0 * b0;
                hi += a1 * b1;
            }
        }
        Span<double> lanes = stackalloc double[8];
        lo.CopyTo(lanes);
        hi.CopyTo(lanes[4..]);
        for (; i < n; i++) lanes[i & 7] += (double)a[i] * b[i];
        return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    }

    private static void ForOptimizerChunks(int length, Action<int, int> body) =>
        DeterministicPartition.ForChunks(length, OptimizerChunk, length, body);

    // Whole rows of about OptimizerChunk elements each.
    private static void ForOptimizerRows(int rows, int cols, Action<int> body) =>
        DeterministicPartition.ForChunks(rows, Math.Max(1, OptimizerChunk / Math.Max(1, cols)), (long)rows * cols, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++) body(r);
        });

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RequireOptimizerLengths(Tensor a, Tensor b, string op)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"{op}: {b.ShapeString} has {b.Length} elements, expected {a.Length} like {a.ShapeString}.");
    }

    private static void RequireOptimizerMatrix(Tensor t, string op)
    {
        if (t.Rank != 2) throw new ArgumentException($"{op}: expected a 2-D tensor, got {t.ShapeString}.");
    }
}
