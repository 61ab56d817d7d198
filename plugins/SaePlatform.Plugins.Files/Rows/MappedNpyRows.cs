using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files.Rows;

/// <summary>A memory-mapped .npy file: nothing is read up front, so files larger than memory stream from disk.</summary>
internal sealed class MappedNpyRows(NpyMappedArray array) : IRowFile
{
    public string Name => array.Path;
    public long Rows => array.Rows;
    public int Cols => array.Cols;
    public void CopyRows(long start, int count, Span<float> destination) => array.CopyRows(start, count, destination);
    public void Dispose() => array.Dispose();
}
