namespace SaePlatform.Host.Plugins;

/// <summary>A <c>plugin.json</c> is missing, is not valid JSON, or lacks or mistypes a field.</summary>
/// <remarks>The message is "&lt;path&gt;: &lt;problem&gt;"; the problem names the field or the line and position.</remarks>
internal sealed class PluginManifestException(string manifestPath, string problem, Exception? inner = null)
    : Exception($"{manifestPath}: {problem}", inner)
{
    /// <summary>Full path of the offending <c>plugin.json</c>.</summary>
    public string ManifestPath { get; } = manifestPath;

    /// <summary>What is wrong, without the path (e.g. "field 'id' is missing").</summary>
    public string Problem { get; } = problem;
}
