using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Tensors.Tests.Randomness;

public sealed class SaeRandomTests
{
    [Fact]
    public void Philox_Random123KnownAnswers_Match()
    {
        // Random123 kat_vectors, "philox4x32 10".
        Assert.Equal((0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u), Philox4x32.Block(0, 0, 0, 0, 0, 0));
        Assert.Equal((0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu),
            Philox4x32.Block(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff));
    }

    [Fact]
    public void NextUInt32_SeedZero_ReturnsPhiloxBlockZeroWordsInOrder()
    {
        var rng = new SaeRandom(0);
        Assert.Equal([0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u], new[] { rng.NextUInt32(), rng.NextUInt32(), rng.NextUInt32(), rng.NextUInt32() });
    }

    private static float[] Draw(SaeRandom rng)
    {
        var a = new float[1001];
        rng.Uniform(a, -2, 3);
        var b = new float[333];
        rng.Normal(b, 1, 2);
        return [.. a, .. b, rng.NextSingle(), (float)rng.NextDouble(), rng.NextInt(1000), (float)rng.NextNormal()];
    }

    [Fact]
    public void SameSeed_TwoGenerators_IdenticalBits()
    {
        Assert.Equal(Draw(new SaeRandom(1234)), Draw(new SaeRandom(1234)));
    }

    [Fact]
    public void DifferentSeedsOrStreams_DrawDifferentNumbers()
    {
        var a = Draw(new SaeRandom(1));
        Assert.NotEqual(a, Draw(new SaeRandom(2)));
        Assert.NotEqual(a, Draw(new SaeRandom(1, stream: 1)));
        Assert.NotEqual(a, Draw(new SaeRandom(1).Fork(0)));
        Assert.NotEqual(Draw(new SaeRandom(1).Fork(1).Fork(2)), Draw(new SaeRandom(1).Fork(2).Fork(1)));
        Assert.NotEqual(Draw(new SaeRandom(1).Derive("init/W_dec")), Draw(new SaeRandom(1).Derive("init/W_enc")));
    }

    [Fact]
    public void ForkAndDerive_IndependentOfParentConsumption()
    {
        var used = new SaeRandom(7);
        Draw(used);
        Assert.Equal(Draw(new SaeRandom(7).Fork(5)), Draw(used.Fork(5)));
        Assert.Equal(Draw(new SaeRandom(7).Derive("data")), Draw(used.Derive("data")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fill_ParallelSerialOrPiecewise_GivesIdenticalBits(bool normal)
    {
        const int n = 1 << 20;
        void Fill(SaeRandom r, Span<float> s, int dop)
        {
            if (normal) r.FillNormal(s, 0, 1, dop);
            else r.FillUniform(s, -1, 1, dop);
        }
        float[] serial = new float[n], two = new float[n], all = new float[n], pieces = new float[n];
        var r1 = new SaeRandom(99); r1.NextUInt32(); // start mid-block: fills realign to the next block
        var r2 = new SaeRandom(99); r2.NextUInt32();
        var r3 = new SaeRandom(99); r3.NextUInt32();
        var r4 = new SaeRandom(99); r4.NextUInt32();
        Fill(r1, serial, 1);
        Fill(r2, two, 2);
        Fill(r3, all, -1);
        for (int start = 0; start < n; start += 1000) Fill(r4, pieces.AsSpan(start, Math.Min(1000, n - start)), 1);
        Assert.Equal(serial, two);
        Assert.Equal(serial, all);
        // Pieces of 1000 (a multiple of 4) consume whole blocks, so they reproduce the single fill.
        Assert.Equal(serial, pieces);
        Assert.Equal(r1.NextUInt32(), r3.NextUInt32());
    }

    [Fact]
    public void Uniform_MillionSamples_MeanAndVarianceMatchTheory()
    {
        var x = new float[1_000_000];
        new SaeRandom(5).Uniform(x, 2f, 4f);
        double mean = 0, var = 0;
        foreach (var v in x) { Assert.InRange(v, 2f, 4f); mean += v; }
        mean /= x.Length;
        foreach (var v in x) var += (v - mean) * (v - mean);
        var /= x.Length;
        // Theory: mean 3, variance (4 - 2)^2 / 12; tolerances are about 5 standard errors.
        Assert.Equal(3.0, mean, 0.003);
        Assert.Equal(4.0 / 12, var, 0.0015);
    }

    [Fact]
    public void Normal_MillionSamples_MeanStdAndTailsMatchTheory()
    {
        var x = new float[1_000_000];
        new SaeRandom(6).Normal(x, -1f, 2f);
        double mean = 0, var = 0;
        int beyond2 = 0;
        foreach (var v in x) mean += v;
        mean /= x.Length;
        foreach (var v in x) { var += (v - mean) * (v - mean); if (Math.Abs(v + 1) > 4) beyond2++; }
        double std = Math.Sqrt(var / x.Length);
        Assert.Equal(-1.0, mean, 0.01);
        Assert.Equal(2.0, std, 0.008);
        // P(|z| > 2) = 0.0455; standard error over 1e6 samples is about 2.1e-4.
        Assert.Equal(0.0455, beyond2 / (double)x.Length, 0.0012);
    }

    [Fact]
    public void ExportImportState_MidBlock_ContinuesTheSameSequence()
    {
        var rng = new SaeRandom(31, 4);
        Draw(rng);
        rng.NextUInt32(); // leave the position inside a block
        var state = rng.ExportState();
        var expected = Draw(rng);
        Assert.Equal(expected, Draw(SaeRandom.FromState(state)));
        Assert.Equal(state, SaeRandom.FromState(state).ExportState());
    }

    [Fact]
    public void NextInt_SmallRange_UniformWithinStatisticalTolerance()
    {
        var rng = new SaeRandom(8);
        var counts = new int[10];
        for (int i = 0; i < 100_000; i++) counts[rng.NextInt(10)]++;
        // Each count ~ Binomial(1e5, 0.1): sd about 95.
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 500, 10_000 + 500));
        for (int i = 0; i < 1000; i++) Assert.InRange(rng.NextInt(-3, 4), -3, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }

    [Fact]
    public void NextDouble_Range_IsHalfOpenUnitInterval()
    {
        var rng = new SaeRandom(9);
        double sum = 0;
        for (int i = 0; i < 100_000; i++) { double d = rng.NextDouble(); Assert.InRange(d, 0.0, 0.9999999999999999); sum += d; }
        Assert.Equal(0.5, sum / 100_000, 0.005);
    }

    [Fact]
    public void Permutation_Seeded_IsAPermutationAndReproducible()
    {
        var p = new SaeRandom(10).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), p.Order());
        Assert.Equal(p, new SaeRandom(10).Permutation(1000));
        Assert.NotEqual(p, new SaeRandom(11).Permutation(1000));
        Assert.Empty(new SaeRandom(1).Permutation(0));
    }

    [Fact]
    public void Shuffle_ThreeItems_AllSixOrdersEquallyLikely()
    {
        var rng = new SaeRandom(12);
        var counts = new Dictionary<int, int>();
        Span<int> items = stackalloc int[3];
        for (int i = 0; i < 60_000; i++)
        {
            items[0] = 0; items[1] = 1; items[2] = 2;
            rng.Shuffle(items);
            int key = items[0] * 9 + items[1] * 3 + items[2];
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(6, counts.Count);
        // Each ~ Binomial(60000, 1/6): sd about 91.
        Assert.All(counts.Values, c => Assert.InRange(c, 10_000 - 460, 10_000 + 460));
    }
}
