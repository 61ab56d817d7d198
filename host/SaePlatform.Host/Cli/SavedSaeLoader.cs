using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Runs;

namespace SaePlatform.Host.Cli;

/// <summary>Builds a saved SAE from its folder with the loaded plugins (for <c>sae eval</c> and <c>sae encode</c>).</summary>
internal static class SavedSaeLoader
{
    public static (SavedSae Saved, ISaeArchitecture Sae) Load(PluginCatalog catalog, string folder, ILoggerFactory loggers)
    {
        var saved = SavedSae.Read(folder);
        var context = new ComponentContext(loggers.CreateLogger(saved.ComponentId), saved.Folder, saved.Folder, 0);
        return (saved, saved.Build(catalog, context));
    }
}
