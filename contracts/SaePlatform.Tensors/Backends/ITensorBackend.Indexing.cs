namespace SaePlatform.Tensors.Backends;

public partial interface ITensorBackend
{
    /// <summary>y[i, :] = x[rows[i], :]. Indices are validated by the caller.</summary>
    void GatherRows(Tensor x, ReadOnlySpan<int> rows, Tensor y);

    /// <summary>
    /// y[rows[i], :] += x[i, :], in index order (repeated indices add up deterministically).
    /// </summary>
    void ScatterAddRows(Tensor x, ReadOnlySpan<int> rows, Tensor y);
}
