using SaePlatform.Tensors.IO;
using SaePlatform.Tensors.Tests.Support;
using static SaePlatform.Tensors.Tests.IO.TensorFileBytes;

namespace SaePlatform.Tensors.Tests.IO;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_TwoTensorsWithMetadata_ProducesCrateBytes()
    {
        var path = _temp.File("w.safetensors");
        // Given out of order: the crate sorts by name, so "a" comes first in header and data.
        SafetensorsFile.Write(path,
            [new("b", Tensor.FromArray([1f, 2f], 2)), new("a", Tensor.FromArray([-2f], 1, 1))],
            new Dictionary<string, string> { ["format"] = "pt" });

        const string json = "{\"__metadata__\":{\"format\":\"pt\"}," +
                            "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}," +
                            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Assert.Equal(141, json.Length);
        var expected = Concat(
            [144, 0, 0, 0, 0, 0, 0, 0], Text(json + "   "),
            [0x00, 0x00, 0x00, 0xC0], [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40]);
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_Empty_MatchesCrateTestVectors()
    {
        // Byte vectors from the safetensors crate's own test_empty.
        var path = _temp.File("e.safetensors");
        SafetensorsFile.Write(path, []);
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32 }, File.ReadAllBytes(path));

        SafetensorsFile.Write(path, [], new Dictionary<string, string> { ["framework"] = "pt" });
        Assert.Equal(new byte[]
        {
            40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
            95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
            116, 34, 125, 125, 32, 32, 32, 32, 32,
        }, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_ScalarTensor_HasEmptyShape()
    {
        var path = _temp.File("s.safetensors");
        SafetensorsFile.Write(path, [new("x", Tensor.FromArray([3f]))]);
        var expected = Concat([56, 0, 0, 0, 0, 0, 0, 0],
            Text("{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}   "), Bits32(false, 0x40400000));
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_MetadataNeedingEscapes_UsesSerdeJsonEscaping()
    {
        var path = _temp.File("esc.safetensors");
        SafetensorsFile.Write(path, [], new Dictionary<string, string> { ["k"] = "a\"b\\c\nd\u0001é/<" });

        var bytes = File.ReadAllBytes(path);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, bytes.Length - 8).TrimEnd(' ');
        Assert.Equal("{\"__metadata__\":{\"k\":\"a\\\"b\\\\c\\nd\\u0001é/<\"}}", header);
        Assert.Equal("a\"b\\c\nd\u0001é/<", SafetensorsFile.ReadHeader(path).Metadata["k"]);
    }

    [Fact]
    public void Read_HandMadeMixedDtypes_ConvertsAndOrdersByOffset()
    {
        var path = _temp.File("mixed.safetensors");
        // Entries listed out of data order; data: f64 [1,2] @0..16, bf16 [2] @16..20, f16 [] @20..22.
        const string header =
            "{\"half\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[20,22]}," +
            "\"__metadata__\":{\"model\":\"gpt2\",\"hook\":\"blocks.8.hook_resid_pre\"}," +
            "\"brain\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[16,20]}," +
            "\"dbl\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[0,16]}}";
        var data = Concat(
            Bits64(0x3FB999999999999AUL, 0xBFF8000000000000UL), // 0.1, -1.5
            Bits16(0x3F80, 0xC049),                               // 1.0, -3.140625
            Bits16(0x3555));                                      // 0.333251953125
        File.WriteAllBytes(path, Safetensors(header, data));

        var content = SafetensorsFile.Read(path);

        Assert.Equal(["dbl", "brain", "half"], content.Names);
        Assert.Equal([1, 2], content["dbl"].Shape.ToArray());
        Assert.Equal([0.1f, -1.5f], content["dbl"].ToArray());
        Assert.Equal([1f, -3.140625f], content["brain"].ToArray());
        Assert.Equal(0, content["half"].Rank);
        Assert.Equal(0.333251953125f, content["half"].ToScalar());
        Assert.Equal("brain", content["brain"].Name);
        Assert.Equal("gpt2", content.Metadata["model"]);
        Assert.Equal("blocks.8.hook_resid_pre", content.Metadata["hook"]);
    }

    [Fact]
    public void WriteRead_SaeWeights_RoundTrip()
    {
        var path = _temp.File("sae_weights.safetensors");
        int dIn = 16, dSae = 48;
        var tensors = new Dictionary<string, Tensor>
        {
            ["W_enc"] = Tensor.FromArray(Reference.RandomArray(dIn * dSae, 1), dIn, dSae),
            ["W_dec"] = Tensor.FromArray(Reference.RandomArray(dSae * dIn, 2), dSae, dIn),
            ["b_enc"] = Tensor.FromArray(Reference.RandomArray(dSae, 3), dSae),
            ["b_dec"] = Tensor.FromArray(Reference.RandomArray(dIn, 4), dIn),
            ["empty"] = Tensor.Zeros(0, 3),
        };
        SafetensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var content = SafetensorsFile.Read(path);

        Assert.Equal(["W_dec", "W_enc", "b_dec", "b_enc", "empty"], content.Names); // byte order: uppercase first
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.Shape.ToArray(), content[name].Shape.ToArray());
            Assert.Equal(t.ToArray(), content[name].ToArray());
        }
        Assert.Equal("pt", content.Metadata["format"]);
    }

    [Fact]
    public void ReadHeaderAndReadTensor_TouchOnlyWhatIsAsked()
    {
        var path = _temp.File("partial.safetensors");
        // "ids" is I64 (not readable as float) and "cube" is rank 3: reading only "w" must still work.
        const string header =
            "{\"cube\":{\"dtype\":\"F32\",\"shape\":[1,1,2],\"data_offsets\":[0,8]}," +
            "\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}," +
            "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}";
        File.WriteAllBytes(path, Safetensors(header, Concat(new byte[16], Bits32(false, 0x40A00000, 0xC0A00000))));

        var h = SafetensorsFile.ReadHeader(path);
        var w = SafetensorsFile.ReadTensor(path, "w");

        Assert.Equal(["cube", "ids", "w"], h.Tensors.Select(t => t.Name));
        Assert.Equal("I64", h.Find("ids")!.Dtype);
        Assert.Null(h.Find("ids")!.FloatDtype);
        Assert.Equal([1L, 1, 2], h.Find("cube")!.Shape);
        Assert.Equal(8 + h.HeaderLength, h.DataOffset);
        Assert.Equal([5f, -5f], w.ToArray());

        var dtypeError = Assert.Throws<TensorFileException>(() => SafetensorsFile.ReadTensor(path, "ids"));
        Assert.Contains("'ids' has dtype I64", dtypeError.Message);
        var rankError = Assert.Throws<TensorFileException>(() => SafetensorsFile.ReadTensor(path, "cube"));
        Assert.Contains("rank 3", rankError.Message);
        var missing = Assert.Throws<KeyNotFoundException>(() => SafetensorsFile.ReadTensor(path, "nope"));
        Assert.Contains("cube, ids, w", missing.Message);
        Assert.Throws<TensorFileException>(() => SafetensorsFile.Read(path));
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "overlap")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "gap")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "beyond the data section")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12, "trailing")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unknown dtype 'Q7'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "not a non-negative integer")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "data_offsets")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "end before they begin")]
    [InlineData("{\"__metadata__\":{\"n\":3}}", 0, "only string values")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",", 8, "not valid JSON")]
    [InlineData("[1,2]", 0, "not an object")]
    public void Read_InvalidHeader_ThrowsNamingFileAndProblem(string header, int dataBytes, string problem)
    {
        var path = _temp.File("bad.safetensors");
        File.WriteAllBytes(path, Safetensors(header, new byte[dataBytes]));

        var e = Assert.Throws<TensorFileException>(() => SafetensorsFile.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Read_HeaderLengthBeyondFile_Throws()
    {
        var path = _temp.File("hl.safetensors");
        File.WriteAllBytes(path, Concat(U64(1000), Text("{}")));
        var e = Assert.Throws<TensorFileException>(() => SafetensorsFile.ReadHeader(path));
        Assert.Contains("header length 1000 extends beyond the end of the file", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Read_TooShortOrHugeHeaderLength_Throws()
    {
        var path = _temp.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("too short", Assert.Throws<TensorFileException>(() => SafetensorsFile.Read(path)).Message);

        File.WriteAllBytes(path, Concat(U64(0x7FFF_FFFF_FFFF), Text("{}")));
        Assert.Contains("exceeds the safetensors limit", Assert.Throws<TensorFileException>(() => SafetensorsFile.Read(path)).Message);
    }

    [Fact]
    public void Read_TruncatedFile_ReportsTensorBeyondData()
    {
        var path = _temp.File("t.safetensors");
        SafetensorsFile.Write(path, [new("w", Tensor.Zeros(4, 4))]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        var e = Assert.Throws<TensorFileException>(() => SafetensorsFile.Read(path));

        Assert.Contains("'w'", e.Message);
        Assert.Contains("54 bytes", e.Message); // 64 data bytes minus the 10 cut off
    }

    [Fact]
    public void Write_DuplicateOrReservedName_Throws()
    {
        var path = _temp.File("dup.safetensors");
        var t = Tensor.Zeros(1);
        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, [new("a", t), new("a", t)]));
        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, [new("__metadata__", t)]));
        Assert.False(File.Exists(path));
    }
}
