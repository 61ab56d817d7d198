using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Runs;

namespace SaePlatform.Host.Cli;

/// <summary>Loads the plugins and builds a saved SAE from its folder (for <c>sae eval</c> and <c>sae encode</c>).</summary>
internal static class SavedSaeLoader
{
    public static PluginCatalog LoadPlugins(IHost host, IEnumerable<string>? extraRoots, ILogger log)
    {
        var catalog = host.Services.GetRequiredService<PluginLoader>().Load(PluginRoots.ForHost(extraRoots));
        foreach (var failed in catalog.NotLoaded) log.LogWarning("{Plugin}", failed.Message);
        return catalog;
    }

    public static (SavedSae Saved, ISaeArchitecture Sae) Load(PluginCatalog catalog, string folder, ILoggerFactory loggers)
    {
        var saved = SavedSae.Read(folder);
        var context = new ComponentContext(loggers.CreateLogger(saved.ComponentId), saved.Folder, saved.Folder, 0);
        return (saved, saved.Build(catalog, context));
    }
}
