using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Tensors.Tests.Randomness;

public sealed class InitTests
{
    [Fact]
    public void KaimingUniform_LargeWeight_RespectsBoundAndFillsIt()
    {
        var w = Tensor.Persistent(256, 768);
        Init.KaimingUniform(w, 768, new SaeRandom(1));
        double bound = Math.Sqrt(6.0 / 768);
        Assert.Equal(bound, Init.KaimingUniformBound(768), 1e-7);
        float max = 0;
        double sumSq = 0;
        foreach (var v in w.Span) { Assert.True(Math.Abs(v) <= bound); max = Math.Max(max, Math.Abs(v)); sumSq += (double)v * v; }
        Assert.True(max > 0.999 * bound);
        // Variance of U(-b, b) is b^2 / 3 = 2 / fan_in (He et al. 2015).
        Assert.Equal(2.0 / 768, sumSq / w.Length, 2e-5);
    }

    [Fact]
    public void LinearDefault_Bound_IsOneOverSqrtFanIn()
    {
        Assert.Equal(1 / Math.Sqrt(100), Init.LinearDefaultBound(100), 1e-7);
        var w = Tensor.Persistent(10, 100);
        Init.LinearDefault(w, 100, new SaeRandom(2));
        Assert.All(w.ToArray(), v => Assert.True(Math.Abs(v) <= 0.1f));
    }

    [Fact]
    public void SaeLensDecoder_Rows_HaveNormPointOneAndAreReproducible()
    {
        var a = Tensor.Persistent(64, 48);
        var b = Tensor.Persistent(64, 48);
        Init.SaeLensDecoder(a, new SaeRandom(3).Derive("W_dec"));
        Init.SaeLensDecoder(b, new SaeRandom(3).Derive("W_dec"));
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.All(DecoderNorm.RowNorms(a), n => Assert.Equal(0.1f, n, 1e-6f));
    }
}
