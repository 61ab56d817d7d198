using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files.Rows;

/// <summary>
/// Rows read from a memory-mapped region (a .npy file, a stored .npz member or a safetensors tensor):
/// nothing is read up front, so files larger than memory stream from disk. Disposing disposes
/// <paramref name="owner"/>, which owns the region.
/// </summary>
internal sealed class MappedRows(string name, MappedTensorRegion region, IDisposable owner) : IRowFile
{
    /// <summary>A mapped .npy array (or .npz member), named as in messages.</summary>
    public MappedRows(string name, NpyMappedArray array) : this(name, array.Region, array) { }

    /// <summary>A region that owns itself.</summary>
    public MappedRows(string name, MappedTensorRegion region) : this(name, region, region) { }

    public string Name => name;
    public long Rows => region.Rows;
    public int Cols => region.Cols;
    public void CopyRows(long start, int count, Span<float> destination) => region.ReadRows(start, count, destination);
    public void Dispose() => owner.Dispose();
}
