namespace SaePlatform.Tensors.IO;

/// <summary>
/// A tensor file (safetensors, .npy, .npz) is malformed, truncated or holds something the readers
/// do not support. The message names the file and what is wrong with it.
/// </summary>
public sealed class TensorFileException : IOException
{
    /// <summary>Creates the exception; the message is prefixed with the file path.</summary>
    public TensorFileException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file (or "archive.npz:entry") that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
