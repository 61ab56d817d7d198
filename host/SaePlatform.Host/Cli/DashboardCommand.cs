using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SaePlatform.Host.Dashboard;

namespace SaePlatform.Host.Cli;

/// <summary>
/// <c>sae dashboard [--sae-dir results/saes] [--port 8050] [--host 127.0.0.1]</c>: serves the live dashboard over every
/// run below the folder until Ctrl+C. <c>sae train --dashboard</c> starts the same server beside its runs
/// (<see cref="StartBeside"/>). Exit 2 for a bad --host or --port, 1 when the port cannot be bound.
/// </summary>
internal static class DashboardCommand
{
    /// <summary>The port used when none is given.</summary>
    public const int DefaultPort = 8050;

    public static Command Create(Option<bool> verbose)
    {
        var saeDir = new Option<string>("--sae-dir") { Description = "Folder whose runs to show (every model, layer and sweep below it).", DefaultValueFactory = _ => Path.Combine("results", "saes") };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => DefaultPort };
        var host = new Option<string>("--host") { Description = "Address to listen on; anything but 127.0.0.1 exposes every run to the network.", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("dashboard", "Serve a live web dashboard of the runs under a folder (reads files only).") { saeDir, port, host };
        command.SetAction(parse => Run(parse.GetValue(saeDir)!, parse.GetValue(port), parse.GetValue(host)!, parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string saeDir, int port, string hostName, bool verbose)
    {
        using var host = SaeHost.Build(verbose);
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var log = loggers.CreateLogger("sae");
        if (!TryParse(hostName, port, log, out var address)) return ExitCodes.UsageOrConfigError;
        DashboardServer server;
        try
        {
            server = DashboardServer.StartAsync(saeDir, address, port, loggers).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            log.CommandFailed(e.Message);
            return ExitCodes.RuntimeFailure;
        }
        Console.Out.WriteLine($"Dashboard: {server.Url}  (Ctrl+C to stop)");
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            server.WaitAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>sae train --dashboard</c>: starts the dashboard over the run's output folder and writes its URL to
    /// <paramref name="output"/>. A dashboard that cannot start is a warning: the run goes on without it.
    /// </summary>
    /// <returns>The server (dispose it after the run), or null when it did not start.</returns>
    internal static DashboardServer? StartBeside(string saeDir, DashboardRequest request, ILoggerFactory loggers, TextWriter output)
    {
        var log = loggers.CreateLogger("dashboard");
        if (!TryParse(request.Host, request.Port, log, out var address)) return null;
        try
        {
            var server = DashboardServer.StartAsync(saeDir, address, request.Port, loggers).GetAwaiter().GetResult();
            output.WriteLine($"Dashboard: {server.Url}");
            output.Flush();
            return server;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong (a port in use, a broken ASP.NET install), the run does not depend on its dashboard.
            log.DashboardNotStarted(e.Message);
            return null;
        }
    }

    /// <summary>Stops a dashboard started by <see cref="StartBeside"/>; a failure to stop is logged, never thrown over the run's result.</summary>
    internal static void StopBeside(DashboardServer? server, ILoggerFactory loggers)
    {
        if (server is null) return;
        try
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            loggers.CreateLogger("dashboard").DashboardNotStarted($"stopping: {e.Message}");
        }
    }

    private static bool TryParse(string hostName, int port, ILogger log, out IPAddress address)
    {
        address = IPAddress.Loopback;
        if (port is < 0 or > 65535)
        {
            log.CommandFailed($"--port must be between 0 and 65535, got {port}");
            return false;
        }
        try
        {
            address = DashboardServer.ParseHost(hostName);
            return true;
        }
        catch (FormatException e)
        {
            log.CommandFailed(e.Message);
            return false;
        }
    }
}

/// <summary><c>sae train --dashboard [--dashboard-port N] [--dashboard-host H]</c>.</summary>
internal sealed record DashboardRequest(string Host, int Port);
