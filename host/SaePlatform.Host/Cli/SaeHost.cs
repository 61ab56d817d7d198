using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Logging;
using SaePlatform.Host.Plugins;
using SaePlatform.Tensors.Backends;

namespace SaePlatform.Host.Cli;

/// <summary>
/// The generic host behind every command: Serilog logging (console + per-run file), the plugin loader
/// and the tensor backend's one-time notices routed into the log.
/// </summary>
internal static class SaeHost
{
    public static IHost Build(bool verbose)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var logging = new SaeLogging(verbose);
        builder.Services.AddSingleton(logging);
        builder.Services.AddSingleton(logging.RunLog);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.Services.AddSingleton(logging.Factory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<PluginLoader>();
        var host = builder.Build();

        var engineLog = logging.Factory.CreateLogger("engine");
        TensorBackend.Notice += message => engineLog.EngineNotice(message);
        return host;
    }
}
