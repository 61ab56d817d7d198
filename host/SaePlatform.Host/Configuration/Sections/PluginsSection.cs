using System.ComponentModel;
using SaePlatform.Contracts.Options;

namespace SaePlatform.Host.Configuration.Sections;

/// <summary>The <c>plugins</c> section: extra plugin folders to load besides the host's own <c>plugins/</c>.</summary>
internal sealed class PluginsSection
{
    /// <summary>Folders holding a plugin (or folders of plugins), relative to the config file. Default none.</summary>
    [Description("Extra plugin folders, relative to the config file.")]
    [PathOption(IsDirectory = true)]
    public List<string> Paths { get; set; } = [];
}
