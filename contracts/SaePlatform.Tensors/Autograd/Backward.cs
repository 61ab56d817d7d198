using SaePlatform.Tensors.Backends;

namespace SaePlatform.Tensors.Autograd;

/// <summary>Reverse-mode pass over the graph recorded during the forward pass.</summary>
internal static class Backward
{
    [ThreadStatic] private static BackwardContext? _context;

    public static void Run(Tensor loss)
    {
        if (loss.Length != 1)
            throw new InvalidOperationException($"Backward() needs a scalar loss; got {loss.ShapeString}.");
        if (!loss.RequiresGrad)
            throw new InvalidOperationException("Backward(): the loss does not depend on any tensor that requires gradients.");

        var seed = GradStore.Acquire(loss);
        if (seed.Accumulate) TensorBackend.Current.Unary(UnaryOp.AddScalar, seed.Tensor, 1f, 0f, seed.Tensor);
        else seed.Tensor.Fill(1f);
        if (loss.Node is null) return; // the loss is itself a leaf

        var order = TopologicalOrder(loss);

        var ctx = _context ??= new BackwardContext();
        using (GradMode.Disable())
        {
            for (int i = order.Count - 1; i >= 0; i--)
            {
                var t = order[i];
                var node = t.Node!;
                var g = t.GradRaw;
                bool live = g is not null && !t.GradStale;
                if (live || node.HasDeferredGradient)
                {
                    ctx.Reset(node);
                    node.Apply(live ? g! : null!, ctx);
                }
                // Intermediate gradients are consumed; free them now rather than at scope end.
                t.GradRaw = null;
                g?.Dispose();
                t.Node = null;
            }
        }
    }

    /// <summary>Tensors with a node, each after all of its inputs (DFS post-order).</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.Node!.Inputs;
            if (next < inputs.Count)
            {
                stack.Push((t, next + 1));
                var child = inputs[next];
                if (child.Node is not null && visited.Add(child)) stack.Push((child, 0));
            }
            else
            {
                order.Add(t);
            }
        }
        return order;
    }
}
