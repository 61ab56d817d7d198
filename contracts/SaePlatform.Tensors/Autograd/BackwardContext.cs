namespace SaePlatform.Tensors.Autograd;

/// <summary>
/// A gradient buffer handed to a backward function. When <see cref="Accumulate"/> is false the buffer
/// holds garbage and must be fully overwritten (GEMM beta 0); when true, add into it (beta 1).
/// </summary>
public readonly record struct GradBuffer(Tensor Tensor, bool Accumulate)
{
    /// <summary>The GEMM/axpy beta that matches <see cref="Accumulate"/>: 1 or 0.</summary>
    public float Beta => Accumulate ? 1f : 0f;
}

/// <summary>What a <see cref="BackwardFunction"/> sees: which inputs need gradients, and their buffers.</summary>
public sealed class BackwardContext
{
    private GradNode _node = null!;

    internal void Reset(GradNode node) => _node = node;

    /// <summary>Whether input <paramref name="index"/> needs a gradient.</summary>
    public bool Needs(int index) => _node.Inputs[index].RequiresGrad;

    /// <summary>The input tensor at <paramref name="index"/> (its forward values).</summary>
    public Tensor Input(int index) => _node.Inputs[index];

    /// <summary>
    /// The gradient buffer of input <paramref name="index"/>, shaped like the input. The first request in a
    /// backward pass for an intermediate (or a leaf whose gradient was zeroed) returns an overwrite buffer;
    /// later requests return the same buffer in accumulate mode.
    /// </summary>
    /// <exception cref="InvalidOperationException">The input does not require gradients.</exception>
    public GradBuffer Grad(int index)
    {
        var input = _node.Inputs[index];
        if (!input.RequiresGrad)
            throw new InvalidOperationException($"{_node.OpName}: input {index} ({input}) does not require gradients.");
        return GradStore.Acquire(input);
    }

    /// <summary>
    /// A zero-filled gradient of input <paramref name="index"/> to add into (for scatter-style kernels).
    /// </summary>
    public Tensor GradZeroed(int index)
    {
        var g = Grad(index);
        if (!g.Accumulate) g.Tensor.Fill(0f);
        return g.Tensor;
    }
}
