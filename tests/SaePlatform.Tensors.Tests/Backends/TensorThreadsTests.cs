using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.Cpu;
using SaePlatform.Tensors.Backends.Cpu.Gemm;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Randomness;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Backends;

/// <summary>
/// The engine's thread count changes speed only: every kernel splits work by shape or keeps each output on one
/// thread. Sizes are above each kernel's parallel threshold, so two threads really split the work.
/// </summary>
public sealed class TensorThreadsTests : IDisposable
{
    private readonly int _original = TensorThreads.Count;

    public void Dispose() => TensorThreads.Count = _original;

    private static float[] With(int threads, Func<float[]> compute)
    {
        TensorThreads.Count = threads;
        return compute();
    }

    [Theory]
    [InlineData(false, false, 300, 257, 129)] // rows split across threads
    [InlineData(true, false, 24, 1100, 300)] // columns split across threads
    [InlineData(false, true, 517, 33, 260)]
    [InlineData(true, true, 129, 520, 257)]
    public void ManagedGemm_OneVersusTwoThreads_BitIdentical(bool ta, bool tb, int m, int n, int k)
    {
        var a = Reference.RandomArray(m * k, 1);
        var b = Reference.RandomArray(k * n, 2);
        var c0 = Reference.RandomArray(m * n, 3);
        int lda = ta ? m : k, ldb = tb ? k : n;
        float[] Run(bool wide)
        {
            var c = (float[])c0.Clone();
            if (wide) ManagedGemm.Gemm(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, -1f, c, n);
            else ManagedGemm.Gemm256(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, -1f, c, n);
            return c;
        }
        foreach (var wide in new[] { true, false })
            Assert.Equal(With(1, () => Run(wide)), With(2, () => Run(wide)));
    }

    [Theory]
    [InlineData(1024, 512, 64)] // the quickstart's encoder: OpenBLAS's own threads changed ~2 % of these elements
    [InlineData(64, 512, 1024)] // its weight gradient: the long side is cut into row panels
    [InlineData(300, 2000, 96)] // columns cut into panels
    [InlineData(1024, 1, 512)] // a weighted feature sum (one output column)
    [InlineData(1, 9000, 257)]
    public void CpuBackendGemm_OneVersusTwoThreads_BitIdentical(int m, int n, int k)
    {
        var backend = CpuBackend.Create();
        var av = Reference.RandomArray(m * k, 6);
        var bv = Reference.RandomArray(k * n, 7);
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            float[] Run()
            {
                var a = ta ? Tensor.Wrap(av, k, m) : Tensor.Wrap(av, m, k);
                var b = tb ? Tensor.Wrap(bv, n, k) : Tensor.Wrap(bv, k, n);
                var c = Tensor.Wrap(new float[m * n], m, n);
                backend.Gemm(ta, tb, 1f, a, b, 0f, c);
                return c.ToArray();
            }
            Assert.Equal(With(1, Run), With(2, Run));
        }
    }

    [Fact]
    public void ElementwiseAndReductions_OneVersusTwoThreads_BitIdentical()
    {
        const int rows = 400, cols = 700;
        var x = Tensor.Wrap(Reference.RandomArray(rows * cols, 4), rows, cols);
        var rowVector = Tensor.Wrap(Reference.RandomArray(cols, 5), cols);
        float[] Run()
        {
            var y = Ops.Mul(Ops.Add(x, rowVector), x);
            return [.. y.ToArray(), .. Ops.Sum(y).ToArray(), .. Ops.Sum(y, 0).ToArray(), .. Ops.Mean(y, 1).ToArray()];
        }
        Assert.Equal(With(1, Run), With(2, Run));
    }

    [Fact]
    public void AdamStepsAndClipping_OneVersusTwoThreads_BitIdentical()
    {
        float[] Run()
        {
            var p = Tensor.Parameter("w", 700, 200); // 140000 elements: several optimiser chunks
            Reference.RandomArray(p.Length, 6).CopyTo(p.Span);
            var adam = new Adam([p], new AdamOptions { LearningRate = 0.01, WeightDecay = 0.01 });
            var norms = new float[3];
            for (int step = 1; step <= 3; step++)
            {
                p.Grad = Tensor.Wrap(Reference.RandomArray(p.Length, 10 + step, scale: 3f), 700, 200);
                norms[step - 1] = GradientClipping.ClipByGlobalNorm([p], 1f);
                adam.Step();
            }
            return [.. p.ToArray(), .. norms];
        }
        Assert.Equal(With(1, Run), With(2, Run));
    }

    [Fact]
    public void SaeRandomNormal_OneVersusTwoThreads_BitIdentical()
    {
        float[] Run()
        {
            var values = new float[300_000];
            new SaeRandom(9).Normal(values);
            return values;
        }
        Assert.Equal(With(1, Run), With(2, Run));
    }

    [Fact]
    public void Count_BelowOne_ThrowsAndKeepsTheSetting()
    {
        TensorThreads.Count = 3;
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorThreads.Count = 0);
        Assert.Equal(3, TensorThreads.Count);
        Assert.Contains("3 threads", CpuBackend.Create().Name);
    }
}
