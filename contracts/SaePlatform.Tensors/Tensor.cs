using System.Runtime.CompilerServices;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Memory;

namespace SaePlatform.Tensors;

/// <summary>
/// A dense float32 tensor: row-major, contiguous, rank 0 (scalar), 1 or 2. Storage comes from
/// <see cref="TensorPool"/>; tensors created inside a <see cref="TensorScope"/> are returned to the
/// pool when the scope ends, so a training step reuses the previous step's buffers.
/// </summary>
/// <remarks>
/// Operations live in <see cref="Ops"/> (and as instance shortcuts here). An operation whose inputs
/// require gradients records a <see cref="GradNode"/> on its result; <see cref="Backward"/> on a
/// scalar walks those nodes in reverse and accumulates <see cref="Grad"/> on the leaves.
/// </remarks>
public sealed class Tensor : IDisposable
{
    private float[]? _data;
    private readonly int[] _shape;

    private Tensor(float[] data, int[] shape, bool pooled)
    {
        _data = data;
        _shape = shape;
        Length = ShapeLength(shape);
        IsPooled = pooled;
    }

    /// <summary>Dimensions; empty for a scalar.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions (0, 1 or 2).</summary>
    public int Rank => _shape.Length;

    /// <summary>Total number of elements.</summary>
    public int Length { get; }

    /// <summary>Rows of a 2-D tensor; 1 for rank 0 and 1.</summary>
    public int Rows => _shape.Length == 2 ? _shape[0] : 1;

    /// <summary>Columns of a 2-D tensor; the length of a 1-D tensor; 1 for a scalar.</summary>
    public int Cols => _shape.Length switch { 2 => _shape[1], 1 => _shape[0], _ => 1 };

    /// <summary>Whether the storage came from the pool (and goes back to it on dispose).</summary>
    internal bool IsPooled { get; }

