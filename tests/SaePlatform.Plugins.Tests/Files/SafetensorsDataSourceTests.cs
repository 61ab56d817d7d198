using SaePlatform.Plugins.Files.Sources;
using SaePlatform.Plugins.Tests.Support;
using static SaePlatform.Plugins.Tests.Support.DataFiles;

namespace SaePlatform.Plugins.Tests.Files;

/// <summary>The safetensors source on files assembled from the format description.</summary>
public sealed class SafetensorsDataSourceTests
{
    [Fact]
    public void Open_NamedTensorInTwoFilesOfDifferentDtypes_ReadsItsRowsSkippingOtherTensors()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("s0.safetensors"), Safetensors(
            ("labels", "F32", [2], F4(7, 7)),
            ("acts", "F32", [2, 3], F4(1, 2, 3, 4, 5, 6))));
        File.WriteAllBytes(dir.File("s1.safetensors"), Safetensors(
            ("acts", "BF16", [1, 3], Bf16(0.5f, -2f, 384f)),
            ("more", "F16", [1, 3], F2(0, 0, 0))));
        using var source = new SafetensorsDataSource(new SafetensorsOptions { Paths = [dir.File("s0.safetensors"), dir.File("s1.safetensors")], Tensor = "acts" });

        var info = source.Open(CancellationToken.None);

        Assert.Equal((3, 3L), (info.Width, info.RowCount));
        Assert.Equal([1, 2, 3, 4, 5, 6, 0.5f, -2f, 384f], ReadAll(source, info));
        Assert.Equal($"{dir.File("s1.safetensors")}:acts row 0", source.DescribeRow(2));
    }

    [Fact]
    public void Validate_NoTensorNamed_RequiredWithTheFilesTensors()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("s0.safetensors"), Safetensors(("labels", "F32", [2], F4(7, 7)), ("activations", "F32", [1, 2], F4(1, 2))));
        var options = new SafetensorsOptions { Path = dir.File("s0.safetensors") };

        var error = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));

        Assert.Equal("is required (tensors in s0.safetensors: labels, activations)", error.ErrorMessage);
        Assert.Equal(["Tensor"], error.MemberNames);
    }

    [Fact]
    public void Open_F16AndF64Tensors_ConvertToFloat32()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("h.safetensors"), Safetensors(("x", "F16", [1, 2], F2(0.25f, -3f))));
        File.WriteAllBytes(dir.File("d.safetensors"), Safetensors(("x", "F64", [1, 2], F8(0.1, 1e10))));
        using var source = new SafetensorsDataSource(new SafetensorsOptions { Path = Path.Combine(dir.Path, "*.safetensors"), Tensor = "x" });

        var info = source.Open(CancellationToken.None);

        Assert.Equal([0.1f, 1e10f, 0.25f, -3f], ReadAll(source, info)); // d before h: name order
    }

    [Fact]
    public void Open_MissingTensor_ListsTheTensorsThere()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("s.safetensors"), Safetensors(("W_enc", "F32", [1, 1], F4(1))));
        using var source = new SafetensorsDataSource(new SafetensorsOptions { Path = dir.File("s.safetensors"), Tensor = "acts" });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("'acts'", e.Message);
        Assert.Contains("W_enc", e.Message);
    }

    [Fact]
    public void Open_IntegerTensor_IsAnUnsupportedDtype()
    {
        using var dir = new DataFolder();
        File.WriteAllBytes(dir.File("s.safetensors"), Safetensors(("acts", "I32", [1, 2], F4(0, 0))));
        using var source = new SafetensorsDataSource(new SafetensorsOptions { Path = dir.File("s.safetensors"), Tensor = "acts" });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains("I32", e.Message);
    }

    [Fact]
    public void Open_TruncatedData_NamesTheFile()
    {
        using var dir = new DataFolder();
        var bytes = Safetensors(("acts", "F32", [4, 2], F4(1, 2, 3, 4, 5, 6, 7, 8)));
        File.WriteAllBytes(dir.File("s.safetensors"), bytes[..^8]);
        using var source = new SafetensorsDataSource(new SafetensorsOptions { Path = dir.File("s.safetensors"), Tensor = "acts" });

        var e = Assert.Throws<InvalidDataException>(() => source.Open(CancellationToken.None));

        Assert.Contains(dir.File("s.safetensors"), e.Message);
    }
}
