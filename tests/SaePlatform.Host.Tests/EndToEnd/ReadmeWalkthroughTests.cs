using System.Text.RegularExpressions;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>README's "Train on your own activations": its config is accepted as written, next to an .npy.</summary>
public sealed class ReadmeWalkthroughTests
{
    [Fact]
    public void WalkthroughConfig_NextToAnNpy_ValidatesAsWritten()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var section = readme[readme.IndexOf("## Train on your own activations", StringComparison.Ordinal)..];
        var yaml = Regex.Match(section, @"```yaml\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var dir = Repository.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "my_sae.yaml"), Regex.Replace(yaml, "^   ", "", RegexOptions.Multiline));
        using (var npy = File.Create(Path.Combine(dir, "acts.npy")))
        {
            NpyFile.WriteHeader(npy, "<f4", [256, 16]);
            var rng = new Random(1);
            var row = new byte[16 * 4];
            for (var r = 0; r < 256; r++)
            {
                for (var c = 0; c < 16; c++) BitConverter.TryWriteBytes(row.AsSpan(c * 4), (float)rng.NextDouble());
                npy.Write(row);
            }
        }

        var result = SaeProcess.Run(dir, "train", "my_sae.yaml", "--dry-run");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("type: topk", result.StdOut);
        Assert.Contains("target_l0: 32", result.StdOut);
    }
}
