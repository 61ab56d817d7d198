using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary><c>sae init --data rows.npy</c>: a starter config sized for the file, that trains as written.</summary>
public sealed class InitCommandTests
{
    private static void WriteNpy(string path, long[] shape, bool fortran = false)
    {
        using var file = File.Create(path);
        NpyFile.WriteHeader(file, "<f4", shape);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var rng = new Random(3);
        var buffer = new byte[4];
        for (long i = 0; i < n; i++)
        {
            BitConverter.TryWriteBytes(buffer, (float)rng.NextDouble());
            file.Write(buffer);
        }
        if (fortran)
        {
            file.Position = 0;
            var header = new byte[128];
            file.ReadExactly(header.AsSpan(0, 64));
            var text = System.Text.Encoding.Latin1.GetString(header, 0, 64).Replace("'fortran_order': False", "'fortran_order': True ");
            file.Position = 0;
            file.Write(System.Text.Encoding.Latin1.GetBytes(text));
        }
    }

    [Fact]
    public void Init_ThreeDimensionalNpy_WritesASizedConfigThatValidates()
    {
        var dir = Repository.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "acts"));
        WriteNpy(Path.Combine(dir, "acts", "resid.npy"), [10, 100, 96]);

        var result = SaeProcess.Run(dir, "init", "--data", "acts/resid.npy", "--output", "cfg.yaml");

        Assert.True(result.ExitCode == 0, result.All);
        var yaml = File.ReadAllText(Path.Combine(dir, "cfg.yaml"));
        Assert.Contains("1,000 rows x 96 (<f4)", yaml);
        Assert.Contains("path: 'acts/resid.npy'", yaml);
        Assert.Matches(@"d_sae: 768\s+# 8 x d_in", yaml);
        Assert.Contains("type: topk", yaml);
        var dryRun = SaeProcess.Run(dir, "train", "cfg.yaml", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.All);
    }

    [Fact]
    public void Init_ExistingConfig_RefusesWithoutForce()
    {
        var dir = Repository.NewTempDirectory();
        WriteNpy(Path.Combine(dir, "rows.npy"), [100, 8]);
        File.WriteAllText(Path.Combine(dir, "sae.yaml"), "mine");

        var result = SaeProcess.Run(dir, "init", "--data", "rows.npy");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--force", result.StdErr);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "sae.yaml")));
    }

    [Fact]
    public void Init_FortranOrder_Exit3NamingTheFix()
    {
        var dir = Repository.NewTempDirectory();
        WriteNpy(Path.Combine(dir, "rows.npy"), [100, 8], fortran: true);

        var result = SaeProcess.Run(dir, "init", "--data", "rows.npy");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("numpy.ascontiguousarray", result.StdErr);
        Assert.False(File.Exists(Path.Combine(dir, "sae.yaml")));
    }
}
