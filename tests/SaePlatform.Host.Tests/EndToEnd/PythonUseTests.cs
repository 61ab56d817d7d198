using System.Globalization;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>What a Python user does with our outputs: the README's numpy snippet, and sparse codes read with numpy.</summary>
public sealed class PythonUseTests
{
    private static string Quickstart => Path.Combine(Repository.Root, "configs", "quickstart.yaml");

    private static (string Dir, string Sae) TrainQuickstart()
    {
        var dir = Repository.NewTempDirectory();
        var result = SaeProcess.Run(dir, "train", Quickstart, "--set", "training.steps=60", "--set", "run.output_dir=out",
            "--set", "training.batch_size=256", "--set", "data.rows=20000", "--set", "training.lr_warmup_steps=0", "--set", "visualizers=[]");
        Assert.True(result.ExitCode == 0, result.All);
        return (dir, Path.Combine(dir, "out", "quickstart", "synthetic"));
    }

    private static string WriteRows(string dir, int rows, int width, int seed)
    {
        var rng = new Random(seed);
        var values = new float[rows * width];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1) * (i % 9 == 0 ? 2f : 0.4f);
        var path = Path.Combine(dir, "rows.npy");
        NpyFile.Write(path, Tensor.FromArray(values, rows, width));
        return path;
    }

    [NumpyFact]
    public void ReadmeNumpySnippet_RunsOnATrainedSaeAndGivesTheSameErrorAsSaeEncode()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        int marker = readme.IndexOf("<!-- tested: python-numpy", StringComparison.Ordinal);
        Assert.True(marker >= 0, "README.md has no tested python-numpy block");
        int start = readme.IndexOf("```python\n", marker, StringComparison.Ordinal) + "```python\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var snippet = readme[start..end];

        var (dir, sae) = TrainQuickstart();
        WriteRows(dir, 200, 64, 5);
        var encoded = SaeProcess.Run(dir, "encode", sae, "--input", "rows.npy", "--reconstruct", "xhat.npy");
        Assert.True(encoded.ExitCode == 0, encoded.All);

        // The snippet as a user runs it from the repository root, with their paths in place of the examples.
        var script = snippet
            .Replace("\"docs/python\"", "\"" + Path.Combine(Repository.Root, "docs", "python") + "\"", StringComparison.Ordinal)
            .Replace("\"results/saes/quickstart/synthetic\"", "\"" + sae + "\"", StringComparison.Ordinal)
            .Replace("\"rows.npy\"", "\"" + Path.Combine(dir, "rows.npy") + "\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "snippet.py"), script);
        var run = Python.Run(Python.With("numpy")!, [Path.Combine(dir, "snippet.py")]);
        Assert.True(run.ExitCode == 0, run.All);

        var printed = run.StdOut.Trim().Split(' ');
        Assert.Equal("(200, 512)", printed[0] + " " + printed[1]);
        double theirs = double.Parse(printed[2], CultureInfo.InvariantCulture);
        var rows = NpyFile.Read(Path.Combine(dir, "rows.npy"));
        var xHat = NpyFile.Read(Path.Combine(dir, "xhat.npy"));
        double ours = 0;
        for (int r = 0; r < 200; r++)
            for (int j = 0; j < 64; j++) ours += Math.Pow(rows[r, j] - xHat[r, j], 2);
        ours /= 200;
        Assert.Equal(ours, theirs, ours * 1e-4);
    }

    [NumpyFact]
    public void EncodeToNpz_ManyBlocks_ScipyStyleCsrEqualsTheDenseCodes()
    {
        var (dir, sae) = TrainQuickstart();
        WriteRows(dir, 9000, 64, 8);   // d_sae 512: blocks of 4,096 rows, so three blocks
        foreach (var (output, top) in new[] { ("all", "0"), ("top", "3") })
        {
            var dense = SaeProcess.Run(dir, "encode", sae, "--input", "rows.npy", "--output", output + ".npy", "--top", top);
            var sparse = SaeProcess.Run(dir, "encode", sae, "--input", "rows.npy", "--output", output + ".npz", "--top", top);
            Assert.True(dense.ExitCode == 0, dense.All);
            Assert.True(sparse.ExitCode == 0, sparse.All);
        }
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));

        const string check = """
            import sys, numpy as np
            for name, top in (("all", 0), ("top", 3)):
                z = np.load(name + ".npz")
                assert sorted(z.files) == ["indices", "row_offsets", "shape", "values"], z.files
                assert z["indices"].dtype == np.int32 and z["values"].dtype == np.float32 and z["row_offsets"].dtype == np.int64
                rows, width = (int(v) for v in z["shape"])
                offsets, indices, values = z["row_offsets"], z["indices"], z["values"]
                assert offsets[0] == 0 and offsets[-1] == len(values) == len(indices) and len(offsets) == rows + 1
                dense = np.zeros((rows, width), np.float32)
                for r in range(rows):
                    cols = indices[offsets[r]:offsets[r + 1]]
                    assert (np.diff(cols) > 0).all()
                    dense[r, cols] = values[offsets[r]:offsets[r + 1]]
                expected = np.load(name + ".npy")
                assert dense.shape == expected.shape and (dense == expected).all(), name
                assert (values != 0).all()
                if top:
                    assert (np.diff(offsets) <= top).all()
                print(name, rows, width, len(values))
            """;
        File.WriteAllText(Path.Combine(dir, "check.py"), check);
        var python = Python.With("numpy")!;
        var info = Python.Run(python, ["-c", $"import os; os.chdir({Quote(dir)}); exec(open('check.py').read())"]);
        Assert.True(info.ExitCode == 0, info.All);
        Assert.Contains("all 9000 512", info.StdOut);
        Assert.Contains("top 9000 512", info.StdOut);
    }

    private static string Quote(string path) => "'" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
