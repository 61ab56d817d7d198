namespace SaePlatform.Tensors.IO;

/// <summary>Every tensor of a safetensors file, converted to float32, plus its metadata.</summary>
public sealed class SafetensorsContent
{
    internal SafetensorsContent(string path, IReadOnlyList<string> names, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Names = names;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Tensor names in the order their data appears in the file.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Tensors by name: long-lived (non-pooled) float32 tensors, each named after its key.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The file has no such tensor (the message lists those it has).</exception>
    public Tensor this[string name] => Tensors.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"{Path}: no tensor named '{name}' (tensors: {string.Join(", ", Names)}).");
}
