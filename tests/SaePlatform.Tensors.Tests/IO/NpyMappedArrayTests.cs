using System.Diagnostics;
using SaePlatform.Tensors.IO;
using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.IO.TensorFileBytes;

namespace SaePlatform.Tensors.Tests.IO;

public sealed class NpyMappedArrayTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CopyRows_ManyRowsWrittenByWriter_MatchSourceInChunksAndRandomRows()
    {
        const int rows = 100_000, cols = 64;
        var path = _temp.File("acts.npy");
        var values = Reference.RandomArray(rows * cols, seed: 11, scale: 10f);
        NpyFile.Write(path, Tensor.Wrap(values, rows, cols));

        using var mapped = NpyMappedArray.Open(path);

        Assert.Equal(rows, mapped.Rows);
        Assert.Equal(cols, mapped.Cols);
        Assert.Equal(TensorFileDtype.Float32, mapped.Dtype);
        var chunk = new float[4096 * cols];
        for (long start = 0; start < rows; start += 4096)
        {
            int count = (int)Math.Min(4096, rows - start);
            mapped.CopyRows(start, count, chunk);
            Assert.True(chunk.AsSpan(0, count * cols).SequenceEqual(values.AsSpan((int)start * cols, count * cols)), $"rows from {start}");
        }

        var rng = new Random(5);
        var row = new float[cols];
        for (int i = 0; i < 1000; i++)
        {
            int r = rng.Next(rows);
            mapped.CopyRow(r, row);
            Assert.True(row.AsSpan().SequenceEqual(values.AsSpan(r * cols, cols)), $"row {r}");
        }
    }

    [Fact]
    public void CopyRows_Float16AndFloat64AndBigEndian_ConvertWhileCopying()
    {
        var half = _temp.File("h.npy");
        File.WriteAllBytes(half, Npy10("{'descr': '<f2', 'fortran_order': False, 'shape': (3, 2), }\n",
            Bits16(0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x8000)));
        var dbl = _temp.File("d.npy");
        File.WriteAllBytes(dbl, Npy10("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }\n",
            Bits64(0x3FB999999999999AUL, 0xBFF8000000000000UL)));
        var big = _temp.File("b.npy");
        File.WriteAllBytes(big, Npy10("{'descr': '>f2', 'fortran_order': False, 'shape': (1, 2), }\n", [0x3C, 0x00, 0xC0, 0x00]));

        using (var m = NpyMappedArray.Open(half))
        {
            var dst = new float[4];
            m.CopyRows(1, 2, dst);
            Assert.Equal([0.5f, 65504f, BitConverter.Int32BitsToSingle(0x33800000), -0f], dst);
            Assert.Equal(TensorFileDtype.Float16, m.Dtype);
        }
        using (var m = NpyMappedArray.Open(dbl))
        {
            var dst = new float[1];
            m.CopyRow(0, dst);
            Assert.Equal(0.1f, dst[0]);
            m.CopyRow(1, dst);
            Assert.Equal(-1.5f, dst[0]);
        }
        using (var m = NpyMappedArray.Open(big))
        {
            var dst = new float[2];
            m.CopyRow(0, dst);
            Assert.Equal([1f, -2f], dst);
        }
    }

    [Fact]
    public void Open_HigherRank_ViewsRowsOfLastDimension()
    {
        var path = _temp.File("r3.npy");
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (uint)BitConverter.SingleToInt32Bits(i)).ToArray();
        File.WriteAllBytes(path, Npy10("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }\n", Bits32(false, data)));

        using var m = NpyMappedArray.Open(path);
        var row = new float[4];
        m.CopyRow(4, row);

        Assert.Equal(6, m.Rows);
        Assert.Equal(4, m.Cols);
        Assert.Equal([16f, 17f, 18f, 19f], row);
    }

    [Fact]
    public void Open_Vector_IsOneRow()
    {
        var path = _temp.File("v.npy");
        NpyFile.Write(path, Tensor.FromArray([1f, 2f, 3f], 3));
        using var m = NpyMappedArray.Open(path);
        Assert.Equal(1, m.Rows);
        Assert.Equal(3, m.Cols);
    }

    [Fact]
    public void Open_TruncatedFile_NamesFileAndExpectedAndActualBytes()
    {
        var path = _temp.File("trunc.npy");
        NpyFile.Write(path, Tensor.Zeros(100, 8));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var e = Assert.Throws<TensorFileException>(() => NpyMappedArray.Open(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("3200 data bytes", e.Message);
        Assert.Contains("3100 data bytes", e.Message);
        Assert.Contains("file size 3328", e.Message);
    }

    [Fact]
    public void Open_FortranOrder_Throws()
    {
        var path = _temp.File("f.npy");
        File.WriteAllBytes(path, Npy10("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }\n", new byte[4]));
        var message = Assert.Throws<TensorFileException>(() => NpyMappedArray.Open(path)).Message;
        Assert.Contains("Fortran", message);
        Assert.Contains("numpy.ascontiguousarray", message); // the fix, not only the problem
    }

    [Fact]
    public void CopyRows_OutOfRangeOrSmallDestinationOrDisposed_Throws()
    {
        var path = _temp.File("o.npy");
        NpyFile.Write(path, Tensor.Zeros(10, 4));
        var m = NpyMappedArray.Open(path);
        var dst = new float[40];

        Assert.Throws<ArgumentOutOfRangeException>(() => m.CopyRows(8, 3, dst));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.CopyRow(-1, dst));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.CopyRows(0, 2, new float[7]));
        m.CopyRows(0, 10, dst);
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m.CopyRow(0, dst));
    }

    [Fact]
    public void CopyRow_SparseFileBeyond4GiB_ReadsRowsAtHighOffsets()
    {
        // 17M rows x 64 float32 = 4.35 GB of data, created sparse: only the written rows occupy disk
        // (Linux file systems make SetLength sparse; elsewhere this would write gigabytes of zeros).
        if (!OperatingSystem.IsLinux()) return;
        const long rows = 17_000_000;
        const int cols = 64;
        var path = _temp.File("sparse.npy");
        var header = Concat(NpyMagic(1, 0), [118, 0],
            Text("{'descr': '<f4', 'fortran_order': False, 'shape': (17000000, 64), }" + new string(' ', 50) + "\n"));
        Assert.Equal(128, header.Length);
        Assert.Equal(header, NpyFile.BuildHeader("<f4", [rows, cols])); // numpy's layout for this shape
        long[] probe = [0, 8_388_608, 16_777_216, rows - 1]; // the last two lie beyond 4 GiB
        var rowBytes = new Dictionary<long, float[]>();
        var watch = Stopwatch.StartNew();
        using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            fs.Write(header);
            fs.SetLength(128 + rows * cols * 4);
            foreach (var r in probe)
            {
                var values = Reference.RandomArray(cols, seed: (int)(r % 1000) + 1);
                rowBytes[r] = values;
                fs.Position = 128 + r * cols * 4;
                fs.Write(Bits32(false, values.Select(v => (uint)BitConverter.SingleToInt32Bits(v)).ToArray()));
            }
        }

        using var m = NpyMappedArray.Open(path);
        var row = new float[cols];
        Assert.Equal(rows, m.Rows);
        foreach (var r in probe)
        {
            m.CopyRow(r, row);
            Assert.Equal(rowBytes[r], row);
        }
        m.CopyRow(rows / 3, row); // an unwritten hole reads as zeros
        Assert.All(row, v => Assert.Equal(0f, v));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"sparse-file test took {watch.Elapsed}");
    }
}
