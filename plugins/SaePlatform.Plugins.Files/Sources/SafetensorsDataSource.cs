using SaePlatform.Contracts.Components;
using SaePlatform.Plugins.Files.Rows;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>
/// Rows of a named tensor (F32, F16, BF16 or F64) in one or more safetensors files, memory-mapped; leading
/// dimensions are flattened into rows of the last dimension.
/// </summary>
[DataSource("safetensors", Description = "Rows of a named tensor in one or more safetensors files (memory-mapped).")]
public sealed class SafetensorsDataSource(SafetensorsOptions options) : RowFileSource
{
    /// <inheritdoc />
    protected override string Kind => "safetensors";

    private protected override void OpenFiles(List<IRowFile> opened, CancellationToken cancellationToken)
    {
        foreach (var file in FilePatterns.Expand(options.Path, options.Paths))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var header = SafetensorsFile.ReadHeader(file);
            var info = header.Find(options.Tensor)
                ?? throw new InvalidDataException($"{file}: no tensor named '{options.Tensor}' (tensors: {string.Join(", ", header.Tensors.Select(t => t.Name))}).");
            var dtype = info.FloatDtype
                ?? throw new InvalidDataException($"{file}: tensor '{info.Name}' has dtype {info.Dtype}; supported dtypes are F32, F16, BF16 and F64 (unsupported dtype).");
            RowShape.Check($"{file}:{info.Name}", info.Shape);
            int cols = checked((int)info.Shape[^1]);
            long rows = cols == 0 ? 0 : info.ElementCount / cols;
            var region = MappedTensorRegion.Open(file, header.DataOffset + info.DataBegin, dtype, rows, cols);
            opened.Add(new MappedRows($"{file}:{info.Name}", region));
        }
    }
}
