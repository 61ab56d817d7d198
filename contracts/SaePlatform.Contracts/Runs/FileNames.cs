using System.Text;

namespace SaePlatform.Contracts.Runs;

/// <summary>
/// Names from the config (models, layers, metric keys) made safe as file and folder names. The two rules differ
/// on purpose and both are part of the on-disk layout: run folders use <see cref="ForFolder"/>, figure files
/// <see cref="ForFile"/>, so a model <c>org/name</c> has the folder <c>org-name</c> and figures <c>org_name_...</c>.
/// </summary>
public static class FileNames
{
    /// <summary>
    /// A portable folder or file name: letters, digits, '.', '-' and '_' are kept (after trimming), anything else
    /// becomes '-' (<c>EleutherAI/pythia-70m</c> -> <c>EleutherAI-pythia-70m</c>); an empty result, "." or ".." gives "_".
    /// </summary>
    /// <param name="name">A model or layer name as written in the config.</param>
    /// <returns>The name, safe on every file system.</returns>
    public static string ForFolder(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim()) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        var text = builder.ToString();
        return text is "" or "." or ".." ? "_" : text;
    }

    /// <summary>
    /// A file name: characters this platform forbids in file names (<see cref="Path.GetInvalidFileNameChars"/>) and
    /// white space become '_', everything else is kept.
    /// </summary>
    /// <param name="name">A file name without folder, e.g. <c>{model}_{layer}_loss</c>.</param>
    /// <returns>The name with the forbidden characters replaced.</returns>
    public static string ForFile(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return new string([.. name.Select(c => Array.IndexOf(invalid, c) >= 0 || char.IsWhiteSpace(c) ? '_' : c)]);
    }
}
