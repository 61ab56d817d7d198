using SaePlatform.Tensors.Backends;
using static SaePlatform.Host.Engine.Conformance.HostKernels;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>
    /// Broadcast layouts (y, a, b) of the binary kernels: equal shapes, a row vector [n] and [1, n], a column vector
    /// [m, 1] against a row vector (an outer broadcast), a rank-0 scalar, a one-element 1-D operand, scalars, one element,
    /// and zero rows.
    /// </summary>
    private static readonly (int[] Y, int[] A, int[] B)[] BinaryLayouts =
    [
        ([33, 130], [33, 130], [33, 130]),
        ([257, 3], [257, 3], [3]),
        ([17, 33], [1, 33], [17, 1]),
        ([3, 17], [3, 1], []),
        ([130, 17], [130, 17], [1, 17]),
        ([257], [257], [1]),
        ([], [], []),
        ([1, 1], [1, 1], [1, 1]),
        ([0, 17], [0, 17], [17]),
    ];

    /// <summary>Unary ops with their parameters (p, q): Pow with a fractional, a negative and an integral exponent.</summary>
    private static readonly (UnaryOp Op, float P, float Q)[] UnaryOps =
    [
        (UnaryOp.Neg, 0, 0), (UnaryOp.Relu, 0, 0), (UnaryOp.Sigmoid, 0, 0), (UnaryOp.Tanh, 0, 0), (UnaryOp.Exp, 0, 0),
        (UnaryOp.Log, 0, 0), (UnaryOp.Abs, 0, 0), (UnaryOp.Square, 0, 0), (UnaryOp.Sqrt, 0, 0), (UnaryOp.Pow, 2.5f, 0),
        (UnaryOp.Pow, -1.5f, 0), (UnaryOp.Pow, 3f, 0), (UnaryOp.Clamp, -0.3f, 0.4f), (UnaryOp.AddScalar, 0.75f, 0),
        (UnaryOp.MulScalar, -1.25f, 0),
    ];

    /// <summary>Small shapes the unary cases cycle through beside [33, 130] and [257].</summary>
    private static readonly int[][] SmallShapes = [[], [1, 1], [0, 5], [3, 17], [1]];

    /// <summary>Shapes of the masked-select cases.</summary>
    private static readonly int[][] MaskShapes = [[33, 130], [257], [], [0, 17], [1, 1], [3, 17]];

    private static IEnumerable<ConformanceCase> Elementwise(HostData data) =>
        [.. BinaryCases(data), .. BinaryGradCases(data), .. UnaryCases(data), .. UnaryGradCases(data), .. WhereCases(data)];

    /// <summary><see cref="ITensorBackend.Binary"/>: the four ops over every broadcast layout (divisors kept away from zero).</summary>
    private static IEnumerable<ConformanceCase> BinaryCases(HostData data)
    {
        foreach (var op in Enum.GetValues<BinaryOp>())
            foreach (var (y, aShape, bShape) in BinaryLayouts)
            {
                float[] a = data.Uniform(Count(aShape)), b = op == BinaryOp.Div ? data.AwayFromZero(Count(bShape)) : data.Uniform(Count(bShape));
                yield return new ConformanceCase(KernelMethods.Binary, $"{op} {Describe(aShape)} (op) {Describe(bShape)} -> {Describe(y)}", run =>
                {
                    var ty = Poisoned(y);
                    run.Backend.Binary(op, Upload(a, aShape), Upload(b, bShape), ty);
                    run.Read("y", ty, Tolerance.Elementwise);
                });
            }
    }

    /// <summary>
    /// <see cref="ITensorBackend.BinaryGrad"/>: each op, each operand, every broadcast layout (a broadcast operand's
    /// gradient is a sum, judged as a reduction), beta cycling 0 (NaN-filled destination), 0.5 and 1.
    /// </summary>
    private static IEnumerable<ConformanceCase> BinaryGradCases(HostData data)
    {
        float[] betas = [0f, 0.5f, 1f];
        int index = 0;
        foreach (var op in Enum.GetValues<BinaryOp>())
            foreach (var (y, aShape, bShape) in BinaryLayouts)
                for (int operand = 0; operand < 2; operand++)
                {
                    float beta = betas[index++ % betas.Length];
                    int[] shape = operand == 0 ? aShape : bShape;
                    float[] a = data.Uniform(Count(aShape)), b = op == BinaryOp.Div ? data.AwayFromZero(Count(bShape)) : data.Uniform(Count(bShape));
                    float[] g = data.Uniform(Count(y)), old = data.Uniform(Count(shape));
                    var tolerance = Count(shape) == Count(y) ? Tolerance.Elementwise : Tolerance.Reduction;
                    int which = operand;
                    yield return new ConformanceCase(KernelMethods.BinaryGrad,
                        $"{op} d/d{(which == 0 ? "a" : "b")} {Describe(aShape)} (op) {Describe(bShape)} -> {Describe(y)} {Beta(beta)}", run =>
                        {
                            var grad = beta == 0f ? Poisoned(shape) : Upload(old, shape);
                            run.Backend.BinaryGrad(op, which, Upload(g, y), Upload(a, aShape), Upload(b, bShape), beta, grad);
                            run.Read("gradInput", grad, tolerance);
                        });
                }
    }

    /// <summary>Inputs in each op's domain: logs and roots mostly positive with exact zeros, clamps hitting both bounds exactly.</summary>
    private static float[] UnaryInput(HostData data, UnaryOp op, float p, float q, int count) => op switch
    {
        UnaryOp.Log or UnaryOp.Sqrt => data.Sprinkle(data.Uniform(count, 0.05f, 4f), 0.02, 0f),
        UnaryOp.Pow when p != MathF.Round(p) => data.Uniform(count, 0.05f, 3f),
        UnaryOp.Exp => data.Uniform(count, -5f, 5f),
        UnaryOp.Sigmoid or UnaryOp.Tanh => data.Uniform(count, -4f, 4f),
        UnaryOp.Clamp => data.Sprinkle(data.Sprinkle(data.Uniform(count), 0.03, p), 0.03, q),
        _ => data.Sprinkle(data.Uniform(count, -2f, 2f), 0.03, 0f),
    };

    /// <summary>
    /// <see cref="ITensorBackend.Unary"/>: every op on [33, 130], in place on [257] (y is x), and on one of the small
    /// shapes (scalar, one element, zero rows).
    /// </summary>
    private static IEnumerable<ConformanceCase> UnaryCases(HostData data)
    {
        int index = 0;
        foreach (var (op, p, q) in UnaryOps)
        {
            foreach (var (shape, inPlace) in new (int[] Shape, bool InPlace)[] { ([33, 130], false), ([257], true), (SmallShapes[index++ % SmallShapes.Length], false) })
            {
                var x = UnaryInput(data, op, p, q, Count(shape));
                yield return new ConformanceCase(KernelMethods.Unary, $"{op}(p={Num(p)}, q={Num(q)}) {Describe(shape)}{(inPlace ? " in place" : "")}", run =>
                {
                    var tx = Upload(x, shape);
                    var ty = inPlace ? tx : Poisoned(shape);
                    run.Backend.Unary(op, tx, p, q, ty);
                    run.Read("y", ty, Tolerance.Elementwise);
                });
            }
        }
    }

    /// <summary>
    /// <see cref="ITensorBackend.UnaryGrad"/>: every op with y = f(x) from the reference, on [33, 130] with beta 0 over NaN,
    /// [257] with beta 0.5, and a small shape with beta 1.
    /// </summary>
    private static IEnumerable<ConformanceCase> UnaryGradCases(HostData data)
    {
        int index = 0;
        foreach (var (op, p, q) in UnaryOps)
        {
            foreach (var (shape, beta) in new (int[] Shape, float Beta)[] { ([33, 130], 0f), ([257], 0.5f), (SmallShapes[index++ % SmallShapes.Length], 1f) })
            {
                var x = UnaryInput(data, op, p, q, Count(shape));
                var y = Unary(op, x, shape, p, q);
                float[] g = data.Uniform(x.Length), old = data.Uniform(x.Length);
                yield return new ConformanceCase(KernelMethods.UnaryGrad, $"{op}(p={Num(p)}, q={Num(q)}) {Describe(shape)} {Beta(beta)}", run =>
                {
                    var grad = beta == 0f ? Poisoned(shape) : Upload(old, shape);
                    run.Backend.UnaryGrad(op, Upload(g, shape), Upload(x, shape), Upload(y, shape), p, q, beta, grad);
                    run.Read("gradInput", grad, Tolerance.Elementwise);
                });
            }
        }
    }

    /// <summary>A mask mixing 0, -0 (false), and 1, -2.5 and NaN (true: not equal to 0).</summary>
    private static float[] MaskValues(HostData data, int count)
    {
        float[] choices = [0f, -0f, 1f, -2.5f, float.NaN];
        var mask = new float[count];
        for (int i = 0; i < count; i++) mask[i] = choices[data.Index(choices.Length)];
        return mask;
    }

    /// <summary>
    /// <see cref="ITensorBackend.Where"/> on every mask shape; <see cref="ITensorBackend.WhereGrad"/> on every mask shape
    /// for both branches, beta cycling 0 (NaN-filled), 0.5 and 1.
    /// </summary>
    private static IEnumerable<ConformanceCase> WhereCases(HostData data)
    {
        foreach (var shape in MaskShapes)
        {
            float[] mask = MaskValues(data, Count(shape)), a = data.Uniform(Count(shape)), b = data.Uniform(Count(shape));
            yield return new ConformanceCase(KernelMethods.Where, Describe(shape), run =>
            {
                var ty = Poisoned(shape);
                run.Backend.Where(Upload(mask, shape), Upload(a, shape), Upload(b, shape), ty);
                run.Read("y", ty, Tolerance.Elementwise);
            });
        }
        float[] betas = [0f, 0.5f, 1f];
        int index = 0;
        foreach (var shape in MaskShapes)
            foreach (bool whereTrue in new[] { true, false })
            {
                float beta = betas[index++ % betas.Length];
                float[] mask = MaskValues(data, Count(shape)), g = data.Uniform(Count(shape)), old = data.Uniform(Count(shape));
                yield return new ConformanceCase(KernelMethods.WhereGrad, $"{Describe(shape)} whereTrue={whereTrue} {Beta(beta)}", run =>
                {
                    var grad = beta == 0f ? Poisoned(shape) : Upload(old, shape);
                    run.Backend.WhereGrad(Upload(mask, shape), Upload(g, shape), whereTrue, beta, grad);
                    run.Read("gradInput", grad, Tolerance.Elementwise);
                });
            }
    }
}
