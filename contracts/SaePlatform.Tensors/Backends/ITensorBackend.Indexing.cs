namespace SaePlatform.Tensors.Backends;

public partial interface ITensorBackend
{
    /// <summary>y[i, :] = x[rows[i], :]. Indices are validated by the caller.</summary>
    void GatherRows(Tensor x, IndexTensor rows, Tensor y);

    /// <summary>
    /// y[rows[i], :] += x[i, :], in index order (repeated indices add up deterministically).
    /// </summary>
    void ScatterAddRows(Tensor x, IndexTensor rows, Tensor y);

    /// <summary>y[:, j] = x[:, columns[j]] for 2-D x [rows, c] and y [rows, columns.Length]. Indices are validated by the caller.</summary>
    void GatherColumns(Tensor x, IndexTensor columns, Tensor y);

    /// <summary>
    /// y[:, columns[j]] += x[:, j], in index order (repeated indices add up deterministically).
    /// </summary>
    void ScatterAddColumns(Tensor x, IndexTensor columns, Tensor y);

    /// <summary>
    /// indices[i] = i * <paramref name="step"/> (the row offsets of CSR rows that each hold <paramref name="step"/>
    /// entries), written where the indices live. The default fills a host array and copies it in (an upload on a
    /// device); backends write it in place.
    /// </summary>
    void FillSequence(IndexTensor indices, int step)
    {
        var values = new int[indices.Length];
        for (int i = 0; i < values.Length; i++) values[i] = i * step;
        if (indices.IsHost) values.CopyTo(indices.Span);
        else indices.DeviceBits!.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(values.AsSpan()));
    }
}
