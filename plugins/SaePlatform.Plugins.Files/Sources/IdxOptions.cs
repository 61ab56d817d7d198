using System.ComponentModel;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>Options of the <c>idx</c> data source.</summary>
public sealed class IdxOptions : FileListOptions
{
    /// <summary>Divide unsigned-byte values (pixels) by 255 so they lie in [0, 1]. Default true.</summary>
    [Description("Divide unsigned-byte values (pixels) by 255 so they lie in [0, 1].")]
    public bool Scale { get; set; } = true;
}