    /// <summary>True when gradients flow to this tensor (a parameter, or a result computed from one).</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>
    /// Accumulated gradient of a leaf after <see cref="Backward"/>; null before the first backward.
    /// Successive backward passes add into it until <see cref="ZeroGrad"/>.
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            if (GradStale && GradRaw is not null)
            {
                GradRaw.Span.Clear();
                GradStale = false;
            }
            return GradRaw;
        }
        set
        {
            GradRaw = value;
            GradStale = false;
        }
    }

    /// <summary>The gradient buffer without the lazy clearing of <see cref="Grad"/>.</summary>
    internal Tensor? GradRaw { get; set; }

    /// <summary>Set by <see cref="ZeroGrad"/>: the buffer is logically zero and is overwritten, not added to.</summary>
    internal bool GradStale { get; set; }

    /// <summary>Logically zeroes the gradient without touching memory (the next backward overwrites it).</summary>
    public void ZeroGrad() => GradStale = GradRaw is not null;

    /// <summary>Node that produced this tensor in the recorded graph; null for leaves and detached results.</summary>
    public GradNode? Node { get; internal set; }

    /// <summary>Optional name (parameters use it for files and optimiser state).</summary>
    public string? Name { get; set; }

    /// <summary>True once disposed; any data access then throws.</summary>
    public bool IsDisposed => _data is null;

    /// <summary>The elements, row-major. Throws <see cref="ObjectDisposedException"/> after dispose.</summary>
    public Span<float> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (_data ?? throw Disposed()).AsSpan(0, Length);
    }

    /// <summary>The backing array (its length equals <see cref="Length"/>). For kernels and IO.</summary>
    public float[] Array => _data ?? throw Disposed();

    /// <summary>Element of a 2-D tensor (slow path: tests and tools).</summary>
    public float this[int row, int col]
    {
        get => Span[row * Cols + col];
        set => Span[row * Cols + col] = value;
    }

    /// <summary>Element by flat index (slow path).</summary>
    public float this[int index]
    {
        get => Span[index];
        set => Span[index] = value;
    }

    /// <summary>Allocates an uninitialised pooled tensor (registered with the current scope).</summary>
    public static Tensor Empty(params int[] shape)
    {
        ValidateShape(shape);
        var t = new Tensor(TensorPool.Rent(ShapeLength(shape)), (int[])shape.Clone(), pooled: true);
        TensorScope.Track(t);
        return t;
    }

    /// <summary>Allocates a zero-filled pooled tensor (registered with the current scope).</summary>
    public static Tensor Zeros(params int[] shape)
    {
        var t = Empty(shape);
        t.Span.Clear();
        return t;
    }

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Empty(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A scalar (rank 0) tensor.</summary>
    public static Tensor Scalar(float value) => Full(value);

    /// <summary>Copies <paramref name="values"/> into a new tensor of the given shape.</summary>
    /// <exception cref="ArgumentException">The element count does not match the shape.</exception>
    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape)
    {
        ValidateShape(shape);
        if (values.Length != ShapeLength(shape))
            throw new ArgumentException($"{values.Length} values do not fill shape [{string.Join(", ", shape)}].", nameof(values));
        var t = Empty(shape);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>
    /// Wraps an existing array without copying; the tensor never returns it to the pool and is not
    /// tracked by scopes. Used for parameters, gradients and optimiser state that live for a whole run.
    /// </summary>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        ValidateShape(shape);
        if (data.Length != ShapeLength(shape))
            throw new ArgumentException($"Array of {data.Length} does not match shape [{string.Join(", ", shape)}].", nameof(data));
        return new Tensor(data, (int[])shape.Clone(), pooled: false);
    }

    /// <summary>A long-lived zero tensor outside any scope (parameters, optimiser state).</summary>
    public static Tensor Persistent(params int[] shape)
    {
        ValidateShape(shape);
        return new Tensor(new float[ShapeLength(shape)], (int[])shape.Clone(), pooled: false);
    }

    /// <summary>A long-lived parameter: zero-initialised, requires gradients, named.</summary>
    public static Tensor Parameter(string name, params int[] shape)
    {
        var t = Persistent(shape);
        t.Name = name;
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Copies the elements to a new array.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <summary>The value of a single-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float ToScalar() => Length == 1 ? Span[0] : throw new InvalidOperationException($"ToScalar() needs one element, tensor has {Length}.");

    /// <summary>A copy that shares nothing with this tensor and carries no gradient history.</summary>
    public Tensor Clone()
    {
        var t = Empty(_shape);
        Span.CopyTo(t.Span);
        return t;
    }

    /// <summary>
    /// The same values cut off from the graph (like <c>torch.Tensor.detach</c>): gradients do not flow
    /// through the result. Shares storage: do not dispose it separately from this tensor.
    /// </summary>
    public Tensor Detach() => new(Array, _shape, pooled: false);

    /// <summary>Same storage viewed with another shape of equal element count (no copy, no gradient link).</summary>
    internal Tensor ViewAs(int[] shape)
    {
        ValidateShape(shape);
        if (ShapeLength(shape) != Length) throw new ArgumentException($"Cannot view {Length} elements as [{string.Join(", ", shape)}].");
        return new Tensor(Array, shape, pooled: false);
    }

    /// <summary>Runs reverse-mode differentiation from this scalar and accumulates leaf gradients.</summary>
    /// <exception cref="InvalidOperationException">This tensor is not a scalar or does not require gradients.</exception>
    public void Backward() => Autograd.Backward.Run(this);

    /// <summary>Returns the storage to the pool (pooled tensors) and makes the tensor unusable.</summary>
    public void Dispose()
    {
        var data = Interlocked.Exchange(ref _data, null);
        if (data is not null && IsPooled) TensorPool.Return(data);
        Node = null;
    }

    /// <summary>Shape as text, e.g. <c>[4, 8]</c>.</summary>
    public string ShapeString => "[" + string.Join(", ", _shape) + "]";

    /// <inheritdoc />
    public override string ToString() => $"Tensor{ShapeString}{(Name is null ? "" : " " + Name)}";

    internal static int ShapeLength(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return checked((int)n);
    }

    private static void ValidateShape(int[] shape)
    {
        if (shape.Length > 2) throw new ArgumentException($"Tensors have rank 0, 1 or 2; got rank {shape.Length}.", nameof(shape));
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"Negative dimension in shape [{string.Join(", ", shape)}].", nameof(shape));
    }

    private ObjectDisposedException Disposed() => new(nameof(Tensor), $"{this} was disposed (its scope ended or Dispose was called).");
}
