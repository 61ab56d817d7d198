using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Options;

namespace SaePlatform.Plugins.Files;

/// <summary>The file selection shared by the npy, safetensors, csv and idx sources: <c>path</c> and/or <c>paths</c>.</summary>
public abstract class FileListOptions : IValidatableObject
{
    /// <summary>One file or a pattern with <c>*</c>/<c>?</c> in the file name (relative to the config file).</summary>
    [PathOption]
    [Description("A file, or a pattern such as acts_*.npy (wildcards in the file name; matches sorted by name).")]
    public string? Path { get; set; }

    /// <summary>Several files or patterns, read in this order after <see cref="Path"/>.</summary>
    [PathOption]
    [Description("A list of files or patterns, read in order (after path).")]
    public List<string> Paths { get; set; } = [];

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Path) && Paths.Count == 0)
            yield return new ValidationResult("set path (a file or pattern) or paths (a list).", [nameof(Path)]);
    }
}
