using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.TrainingPlots;

/// <summary>Writes a text file through a temporary sibling and a rename, so readers never see half a file.</summary>
internal static class OutputFile
{
    /// <summary>UTF-8 without a byte-order mark; each write has its own temporary name (<see cref="AtomicFile"/>).</summary>
    public static void WriteText(string path, string text) => AtomicFile.WriteText(path, text);
}
