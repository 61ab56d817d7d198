using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>Options of the <c>safetensors</c> data source.</summary>
public sealed class SafetensorsOptions : FileListOptions
{
    /// <summary>Name of the tensor to read from every file. Required.</summary>
    [Description("Name of the tensor to read from every file, e.g. activations (required; the error lists the file's tensors).")]
    public string Tensor { get; set; } = "";

    /// <inheritdoc />
    /// <remarks>A missing <see cref="Tensor"/> is reported with the tensors of the first file, so the fix is in the message.</remarks>
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (!string.IsNullOrEmpty(Tensor)) yield break;
        yield return new ValidationResult("is required" + TensorsOfFirstFile(), [nameof(Tensor)]);
    }

    private string TensorsOfFirstFile()
    {
        try
        {
            var first = FilePatterns.Expand(Path, Paths).FirstOrDefault();
            if (first is null) return "";
            var names = SafetensorsFile.ReadHeader(first).Tensors.Select(t => t.Name).ToList();
            return $" (tensors in {System.IO.Path.GetFileName(first)}: {string.Join(", ", names)})";
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or TensorFileException or UnauthorizedAccessException)
        {
            return ""; // the file's own problem is reported when it is opened
        }
    }
}
