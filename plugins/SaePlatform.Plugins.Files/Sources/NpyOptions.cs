using System.ComponentModel;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>Options of the <c>npy</c> data source.</summary>
public sealed class NpyOptions : FileListOptions
{
    /// <summary>For .npz archives: the array to read; unset takes the only array of a one-array archive.</summary>
    [Description("For .npz archives: the array to read (unset: the archive's only array).")]
    public string? Array { get; set; }
}
