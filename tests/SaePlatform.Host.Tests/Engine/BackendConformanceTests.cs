using System.CommandLine;
using System.Reflection;
using SaePlatform.Host.Cli;
using SaePlatform.Host.Engine.Conformance;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Backends.SimDevice;
using SaePlatform.Tensors.Cuda;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Sparse;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Host.Tests.Engine;

/// <summary>
/// The backend conformance suite (<c>sae engine check</c>): the simulated device conforms bit for bit, every kernel method
/// of the interface has cases, and a backend wrong in one method is caught and named while the rest pass.
/// </summary>
public sealed class BackendConformanceTests
{
    [Fact]
    public void SimDevice_ExactMode_EveryKernelMethodIsBitIdenticalToCpu()
    {
        var report = new BackendConformance(SimDeviceBackend.Create()) { Exact = true, Seed = 7 }.Run();

        Assert.True(report.Passed, Describe(report));
        Assert.All(report.Methods, m => Assert.True(m.Cases >= 3, $"{m.Method} ran only {m.Cases} cases"));
        Assert.All(report.Methods, m => Assert.Equal(0, m.WorstError));
    }

    [Fact]
    public void CudaBackendKernels_OnIlgpuCpuAccelerator_EveryKernelMethodConformsAndRepeatsItsBits()
    {
        // The CUDA backend's ILGPU kernels, run by ILGPU's CPU accelerator: the same kernel code a GPU runs, checked
        // against the CPU backend within the suite's tolerances, each case twice for determinism.
        using var backend = CudaBackend.CreateOnCpuAccelerator();
        var report = new BackendConformance(backend) { Seed = 11 }.Run();

        Assert.True(report.Passed, Describe(report));
        Assert.All(report.Methods, m => Assert.True(m.Cases >= 3, $"{m.Method} ran only {m.Cases} cases"));
    }

