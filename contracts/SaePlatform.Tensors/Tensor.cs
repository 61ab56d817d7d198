using System.Runtime.CompilerServices;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.Backends;
using SaePlatform.Tensors.Storage;

namespace SaePlatform.Tensors;

/// <summary>Host code run over a tensor's elements by <see cref="Tensor.EditOnHost"/>.</summary>
/// <param name="values">The elements, row-major; changes are kept.</param>
public delegate void HostEdit(Span<float> values);

/// <summary>
/// A dense float32 tensor: row-major, contiguous, rank 0 (scalar), 1 or 2, in host memory or on the current
/// backend's device (<see cref="TensorStorage"/>). Storage is pooled; tensors created inside a <see cref="TensorScope"/> are returned to the
/// pool when the scope ends, so a training step reuses the previous step's buffers.
/// </summary>
/// <remarks>
/// Operations live in <see cref="Ops"/> (and as instance shortcuts here). An operation whose inputs
/// require gradients records a <see cref="GradNode"/> on its result; <see cref="Backward"/> on a
/// scalar walks those nodes in reverse and accumulates <see cref="Grad"/> on the leaves.
/// </remarks>
public sealed class Tensor : IDisposable
{
    private TensorStorage? _storage;
    private float[]? _host;
    private readonly int[] _shape;
    private readonly bool _ownsStorage;

    private Tensor(TensorStorage storage, int[] shape, bool ownsStorage)
    {
        _storage = storage;
        _host = (storage as HostStorage)?.Data;
        _shape = shape;
        Length = ShapeLength(shape);
        _ownsStorage = ownsStorage;
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

    /// <summary>Where the elements live: <see cref="TensorDevice.Host"/> or a backend's device.</summary>
    public TensorDevice Device => (_storage ?? throw Disposed()).Device;

    /// <summary>True when the elements are in host memory (<see cref="Span"/> and <see cref="Array"/> work).</summary>
    public bool IsHost => _host is not null;

    /// <summary>
    /// The memory behind the tensor. Backends reach their own device buffers through it; everyone else copies with
    /// <see cref="ToHost"/>, <see cref="CopyTo(Span{float})"/> and <see cref="CopyFrom(ReadOnlySpan{float})"/>.
    /// </summary>
    public TensorStorage Storage => _storage ?? throw Disposed();

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
                GradRaw.Fill(0f);
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
    public bool IsDisposed => _storage is null;

    /// <summary>
    /// The elements, row-major, in host memory. Throws <see cref="ObjectDisposedException"/> after dispose and
    /// <see cref="DeviceMemoryAccessException"/> for a tensor on a device: copy those explicitly
    /// (<see cref="ToHost"/>, <see cref="CopyTo(Span{float})"/>), and keep such copies out of training steps.
    /// </summary>
    public Span<float> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (_host ?? NoHostMemory("Tensor.Span")).AsSpan(0, Length);
    }

    /// <summary>The backing host array (its length equals <see cref="Length"/>), for kernels and IO; host tensors only (see <see cref="Span"/>).</summary>
    public float[] Array => _host ?? NoHostMemory("Tensor.Array");

    /// <summary>Element of a 2-D tensor (slow path: tests and tools; host tensors only).</summary>
    public float this[int row, int col]
    {
        get => Span[row * Cols + col];
        set => Span[row * Cols + col] = value;
    }

    /// <summary>Element by flat index (slow path; host tensors only).</summary>
    public float this[int index]
    {
        get => Span[index];
        set => Span[index] = value;
    }

    /// <summary>
    /// Allocates an uninitialised pooled tensor on the current backend's device (<see cref="TensorBackend.Current"/>),
    /// registered with the current scope.
    /// </summary>
    public static Tensor Empty(params int[] shape)
    {
        ValidateShape(shape);
        var t = new Tensor(TensorBackend.Current.Allocate(ShapeLength(shape), persistent: false), (int[])shape.Clone(), ownsStorage: true);
        TensorScope.Track(t);
        return t;
    }

    /// <summary>Allocates an uninitialised pooled tensor in host memory whatever the current backend (for IO and metrics).</summary>
    public static Tensor EmptyHost(params int[] shape)
    {
        ValidateShape(shape);
        var t = new Tensor(HostStorage.Rent(ShapeLength(shape)), (int[])shape.Clone(), ownsStorage: true);
        TensorScope.Track(t);
        return t;
    }

