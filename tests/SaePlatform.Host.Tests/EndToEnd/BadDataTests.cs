using System.Buffers.Binary;
using System.Text;
using SaePlatform.Host.Tests.Support;
using SaePlatform.Tensors;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>
/// Each class of bad data stops the built host before training with exit code 3 (ExitCodes.DataError) and a
/// message naming the file and the row, offset or dtype.
/// </summary>
public sealed class BadDataTests
{
    private const int DataError = 3;

    private static SaeProcess.Result Train(string dir, string dataSection)
    {
        File.WriteAllText(Path.Combine(dir, "run.yaml"), $"""
            run:
              model: bad
              layer: data
              seed: 1
              output_dir: out
            data:
            {dataSection}
            architecture:
              type: standard
              d_sae: 16
            training:
              steps: 5
              batch_size: 8
            """);
        return SaeProcess.Run(dir, "train", "run.yaml");
    }

    private static void WriteRows(string path, int rows, int width, Action<float[]>? spoil = null)
    {
        var values = new float[rows * width];
        for (int i = 0; i < values.Length; i++) values[i] = (i % 7) * 0.25f;
        spoil?.Invoke(values);
        NpyFile.Write(path, Tensor.Wrap(values, rows, width));
    }

    private static void AssertDataError(SaeProcess.Result result, params string[] fragments)
    {
        Assert.True(result.ExitCode == DataError, $"exit code {result.ExitCode}, expected {DataError}:\n{result.All}");
        foreach (var f in fragments) Assert.Contains(f, result.All);
        Assert.DoesNotContain("step 1/", result.All); // nothing was trained
    }

    [Fact]
    public void Train_NaNInSecondFile_Exit3NamingFileRowAndColumn()
    {
        var dir = Repository.NewTempDirectory();
        WriteRows(Path.Combine(dir, "acts_0.npy"), 100, 6);
        WriteRows(Path.Combine(dir, "acts_1.npy"), 100, 6, v => v[42 * 6 + 5] = float.PositiveInfinity);

        var result = Train(dir, "  type: npy\n  path: acts_*.npy");

        AssertDataError(result, "acts_1.npy row 42", "column 5", "finite");
    }

    [Fact]
    public void Train_FilesOfDifferentWidths_Exit3NamingBothFiles()
    {
        var dir = Repository.NewTempDirectory();
        WriteRows(Path.Combine(dir, "a.npy"), 50, 6);
        WriteRows(Path.Combine(dir, "b.npy"), 50, 7);

        var result = Train(dir, "  type: npy\n  paths: [a.npy, b.npy]");

        AssertDataError(result, "b.npy: rows have 7 values", "a.npy has 6", "wrong width");
    }

    [Fact]
    public void Train_TruncatedFile_Exit3GivingExpectedAndActualSizes()
    {
        var dir = Repository.NewTempDirectory();
        var path = Path.Combine(dir, "cut.npy");
        WriteRows(path, 100, 6);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var result = Train(dir, "  type: npy\n  path: cut.npy");

        AssertDataError(result, "cut.npy", "truncated", "needs 2400 data bytes", "only 2300");
    }

    [Fact]
    public void Train_IntegerDtype_Exit3NamingTheDtype()
    {
        var dir = Repository.NewTempDirectory();
        // numpy.save of an int32 [4, 2] array: format 1.0, header padded to a multiple of 64 bytes.
        var dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (4, 2), }";
        int padded = (10 + dict.Length + 1 + 63) / 64 * 64;
        var header = dict + new string(' ', padded - 10 - dict.Length - 1) + "\n";
        var bytes = new byte[padded + 32];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header).CopyTo(bytes, 10);
        File.WriteAllBytes(Path.Combine(dir, "ints.npy"), bytes);

        var result = Train(dir, "  type: npy\n  path: ints.npy");

        AssertDataError(result, "ints.npy", "<i4");
    }

    [Fact]
    public void Train_EmbeddingSelectionWithNoFiles_Exit3AsEmptySelection()
    {
        var dir = Repository.NewTempDirectory();
        var folder = Path.Combine(dir, "emb", "pca_atlas_8D", "8D");
        Directory.CreateDirectory(folder);
        WriteRows(Path.Combine(folder, "centroid_0000_embeddings_8D.npy"), 20, 8);

        var result = Train(dir, "  type: embeddings\n  root: emb\n  n_components: 8\n  offset: 3\n  count: 2");

        AssertDataError(result, "empty selection", "centroid_0003_embeddings_8D.npy");
    }
}
