using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.Operations.OpInputs;
using static SaePlatform.Tensors.Tests.Operations.SparseReference;

namespace SaePlatform.Tensors.Tests.Operations;

public sealed class GatedMagnitudeTests
{
    /// <summary>Gate activity (a ReLU output: about half zeros) and the three per-feature vectors.</summary>
    private static (float[] G, float[] BGate, float[] RMag, float[] BMag) Data(int rows, int n, int seed)
    {
        var g = Reference.RandomArray(rows * n, seed);
        for (int i = 0; i < g.Length; i++) g[i] = Math.Max(0f, g[i]);
        var bGate = Reference.RandomArray(n, seed + 1, 0.3f);
        var rMag = Reference.RandomArray(n, seed + 2, 0.5f);
        var bMag = Reference.RandomArray(n, seed + 3, 0.3f);
        return (g, bGate, rMag, bMag);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 17)]
    [InlineData(33, 300)]
    [InlineData(70, 1037)] // several row blocks in parallel, vector and scalar columns
    public void GatedMagnitude_ForwardAndGradients_MatchFloat64Formula(int rows, int n)
    {
        using var scope = Scope();
        var (gData, bgData, rData, bmData) = Data(rows, n, rows * 31 + n);
        var g = Leaf(gData, rows, n);
        var bGate = Leaf(bgData, n);
        var rMag = Leaf(rData, n);
        var bMag = Leaf(bmData, n);

        var f = Ops.GatedMagnitude(g, bGate, rMag, bMag);
        var fs = f.ToArray();
        for (int i = 0; i < gData.Length; i++)
        {
            int j = i % n;
            double mag = (gData[i] - (double)bgData[j]) * Math.Exp(rData[j]) + bmData[j];
            double expected = gData[i] > 0 ? Math.Max(0, mag) : 0;
            AssertClose(expected, fs[i], 1e-6, $"f[{i}]");
        }

        var r = BackwardWithProjection(f, 5);
        var dg = new double[gData.Length];
        double[] dbMag = new double[n], drMag = new double[n], dbGate = new double[n];
        for (int i = 0; i < gData.Length; i++)
        {
            if (fs[i] <= 0) continue; // closed gate or negative magnitude: no gradient anywhere
            int j = i % n;
            double e = Math.Exp(rData[j]);
            dg[i] = r[i] * e;
            dbMag[j] += r[i];
            drMag[j] += r[i] * (gData[i] - (double)bgData[j]) * e;
            dbGate[j] -= r[i] * e;
        }
        for (int i = 0; i < gData.Length; i++) AssertClose(dg[i], g.Grad![i], 1e-6, $"dg[{i}]");
        for (int j = 0; j < n; j++)
        {
            AssertClose(dbMag[j], bMag.Grad![j], 1e-5, $"db_mag[{j}]");
            AssertClose(drMag[j], rMag.Grad![j], 1e-5, $"dr_mag[{j}]");
            AssertClose(dbGate[j], bGate.Grad![j], 1e-5, $"db_gate[{j}]");
        }
    }

    [Fact]
    public void GatedMagnitude_AwayFromKinks_GradientsMatchFiniteDifferences()
    {
        // Gate activity well inside the open region and magnitudes away from zero, so no step straddles a kink.
        float[] g = [0.9f, 0.7f, 1.1f, 0.8f, 1.3f, 0.6f, 0.75f, 1.2f];
        float[] bGate = [0.1f, -0.2f, 0.05f, 0.15f];
        float[] rMag = [0.2f, -0.3f, 0.1f, 0.4f];
        float[] bMag = [0.3f, 0.2f, -0.1f, 0.25f];
        GradCheck.Check(t => Ops.GatedMagnitude(t[0], t[1], t[2], t[3]), [g, bGate, rMag, bMag], [[2, 4], [4], [4], [4]]);
    }

    /// <summary>
    /// The fused encoder (LinearRelu then GatedMagnitude) against the paper's composition of plain ops:
    /// h = (x - b_dec) W_enc, f = Step(h + b_gate) * ReLU(h * exp(r_mag) + b_mag), with the gate activity
    /// ReLU(h + b_gate) also feeding a second loss term, as the gated SAE's auxiliary loss does.
    /// </summary>
    [Fact]
    public void GatedEncoder_FusedAndComposedOps_AgreeInValuesAndGradients()
    {
        const int rows = 37, dIn = 19, dSae = 53;
        var x = Reference.RandomArray(rows * dIn, 1);
        var w = Reference.RandomArray(dIn * dSae, 2, 0.4f);
        var bDec = Reference.RandomArray(dIn, 3, 0.2f);
        var bGate = Reference.RandomArray(dSae, 4, 0.2f);
        var rMag = Reference.RandomArray(dSae, 5, 0.5f);
        var bMag = Reference.RandomArray(dSae, 6, 0.2f);
        var project = Reference.RandomArray(rows * dSae, 7);
        var projectGate = Reference.RandomArray(rows * dSae, 8);

        (float[] F, float[][] Grads) Run(bool fused)
        {
            using var scope = Scope();
            var xs = Tensor.FromArray(x, rows, dIn);
            Tensor[] p = [Leaf(w, dIn, dSae), Leaf(bDec, dIn), Leaf(bGate, dSae), Leaf(rMag, dSae), Leaf(bMag, dSae)];
            Tensor f, gate;
            if (fused)
            {
                gate = Ops.LinearRelu(xs, p[0], p[2], center: p[1]);
                f = Ops.GatedMagnitude(gate, p[2], p[3], p[4]);
            }
            else
            {
                var h = Ops.MatMul(Ops.Sub(xs, p[1]), p[0]);
                var piGate = Ops.Add(h, p[2]);
                gate = Ops.Relu(piGate);
                f = Ops.Mul(Ops.Step(piGate, Tensor.Zeros(dSae)), Ops.Relu(Ops.Add(Ops.Mul(h, Ops.Exp(p[3])), p[4])));
            }
            var loss = Ops.Add(Ops.Sum(Ops.Mul(f, Tensor.FromArray(project, rows, dSae))),
                Ops.Sum(Ops.Mul(gate, Tensor.FromArray(projectGate, rows, dSae))));
            loss.Backward();
            return (f.ToArray(), p.Select(t => t.Grad!.ToArray()).ToArray());
        }

        var a = Run(fused: true);
        var b = Run(fused: false);
        for (int i = 0; i < a.F.Length; i++) AssertClose(b.F[i], a.F[i], 1e-5, $"f[{i}]");
        string[] names = ["W_enc", "b_dec", "b_gate", "r_mag", "b_mag"];
        for (int k = 0; k < names.Length; k++)
            for (int i = 0; i < a.Grads[k].Length; i++)
                AssertClose(b.Grads[k][i], a.Grads[k][i], 1e-4, $"d{names[k]}[{i}]");
    }

    [Fact]
    public void GatedMagnitude_LargeInput_BitIdenticalAcrossRuns()
    {
        (int[] F, int[] Dg, int[] Dr, int[] Db) Run()
        {
            using var scope = Scope();
            var (gData, bgData, rData, bmData) = Data(300, 777, 9);
            var g = Leaf(gData, 300, 777);
            var rMag = Leaf(rData, 777);
            var bMag = Leaf(bmData, 777);
            var f = Ops.GatedMagnitude(g, Tensor.FromArray(bgData, 777), rMag, bMag);
            BackwardWithProjection(f, 3);
            return (Bits(f), Bits(g.Grad!), Bits(rMag.Grad!), Bits(bMag.Grad!));
        }
        var first = Run();
        var second = Run();
        Assert.Equal(first.F, second.F);
        Assert.Equal(first.Dg, second.Dg);
        Assert.Equal(first.Dr, second.Dr);
        Assert.Equal(first.Db, second.Db);
    }

    [Fact]
    public void GatedMagnitude_NaNGateActivity_GivesNaNFeatures()
    {
        // 11 columns: one vector of 8 and a scalar tail, NaN in both; closed gates (0) still give exactly 0.
        using var scope = Scope();
        var g = new float[11];
        g[2] = float.NaN; g[9] = float.NaN; g[4] = 0.5f; g[10] = 0.7f;
        var f = Ops.GatedMagnitude(Tensor.FromArray(g, 1, 11), Tensor.Zeros(11), Tensor.Zeros(11), Tensor.Zeros(11));
        for (int j = 0; j < 11; j++)
        {
            if (float.IsNaN(g[j])) Assert.True(float.IsNaN(f[0, j]), $"column {j}");
            else Assert.Equal(g[j], f[0, j]); // b_gate = b_mag = r_mag = 0: f = ReLU(g) = g
        }
    }

    [Fact]
    public void GatedMagnitude_VectorOfWrongWidth_ThrowsNamingIt()
    {
        using var scope = Scope();
        var rMag = Tensor.Persistent(4);
        rMag.Name = "r_mag";
        var ex = Assert.Throws<ArgumentException>(() => Ops.GatedMagnitude(Tensor.Zeros(2, 3), Tensor.Zeros(3), rMag, Tensor.Zeros(3)));
        Assert.Contains("r_mag", ex.Message);
    }
}
