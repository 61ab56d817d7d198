using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration;

/// <summary>A config after <c>extends</c> and <c>--set</c>, before binding to components.</summary>
/// <param name="Root">The merged tree (without <c>extends</c>).</param>
/// <param name="ConfigPath">Absolute path of the file named on the command line.</param>
/// <param name="Errors">Problems found while composing (unreadable files, syntax, cycles, bad overrides).</param>
/// <param name="Incomplete">Whether some file could not be read, so missing sections may only look missing.</param>
internal sealed record ComposedConfig(ConfigMap Root, string ConfigPath, IReadOnlyList<ConfigError> Errors, bool Incomplete)
{
    /// <summary>Folder of <see cref="ConfigPath"/>.</summary>
    public string ConfigDirectory => Path.GetDirectoryName(ConfigPath)!;
}
