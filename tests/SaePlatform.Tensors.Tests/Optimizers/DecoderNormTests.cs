using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Optimizers;

public sealed class DecoderNormTests
{
    [Theory]
    [InlineData(50, 33)]
    [InlineData(300, 768)]
    public void RemoveParallelGradient_EachRow_GradientBecomesOrthogonalToRow(int rows, int cols)
    {
        var w = Tensor.Parameter("W_dec", rows, cols);
        Reference.RandomArray(rows * cols, 1).CopyTo(w.Span);
        for (int c = 0; c < cols; c++) w[3, c] = 0; // a dead, all-zero row keeps its gradient
        var g = Reference.RandomArray(rows * cols, 2);
        w.Grad = Tensor.Wrap((float[])g.Clone(), rows, cols);

        DecoderNorm.RemoveParallelGradient(w);

        var after = w.Grad!;
        for (int r = 0; r < rows; r++)
        {
            double gw = 0, ww = 0, gg = 0, expectedCoef;
            for (int c = 0; c < cols; c++) { gw += (double)g[r * cols + c] * w[r, c]; ww += (double)w[r, c] * w[r, c]; gg += (double)g[r * cols + c] * g[r * cols + c]; }
            expectedCoef = ww > 0 ? gw / ww : 0;
            double dot = 0;
            for (int c = 0; c < cols; c++)
            {
                dot += (double)after[r, c] * w[r, c];
                Assert.Equal(g[r * cols + c] - expectedCoef * w[r, c], after[r, c], 1e-5);
            }
            Assert.True(Math.Abs(dot) <= 1e-6 * Math.Sqrt(gg * ww) + 1e-12, $"row {r}: dot {dot}");
        }
    }

    [Theory]
    [InlineData(1f, 40, 7)]
    [InlineData(0.1f, 400, 768)]
    public void NormalizeRows_RandomMatrix_RowsHaveTargetNormAndKeepDirection(float target, int rows, int cols)
    {
        var w = Tensor.Persistent(rows, cols);
        var original = Reference.RandomArray(rows * cols, 9, scale: 3f);
        original.CopyTo(w.Span);
        DecoderNorm.NormalizeRows(w, target);
        var norms = DecoderNorm.RowNorms(w);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(target, norms[r], target * 1e-6);
            double n0 = 0;
            for (int c = 0; c < cols; c++) n0 += (double)original[r * cols + c] * original[r * cols + c];
            n0 = Math.Sqrt(n0);
            for (int c = 0; c < cols; c++) Assert.Equal(original[r * cols + c] / n0 * target, w[r, c], 1e-6);
        }
    }

    [Fact]
    public void RowNorms_ZeroRowAndKnownRow_MatchHandComputation()
    {
        var w = Tensor.Wrap([3f, 4f, 0f, 0f, 0f, 0f, 1f, 2f, 2f], 3, 3);
        Assert.Equal([5f, 0f, 3f], DecoderNorm.RowNorms(w));
        DecoderNorm.NormalizeRows(w);
        Assert.Equal([0.6f, 0.8f, 0f, 0f, 0f, 0f], w.ToArray()[..6]);
    }

    [Fact]
    public void Helpers_OneDimensionalTensor_Throw()
    {
        var v = Tensor.Parameter("v", 4);
        Assert.Throws<ArgumentException>(() => DecoderNorm.RowNorms(v));
        Assert.Throws<ArgumentException>(() => DecoderNorm.NormalizeRows(v));
        Assert.Throws<ArgumentException>(() => DecoderNorm.RemoveParallelGradient(v));
    }
}
