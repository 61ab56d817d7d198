namespace SaePlatform.Tensors.Storage;

/// <summary>
/// Where a tensor's elements live: host memory (<see cref="Host"/>, the CPU backend's) or memory that only one
/// backend can touch (a simulated device, a GPU). Host code reads a device tensor only through explicit copies
/// (<see cref="Tensor.ToHost"/>, <see cref="Tensor.CopyTo(System.Span{float})"/>, <see cref="Tensor.ToScalar"/>).
/// </summary>
public sealed class TensorDevice
{
    private TensorDevice(string name, bool isHost)
    {
        Name = name;
        IsHost = isHost;
    }

    /// <summary>Host memory: tensors here expose <see cref="Tensor.Span"/>.</summary>
    public static TensorDevice Host { get; } = new("cpu", isHost: true);

    /// <summary>A device whose memory host code cannot address, e.g. <c>simdevice</c> or <c>cuda:0</c>.</summary>
    /// <exception cref="ArgumentException">The name is empty or is the host's.</exception>
    public static TensorDevice Create(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name == Host.Name)
            throw new ArgumentException($"A device needs a name other than '{Host.Name}'.", nameof(name));
        return new TensorDevice(name, isHost: false);
    }

    /// <summary>Short name, e.g. <c>cpu</c>, <c>simdevice</c>, <c>cuda:0</c>.</summary>
    public string Name { get; }

    /// <summary>True for host memory.</summary>
    public bool IsHost { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