    [Fact]
    public void EngineCheck_Only_ChecksTheNamedMethods_AndRefusesAnUnknownName()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, EngineCommand.Check("simdevice", exact: true, seed: 1, output, error, only: ["Gemm,Unary", "ReluBackward"]));
        var rows = output.ToString().Split('\n').Where(l => l.EndsWith(" pass", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["Gemm", "Unary", "ReluBackward", "ReluBackward(addend)"], rows);

        Assert.Equal(2, EngineCommand.Check("simdevice", exact: true, seed: 1, new StringWriter(), error, only: ["Gemm,NoSuchKernel"]));
        Assert.Contains("no kernel method named NoSuchKernel", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Suite_CoversEveryKernelMethodOfTheInterface_PartialPartsAndBaseInterfacesIncluded()
    {
        // Found here by reflection, independently of the suite's own list: a kernel added to ITensorBackend without a
        // conformance case fails this test.
        var kernels = new[] { typeof(ITensorBackend) }.Concat(typeof(ITensorBackend).GetInterfaces())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => !m.IsSpecialName && m.Name != nameof(ITensorBackend.Allocate))
            .ToList();
        var covered = BackendConformance.CoveredMethods();

        var missing = kernels.Where(m => !covered.Contains(m)).Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})");

        Assert.Empty(missing);
        Assert.True(kernels.Count >= 46, $"only {kernels.Count} kernel methods found by reflection");
        Assert.Equal(2, kernels.Count(m => m.Name == nameof(ITensorBackend.ReluBackward)));
        Assert.Equal(2, kernels.Count(m => m.Name == nameof(ITensorBackend.SumOfSquaresF64)));
        var report = new BackendConformance(SimDeviceBackend.Create()).Run();
        Assert.Equal(kernels.Count, report.Methods.Count);
        Assert.Equal(kernels.Count, report.Methods.Select(m => m.Method).Distinct().Count());
    }

    [Fact]
    public void FaultyUnary_OneElementOffBy1e3Relative_FailsUnaryAloneAndNamesIt()
    {
        var report = new BackendConformance(new PerturbedUnary(SimDeviceBackend.Create())).Run();

        var failed = Assert.Single(report.Failures);
        Assert.Equal("Unary", failed.Method);
        Assert.Contains("y[", failed.Reason, StringComparison.Ordinal);
        Assert.InRange(failed.WorstError, 5e-4, 2e-3);
        Assert.Equal(report.Methods.Count - 1, report.Methods.Count(m => m.Passed));

        // As `sae engine check` prints it (exit code 1): a FAIL row, the reason, and the summary naming the method.
        using var text = new StringWriter();
        EngineCommand.Write(report, text);
        var lines = text.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^Unary\s+45\s+1\.0e-03\s+FAIL$", Assert.Single(lines, l => l.StartsWith("Unary ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("Unary: ", StringComparison.Ordinal) && l.Contains("> 1e-06 (element-wise)", StringComparison.Ordinal));
        Assert.StartsWith($"1 of {report.Methods.Count} kernel methods do not conform: Unary (", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void FaultyTopKSelect_TwoIndicesSwapped_FailsTopKSelectAloneAndNamesIt()
    {
        var report = new BackendConformance(new SwappedTopK(SimDeviceBackend.Create())).Run();

        var failed = Assert.Single(report.Failures);
        Assert.Equal("TopKSelect", failed.Method);
        Assert.Contains("indices[", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(double.PositiveInfinity, failed.WorstError);
        Assert.Equal(report.Methods.Count - 1, report.Methods.Count(m => m.Passed));
    }

    [Fact]
    public void BinaryOneUlpOff_PassesWithinTolerance_FailsExactMode()
    {
        var tolerant = new BackendConformance(new OneUlpBinary(SimDeviceBackend.Create())).Run();
        var exact = new BackendConformance(new OneUlpBinary(SimDeviceBackend.Create())) { Exact = true }.Run();

        Assert.True(tolerant.Passed, Describe(tolerant));
        Assert.InRange(tolerant.Methods.Single(m => m.Method == "Binary").WorstError, 1e-8, 1e-6);
        Assert.Equal("Binary", Assert.Single(exact.Failures).Method);
        Assert.Contains("bits differ", Assert.Single(exact.Failures).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryOneUlpOffOnEverySecondCall_PassesTolerances_FailsAsNotDeterministic()
    {
        var report = new BackendConformance(new FlickeringBinary(SimDeviceBackend.Create())).Run();

        var failed = Assert.Single(report.Failures);
        Assert.Equal("Binary", failed.Method);
        Assert.Contains("not deterministic", failed.Reason, StringComparison.Ordinal);
        Assert.True(new BackendConformance(new FlickeringBinary(SimDeviceBackend.Create())) { CheckDeterminism = false }.Run().Passed);
    }

    [Fact]
    public void EngineCheck_SimDevice_InProcess_PrintsTheTableAndExitsZero()
    {
        var (code, output, error) = Invoke("engine", "check", "--device", "simdevice", "--seed", "3");

        Assert.True(code == ExitCodes.Success, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("simdevice", lines[0], StringComparison.Ordinal);
        Assert.Contains("seed 3, tolerance mode", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^method\s+cases\s+worst error\s+verdict$", lines[1]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^SparseTransposeMatMul\s+\d+\s+\S+\s+pass$"));
        Assert.DoesNotContain(lines, l => l.EndsWith("FAIL", StringComparison.Ordinal));
        Assert.StartsWith($"All {KernelMethods.OfInterface().Count} kernel methods conform", lines[^1], StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public void EngineCheck_UnknownDevice_ExitsTwoNamingTheValidOnes()
    {
        var (code, output, error) = Invoke("engine", "check", "--device", "tpu");

        Assert.Equal(ExitCodes.UsageOrConfigError, code);
        Assert.Contains("'tpu'", error, StringComparison.Ordinal);
        Assert.Contains("cpu, simdevice", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { EngineCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }

    private static string Describe(ConformanceReport report) =>
        string.Join("\n", report.Failures.Select(m => $"{m.Method}: {m.Reason}"));

    /// <summary>Perturbs the largest finite element of every Unary result by 1e-3 of its magnitude.</summary>
    private sealed class PerturbedUnary(ITensorBackend inner) : ForwardingBackend(inner)
    {
        public override void Unary(UnaryOp op, Tensor x, float p, float q, Tensor y)
        {
            base.Unary(op, x, p, q, y);
            var values = y.ToArray();
            int worst = -1;
            for (int i = 0; i < values.Length; i++)
                if (float.IsFinite(values[i]) && values[i] != 0 && (worst < 0 || Math.Abs(values[i]) > Math.Abs(values[worst]))) worst = i;
            if (worst < 0) return;
            values[worst] += 1e-3f * Math.Abs(values[worst]);
            y.CopyFrom(values);
        }
    }

    /// <summary>Swaps the first two different indices TopKSelect writes.</summary>
    private sealed class SwappedTopK(ITensorBackend inner) : ForwardingBackend(inner)
    {
        public override void TopKSelect(Tensor scores, int k, Tensor? columnScale, IndexTensor? candidates, IndexTensor indices)
        {
            base.TopKSelect(scores, k, columnScale, candidates, indices);
            var values = indices.ToArray();
            for (int i = 1; i < values.Length; i++)
                if (values[i] != values[0])
                {
                    (values[0], values[i]) = (values[i], values[0]);
                    indices.DeviceBits!.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(values.AsSpan()));
                    return;
                }
        }
    }

    /// <summary>Moves every nonzero Binary result one ulp away from zero: within any tolerance, never bit-identical.</summary>
    private sealed class OneUlpBinary(ITensorBackend inner) : ForwardingBackend(inner)
    {
        public override void Binary(BinaryOp op, Tensor a, Tensor b, Tensor y)
        {
            base.Binary(op, a, b, y);
            var values = y.ToArray();
            for (int i = 0; i < values.Length; i++)
                if (float.IsFinite(values[i]) && values[i] != 0) values[i] = MathF.BitIncrement(Math.Abs(values[i])) * Math.Sign(values[i]);
            y.CopyFrom(values);
        }
    }

    /// <summary>Like <see cref="OneUlpBinary"/> on every second call only: what float atomics do to a reduction.</summary>
    private sealed class FlickeringBinary(ITensorBackend inner) : ForwardingBackend(inner)
    {
        private int _calls;

        public override void Binary(BinaryOp op, Tensor a, Tensor b, Tensor y)
        {
            base.Binary(op, a, b, y);
            if (_calls++ % 2 == 0) return;
            var values = y.ToArray();
            for (int i = 0; i < values.Length; i++)
                if (float.IsFinite(values[i]) && values[i] != 0) values[i] = MathF.BitIncrement(Math.Abs(values[i])) * Math.Sign(values[i]);
            y.CopyFrom(values);
        }
    }

    /// <summary>
    /// Forwards every member to another backend; a test overrides the one it breaks. Written out (rather than generated
    /// with DispatchProxy) so that a change to the interface shows here at compile time.
    /// </summary>
    private class ForwardingBackend(ITensorBackend inner) : ITensorBackend
    {
        public string Name => "faulty " + inner.Name;
        public TensorDevice Device => inner.Device;
        public TensorStorage Allocate(int length, bool persistent) => inner.Allocate(length, persistent);
        public virtual void Gemm(bool transposeA, bool transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) =>
            inner.Gemm(transposeA, transposeB, alpha, a, b, beta, c);
        public virtual void Binary(BinaryOp op, Tensor a, Tensor b, Tensor y) => inner.Binary(op, a, b, y);
        public void BinaryGrad(BinaryOp op, int operand, Tensor gradOutput, Tensor a, Tensor b, float beta, Tensor gradInput) =>
            inner.BinaryGrad(op, operand, gradOutput, a, b, beta, gradInput);
        public virtual void Unary(UnaryOp op, Tensor x, float p, float q, Tensor y) => inner.Unary(op, x, p, q, y);
        public void UnaryGrad(UnaryOp op, Tensor gradOutput, Tensor x, Tensor y, float p, float q, float beta, Tensor gradInput) =>
            inner.UnaryGrad(op, gradOutput, x, y, p, q, beta, gradInput);
        public void Where(Tensor mask, Tensor a, Tensor b, Tensor y) => inner.Where(mask, a, b, y);
        public void WhereGrad(Tensor mask, Tensor gradOutput, bool whereTrue, float beta, Tensor gradInput) => inner.WhereGrad(mask, gradOutput, whereTrue, beta, gradInput);
        public long BiasRelu(Tensor y, Tensor? bias, Tensor? rowCounts) => inner.BiasRelu(y, bias, rowCounts);
        public void ReluBackward(Tensor gradOutput, Tensor y, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
            inner.ReluBackward(gradOutput, y, gradInput, biasGrad, biasBeta);
        public void ReluBackward(Tensor? gradOutput, Tensor y, Tensor addend, float addendScale, Tensor gradInput, Tensor? biasGrad, float biasBeta) =>
            inner.ReluBackward(gradOutput, y, addend, addendScale, gradInput, biasGrad, biasBeta);
        public void SquaredErrorSum(Tensor a, Tensor b, float alpha, Tensor y) => inner.SquaredErrorSum(a, b, alpha, y);
        public void SquaredErrorGrad(Tensor a, Tensor b, Tensor gradOutput, float alpha, Tensor? gradA, float betaA, Tensor? gradB, float betaB) =>
            inner.SquaredErrorGrad(a, b, gradOutput, alpha, gradA, betaA, gradB, betaB);
        public void GatedMagnitudeForward(Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor features) =>
            inner.GatedMagnitudeForward(gate, bGate, rMag, bMag, features);
        public void GatedMagnitudeBackward(Tensor gradFeatures, Tensor gate, Tensor bGate, Tensor rMag, Tensor bMag, Tensor? gradGate, float betaGate,
            Tensor? gradBGate, float betaBGate, Tensor? gradRMag, float betaRMag, Tensor? gradBMag, float betaBMag) =>
            inner.GatedMagnitudeBackward(gradFeatures, gate, bGate, rMag, bMag, gradGate, betaGate, gradBGate, betaBGate, gradRMag, betaRMag, gradBMag, betaBMag);
        public void GatherRows(Tensor x, IndexTensor rows, Tensor y) => inner.GatherRows(x, rows, y);
        public void ScatterAddRows(Tensor x, IndexTensor rows, Tensor y) => inner.ScatterAddRows(x, rows, y);
        public void GatherColumns(Tensor x, IndexTensor columns, Tensor y) => inner.GatherColumns(x, columns, y);
        public void ScatterAddColumns(Tensor x, IndexTensor columns, Tensor y) => inner.ScatterAddColumns(x, columns, y);
        public void FillSequence(IndexTensor indices, int step) => inner.FillSequence(indices, step);
        public void L2Norm(Tensor x, Tensor y) => inner.L2Norm(x, y);
        public void L2NormGrad(Tensor x, Tensor norm, Tensor gradOutput, float beta, Tensor gradInput) => inner.L2NormGrad(x, norm, gradOutput, beta, gradInput);
        public void AdamStep(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, in AdamStepScalars scalars) =>
            inner.AdamStep(parameter, gradient, expAvg, expAvgSq, scalars);
        public void SgdStep(Tensor parameter, Tensor gradient, Tensor? momentumBuffer, in SgdStepScalars scalars) => inner.SgdStep(parameter, gradient, momentumBuffer, scalars);
        public double SumOfSquaresF64(Tensor tensor) => inner.SumOfSquaresF64(tensor);
        public void SumOfSquaresF64(IReadOnlyList<Tensor> tensors, Tensor result) => inner.SumOfSquaresF64(tensors, result);
        public void ScaleInPlace(Tensor tensor, float factor) => inner.ScaleInPlace(tensor, factor);
        public void RowL2Norms(Tensor matrix, Tensor norms) => inner.RowL2Norms(matrix, norms);
        public void NormalizeRowsInPlace(Tensor matrix, float norm) => inner.NormalizeRowsInPlace(matrix, norm);
        public void RemoveParallelRowComponent(Tensor weight, Tensor gradient) => inner.RemoveParallelRowComponent(weight, gradient);
        public void ReduceSum(Tensor x, float alpha, float beta, Tensor y) => inner.ReduceSum(x, alpha, beta, y);
        public void Expand(Tensor x, float alpha, float beta, Tensor y) => inner.Expand(x, alpha, beta, y);
        public void Dot(Tensor a, Tensor b, float scale, Tensor y) => inner.Dot(a, b, scale, y);
        public void ReconstructionStatistics(Tensor x, Tensor xHat, Tensor result) => inner.ReconstructionStatistics(x, xHat, result);
        public void GhostGradScales(Tensor residual, Tensor ghost, double epsilon, Tensor scale, Tensor residualMse) =>
            inner.GhostGradScales(residual, ghost, epsilon, scale, residualMse);
        public void DivideF64(Tensor numerator, Tensor denominator, double epsilon, Tensor result) => inner.DivideF64(numerator, denominator, epsilon, result);
        public void CountNonZeroColumns(Tensor x, Tensor counts) => inner.CountNonZeroColumns(x, counts);
        public void SparseCountNonZero(SparseRows pattern, Tensor values, Tensor counts) => inner.SparseCountNonZero(pattern, values, counts);
        public virtual void TopKSelect(Tensor scores, int k, Tensor? columnScale, IndexTensor? candidates, IndexTensor indices) => inner.TopKSelect(scores, k, columnScale, candidates, indices);
        public void BatchTopKSelect(Tensor h, int count, IndexTensor rowOffsets, IndexTensor indices, Tensor smallest) =>
            inner.BatchTopKSelect(h, count, rowOffsets, indices, smallest);
        public void SelectPositive(Tensor y, Tensor rowCounts, int count, out IndexTensor rowOffsets, out IndexTensor indices) => inner.SelectPositive(y, rowCounts, count, out rowOffsets, out indices);
        public void SparseGather(Tensor dense, SparseRows pattern, bool relu, Tensor values) => inner.SparseGather(dense, pattern, relu, values);
        public void SparseScatterAdd(SparseRows pattern, Tensor values, Tensor dense) => inner.SparseScatterAdd(pattern, values, dense);
        public void SparseReluGrad(Tensor grad, Tensor values, Tensor result) => inner.SparseReluGrad(grad, values, result);
        public void SparseMatMul(SparseRows pattern, Tensor values, Tensor w, bool transposeW, Tensor? bias, float beta, Tensor result) =>
            inner.SparseMatMul(pattern, values, w, transposeW, bias, beta, result);
        public void SparseRowDots(SparseRows pattern, Tensor dense, Tensor w, float beta, Tensor result) => inner.SparseRowDots(pattern, dense, w, beta, result);
        public void SparseTransposeMatMul(SparseRows pattern, Tensor values, Tensor dense, bool transposeResult, float beta, Tensor result) =>
            inner.SparseTransposeMatMul(pattern, values, dense, transposeResult, beta, result);
        public void SparseColumnSums(SparseRows pattern, Tensor values, float beta, Tensor result) => inner.SparseColumnSums(pattern, values, beta, result);
        public void JumpReluForward(Tensor h, Tensor threshold, bool step, Tensor result) => inner.JumpReluForward(h, threshold, step, result);
        public void JumpReluBackward(Tensor h, Tensor threshold, float bandwidth, bool step, Tensor grad, Tensor? gradH, float betaH, Tensor? gradThreshold, float betaThreshold) =>
            inner.JumpReluBackward(h, threshold, bandwidth, step, grad, gradH, betaH, gradThreshold, betaThreshold);
    }
}
