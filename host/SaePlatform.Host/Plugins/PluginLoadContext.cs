using System.Reflection;
using System.Runtime.Loader;

namespace SaePlatform.Host.Plugins;

/// <summary>
/// One plugin's private load context: its own dependencies come from its folder (so two plugins may carry
/// different versions of the same library), the shared assemblies from the host.
/// </summary>
/// <remarks>
/// Not collectible: components live for the whole process, and unloading would only add the cost of
/// collectible code. Anything neither shared nor found in the plugin folder (framework assemblies, say)
/// falls through to the default context.
/// </remarks>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;

    /// <summary>Creates the context for the plugin whose entry assembly is <paramref name="entryAssemblyPath"/>.</summary>
    public PluginLoadContext(string pluginId, string entryAssemblyPath)
        : base($"plugin:{pluginId}", isCollectible: false)
    {
        EntryAssemblyPath = entryAssemblyPath;
        _resolver = new AssemblyDependencyResolver(entryAssemblyPath);
    }

    /// <summary>Full path of the plugin's entry assembly.</summary>
    public string EntryAssemblyPath { get; }

    /// <summary>Loads the entry assembly into this context.</summary>
    public Assembly LoadEntryAssembly() => LoadFromAssemblyPath(EntryAssemblyPath);

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Null hands the request to the default context, even when the plugin folder has its own copy:
        // a second SaePlatform.Contracts would make every component attribute and interface a stranger.
        if (SharedAssemblies.IsShared(assemblyName)) return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
