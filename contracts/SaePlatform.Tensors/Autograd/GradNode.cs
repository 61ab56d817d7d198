namespace SaePlatform.Tensors.Autograd;

/// <summary>
/// Computes input gradients from the output gradient of one recorded operation. Write or add into
/// the buffers that <paramref name="context"/> hands out; never replace them.
/// </summary>
public delegate void BackwardFunction(Tensor gradOutput, BackwardContext context);

/// <summary>One recorded operation: its inputs and how to push a gradient back to them.</summary>
public sealed class GradNode
{
    internal GradNode(string opName, Tensor[] inputs, BackwardFunction backward)
    {
        OpName = opName;
        Inputs = inputs;
        Apply = backward;
    }

    /// <summary>Operation name, for error messages and debugging.</summary>
    public string OpName { get; }

    /// <summary>The operation's tensor inputs, in the order the backward function indexes them.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    internal BackwardFunction Apply { get; }

    /// <summary>
    /// Set by an engine op whose backward left a contribution for this node to apply itself (a penalty on a ReLU's
    /// output folded into the ReLU's masked pass): the backward pass then runs this node even when its output
    /// received no other gradient, handing it a null gradient. Only the engine's own backward functions, which
    /// expect that, are ever marked.
    /// </summary>
    internal bool HasDeferredGradient { get; set; }

    /// <summary>
    /// Records <paramref name="output"/> as produced from <paramref name="inputs"/> by an operation whose
    /// gradient <paramref name="backward"/> computes. This is how a plugin defines its own op: compute the
    /// forward values yourself, then call this. Nothing is recorded (and the output does not require
    /// gradients) when gradients are disabled or no input requires them.
    /// </summary>
    /// <returns><paramref name="output"/>, for chaining.</returns>
    public static Tensor Record(Tensor output, string opName, BackwardFunction backward, params Tensor[] inputs)
    {
        if (!GradMode.IsEnabled) return output;
        bool any = false;
        foreach (var t in inputs) any |= t.RequiresGrad;
        if (!any) return output;
        output.RequiresGrad = true;
        output.Node = new GradNode(opName, inputs, backward);
        return output;
    }

    /// <summary>True when gradients are enabled and the input requires them (skip building a closure otherwise).</summary>
    public static bool NeedsRecording(Tensor a) => GradMode.IsEnabled && a.RequiresGrad;

    /// <inheritdoc cref="NeedsRecording(Tensor)"/>
    public static bool NeedsRecording(Tensor a, Tensor b) => GradMode.IsEnabled && (a.RequiresGrad || b.RequiresGrad);
}