    /// <summary>Allocates a zero-filled pooled tensor (registered with the current scope).</summary>
    public static Tensor Zeros(params int[] shape)
    {
        var t = Empty(shape);
        t.Fill(0f);
        return t;
    }

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Empty(shape);
        t.Fill(value);
        return t;
    }

    /// <summary>A scalar (rank 0) tensor.</summary>
    public static Tensor Scalar(float value) => Full(value);

    /// <summary>Copies <paramref name="values"/> into a new tensor of the given shape on the current backend's device.</summary>
    /// <exception cref="ArgumentException">The element count does not match the shape.</exception>
    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape)
    {
        ValidateShape(shape);
        if (values.Length != ShapeLength(shape))
            throw new ArgumentException($"{values.Length} values do not fill shape [{string.Join(", ", shape)}].", nameof(values));
        var t = Empty(shape);
        t.CopyFrom(values);
        return t;
    }

    /// <summary>
    /// Wraps an existing host array without copying; the tensor never returns it to the pool and is not
    /// tracked by scopes. Used for data read from files and for long-lived host buffers.
    /// </summary>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        ValidateShape(shape);
        if (data.Length != ShapeLength(shape))
            throw new ArgumentException($"Array of {data.Length} does not match shape [{string.Join(", ", shape)}].", nameof(data));
        return new Tensor(new HostStorage(data, pooled: false), (int[])shape.Clone(), ownsStorage: false);
    }

    /// <summary>
    /// Host data as an operand of the current backend (a training batch, rows to encode): wrapped without a copy when the
    /// backend computes on the host, uploaded into a pooled, scope-tracked tensor when it computes on a device.
    /// </summary>
    /// <exception cref="ArgumentException">The array's length does not match the shape.</exception>
    public static Tensor Input(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return TensorBackend.Current.Device.IsHost ? Wrap(data, shape) : FromArray(data, shape);
    }

    /// <summary>
    /// A long-lived zero tensor outside any scope (parameters, optimiser state), on the current backend's device.
    /// </summary>
    public static Tensor Persistent(params int[] shape)
    {
        ValidateShape(shape);
        var storage = TensorBackend.Current.Allocate(ShapeLength(shape), persistent: true);
        var t = new Tensor(storage, (int[])shape.Clone(), ownsStorage: true);
        if (!storage.Device.IsHost) t.Fill(0f);
        return t;
    }

    /// <summary>A long-lived parameter: zero-initialised, requires gradients, named.</summary>
    public static Tensor Parameter(string name, params int[] shape)
    {
        var t = Persistent(shape);
        t.Name = name;
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Copies the elements to a new host array (a transfer for a device tensor).</summary>
    public float[] ToArray()
    {
        var values = new float[Length];
        CopyTo(values);
        return values;
    }

    /// <summary>Copies the elements to host memory (a transfer for a device tensor).</summary>
    /// <exception cref="ArgumentException">The destination's length is not <see cref="Length"/>.</exception>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length != Length) throw new ArgumentException($"{this} has {Length} elements; the destination holds {destination.Length}.", nameof(destination));
        if (_host is { } host) host.AsSpan(0, Length).CopyTo(destination);
        else Storage.Download(0, destination);
    }

    /// <summary>Overwrites the elements with host values (a transfer for a device tensor).</summary>
    /// <exception cref="ArgumentException">The source's length is not <see cref="Length"/>.</exception>
    public void CopyFrom(ReadOnlySpan<float> source)
    {
        if (source.Length != Length) throw new ArgumentException($"{this} has {Length} elements; {source.Length} values were given.", nameof(source));
        if (_host is { } host) source.CopyTo(host.AsSpan(0, Length));
        else Storage.Upload(0, source);
    }

    /// <summary>
    /// Overwrites the elements with <paramref name="source"/>'s (same element count): a device copy when both live on the
    /// same device, else an upload, a download, or both through host memory.
    /// </summary>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public void CopyFrom(Tensor source)
    {
        if (source.Length != Length) throw new ArgumentException($"{this} has {Length} elements; {source} has {source.Length}.", nameof(source));
        if (ReferenceEquals(source.Storage.Device, Storage.Device)) source.Storage.CopyTo(0, Storage, 0, Length);
        else if (source._host is { } host) CopyFrom(host.AsSpan(0, Length));
        else if (_host is { } target) source.CopyTo(target.AsSpan(0, Length));
        else CopyFrom(source.ToArray());
    }

    /// <summary>
    /// The elements for host code to read: the memory itself for a host tensor, a downloaded copy (one transfer) for a
    /// device tensor. For setup, saving and between-step work; inside a training step use operations.
    /// </summary>
    public ReadOnlySpan<float> ReadOnHost() => _host is { } host ? host.AsSpan(0, Length) : ToArray();

    /// <summary>
    /// Lets host code change the elements: in place for a host tensor; for a device tensor a download, the edit and an
    /// upload. For setup and between-step work (initialisation, resampling); inside a training step use operations.
    /// </summary>
    public void EditOnHost(HostEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        if (_host is { } host)
        {
            edit(host.AsSpan(0, Length));
            return;
        }
        var values = ToArray();
        edit(values);
        CopyFrom(values);
    }

    /// <summary>Sets every element to <paramref name="value"/> on the tensor's device.</summary>
    public void Fill(float value)
    {
        if (_host is { } host) host.AsSpan(0, Length).Fill(value);
        else Storage.Fill(0, Length, value);
    }

    /// <summary>A host copy of this tensor (a transfer for a device tensor), pooled and registered with the current scope.</summary>
    public Tensor ToHost()
    {
        var t = EmptyHost(_shape);
        CopyTo(t.Span);
        return t;
    }

    /// <summary>
    /// A copy on the current backend's device (<see cref="TensorBackend.Current"/>), pooled and registered with the
    /// current scope: the upload of a host tensor, or a device copy.
    /// </summary>
    public Tensor ToDevice()
    {
        var t = Empty(_shape);
        if (_host is { } host) t.CopyFrom(host.AsSpan(0, Length));
        else if (t._host is { } target) CopyTo(target.AsSpan(0, Length));
        else t.CopyFrom(this);
        return t;
    }

    /// <summary>The value of a single-element tensor (one small read for a device tensor).</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float ToScalar()
    {
        if (Length != 1) throw new InvalidOperationException($"ToScalar() needs one element, tensor has {Length}.");
        if (_host is { } host) return host[0];
        Span<float> value = stackalloc float[1];
        Storage.Download(0, value);
        return value[0];
    }

    /// <summary>A copy on the same device that shares nothing with this tensor and carries no gradient history.</summary>
    public Tensor Clone()
    {
        ValidateShape(_shape);
        var t = new Tensor(Device.IsHost ? HostStorage.Rent(Length) : TensorBackend.Current.Allocate(Length, persistent: false), (int[])_shape.Clone(), ownsStorage: true);
        TensorScope.Track(t);
        t.CopyFrom(this);
        return t;
    }

    /// <summary>
    /// The same values cut off from the graph (like <c>torch.Tensor.detach</c>): gradients do not flow
    /// through the result. Shares storage: do not dispose it separately from this tensor.
    /// </summary>
    public Tensor Detach() => new(Storage, _shape, ownsStorage: false);

    /// <summary>Same storage viewed with another shape of equal element count (no copy, no gradient link).</summary>
    internal Tensor ViewAs(int[] shape)
    {
        ValidateShape(shape);
        if (ShapeLength(shape) != Length) throw new ArgumentException($"Cannot view {Length} elements as [{string.Join(", ", shape)}].");
        return new Tensor(Storage, shape, ownsStorage: false);
    }

    /// <summary>A 1-D tensor that owns <paramref name="storage"/> (for a backend handing out memory it filled), scope-tracked.</summary>
    internal static Tensor OnStorage(TensorStorage storage, int length)
    {
        var t = new Tensor(storage, [length], ownsStorage: true);
        TensorScope.Track(t);
        return t;
    }

    /// <summary>
    /// A host tensor over the same memory as this device tensor, for a backend that runs host kernels over memory it
    /// owns (the simulated device). Not tracked, never released.
    /// </summary>
    internal static Tensor HostView(float[] memory, Tensor of) => new(new HostStorage(memory, pooled: false), of._shape, ownsStorage: false) { Name = of.Name };

    /// <summary>Runs reverse-mode differentiation from this scalar and accumulates leaf gradients.</summary>
    /// <exception cref="InvalidOperationException">This tensor is not a scalar or does not require gradients.</exception>
    public void Backward() => Autograd.Backward.Run(this);

    /// <summary>Returns the storage to its pool or device (owned storage) and makes the tensor unusable.</summary>
    public void Dispose()
    {
        var storage = Interlocked.Exchange(ref _storage, null);
        _host = null;
        if (storage is not null && _ownsStorage) storage.Release();
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private float[] NoHostMemory(string accessor)
    {
        if (_storage is null) throw Disposed();
        throw DeviceMemoryAccessException.For(this, accessor);
    }

    private ObjectDisposedException Disposed() => new(nameof(Tensor), $"{this} was disposed (its scope ended or Dispose was called).");
}
