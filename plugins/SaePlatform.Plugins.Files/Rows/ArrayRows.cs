namespace SaePlatform.Plugins.Files.Rows;

/// <summary>Rows already decoded into memory (deflated .npz entries and csv files, which cannot be mapped).</summary>
internal sealed class ArrayRows(string name, float[] values, long rows, int cols) : IRowFile
{
    public string Name => name;
    public long Rows => rows;
    public int Cols => cols;

    public void CopyRows(long start, int count, Span<float> destination) =>
        values.AsSpan(checked((int)(start * cols)), count * cols).CopyTo(destination);

    public void Dispose() { }
}
