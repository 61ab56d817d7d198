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
}
