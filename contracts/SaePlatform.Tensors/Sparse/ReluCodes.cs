namespace SaePlatform.Tensors.Sparse;

/// <summary>
/// The output of <see cref="Ops.ReluEncode(Tensor, Tensor, Tensor?, Tensor?, double, Tensor?)"/>: ReLU codes either dense [rows, d_sae] or, when few entries are
/// positive, as CSR rows of exactly the positive entries. Both carry their gradients back to the encoder.
/// </summary>
public sealed class ReluCodes
{
    internal ReluCodes(Tensor? dense, SparseRows? sparse)
    {
        Dense = dense;
        Sparse = sparse;
    }

    /// <summary>The dense codes, or null when <see cref="Sparse"/> holds them.</summary>
    public Tensor? Dense { get; }

    /// <summary>The codes in CSR form (every stored value positive, or NaN), or null when <see cref="Dense"/> holds them.</summary>
    public SparseRows? Sparse { get; }

    /// <summary>Whether the codes came out sparse.</summary>
    public bool IsSparse => Sparse is not null;

    /// <summary>
    /// Fraction of entries that are positive (the density the choice between the forms was made on); NaN on a backend
    /// that keeps codes dense (<see cref="Backends.ITensorBackend.PrefersDenseCodes"/>), which does not count them.
    /// </summary>
    public double Density { get; internal init; }

    /// <summary>
    /// The weighted L1 penalty mean_rows sum_j code[i, j] * w[j] (a scalar with gradients) when the codes were made
    /// with penalty weights w; otherwise null.
    /// </summary>
    public Tensor? Penalty { get; internal init; }
}
