using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>Options of the <c>safetensors</c> data source.</summary>
public sealed class SafetensorsOptions : FileListOptions
{
    /// <summary>Name of the tensor to read from every file.</summary>
    [Required]
    [Description("Name of the tensor to read from every file, e.g. activations.")]
    public string Tensor { get; set; } = "";
}
