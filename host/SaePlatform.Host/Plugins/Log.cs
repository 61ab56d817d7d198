using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Plugins;

/// <summary>Log events of plugin loading (event ids 1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Searching {Root} ({Source}) for plugins")]
    public static partial void SearchingRoot(this ILogger logger, string root, string source);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Loaded plugin {PluginId} {Version} from {Folder} ({ComponentCount} components)")]
    public static partial void PluginLoaded(this ILogger logger, string pluginId, string version, string folder, int componentCount);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "{PluginCount} plugins, {ComponentCount} components")]
    public static partial void PluginsLoaded(this ILogger logger, int pluginCount, int componentCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Plugin not loaded: {Message}")]
    public static partial void PluginFailed(this ILogger logger, string message);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Plugin skipped: {Message}")]
    public static partial void PluginSkipped(this ILogger logger, string message);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Plugin {PluginId} ({Folder}): {Warning}")]
    public static partial void PluginWarning(this ILogger logger, string pluginId, string folder, string warning);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Registered {Kind} {ComponentId} from plugin {PluginId}")]
    public static partial void ComponentRegistered(this ILogger logger, string kind, string componentId, string pluginId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Did not construct {Kind} {ComponentId} of plugin {PluginId} at load: {Why}")]
    public static partial void ComponentNotProbed(this ILogger logger, string kind, string componentId, string pluginId, string why);

    /// <summary>A plugin that did not load, reported by the command that needed the catalog (the message names it and why).</summary>
    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "{Plugin}")]
    public static partial void PluginNotLoaded(this ILogger logger, string plugin);
}
