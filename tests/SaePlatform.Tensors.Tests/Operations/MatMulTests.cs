using SaePlatform.Tensors.Tests.Support;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class MatMulTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_AllTransposes_GradientsMatchFiniteDifferences(bool ta, bool tb)
    {
        const int m = 3, k = 5, n = 4;
        int[] aShape = ta ? [k, m] : [m, k];
        int[] bShape = tb ? [n, k] : [k, n];
        GradCheck.Check(
            t => Ops.MatMul(t[0], t[1], ta, tb),
            [Reference.RandomArray(m * k, 1), Reference.RandomArray(k * n, 2)],
            [aShape, bShape]);
    }
}
