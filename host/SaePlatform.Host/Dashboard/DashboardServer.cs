using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Runs;

namespace SaePlatform.Host.Dashboard;

/// <summary>
/// <c>sae dashboard</c> and <c>sae train --dashboard</c>: a Kestrel server (ASP.NET Core shared framework) on its own
/// threads serving our page (Dashboard/Web, embedded) and a JSON API over the runs below a sae-dir. It only reads files;
/// a request that fails answers with its error and the server goes on. Charts are thinned on the server to min/max per
/// pixel column, so a 100,000-step history costs the page a few thousand points.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private const int MaxWidth = 4000;
    private const int MaxDensityRows = 200;

    private readonly WebApplication _app;
    private readonly RunCatalog _catalog;
    private readonly ILogger _log;

    private DashboardServer(WebApplication app, RunCatalog catalog, ILogger log)
    {
        _app = app;
        _catalog = catalog;
        _log = log;
    }

    /// <summary>The address the page is served at, e.g. <c>http://127.0.0.1:8050/</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Parses <c>--host</c>: an IP address, or <c>localhost</c>.</summary>
    /// <exception cref="FormatException">Neither (message names the value).</exception>
    public static IPAddress ParseHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (IPAddress.TryParse(host, out var address)) return address;
        throw new FormatException($"--host '{host}' is not an IP address (use 127.0.0.1, the default, or 0.0.0.0 for every interface)");
    }

    /// <summary>Starts serving <paramref name="saeDirectory"/> on <paramref name="address"/>:<paramref name="port"/> (0: any free port).</summary>
    /// <exception cref="IOException">The port could not be bound (in use, not allowed).</exception>
    public static async Task<DashboardServer> StartAsync(string saeDirectory, IPAddress address, int port, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger("dashboard");
        var catalog = new RunCatalog(saeDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        var app = builder.Build();
        var server = new DashboardServer(app, catalog, log);
        server.Map();
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"the dashboard could not listen on {address}:{port}: {e.Message}", e);
        }
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = bound.Replace("0.0.0.0", Environment.MachineName, StringComparison.Ordinal).Replace("[::]", Environment.MachineName, StringComparison.Ordinal)
            .TrimEnd('/') + "/";
        if (!IPAddress.IsLoopback(address)) log.DashboardExposed(address.ToString(), catalog.Root);
        log.DashboardListening(catalog.Root, server.Url);
        return server;
    }

    /// <summary>Completes when the server stops (Ctrl+C is handled by the caller through <paramref name="stop"/>).</summary>
    public Task WaitAsync(CancellationToken stop) => _app.WaitForShutdownAsync(stop);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map()
    {
        _app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        _app.MapGet("/dashboard.js", () => Asset("dashboard.js", "text/javascript; charset=utf-8"));
        _app.MapGet("/dashboard.css", () => Asset("dashboard.css", "text/css; charset=utf-8"));
        _app.MapGet("/api/runs", (HttpContext c) => Guarded(c, Runs));
        _app.MapGet("/api/history", (HttpContext c) => Guarded(c, History));
        _app.MapGet("/api/run", (HttpContext c) => Guarded(c, Details));
        _app.MapGet("/api/csv", (HttpContext c) => Guarded(c, Csv));
        _app.MapGet("/api/figure", (HttpContext c) => Guarded(c, Figure));
    }

    private static IResult Asset(string name, string contentType)
    {
        var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("dashboard/" + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }

    private async Task Guarded(HttpContext context, Func<HttpContext, Task> handler)
    {
        try
        {
            context.Response.Headers.CacheControl = "no-store";
            await handler(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever a file holds, the server answers and goes on; the page shows the message.
            _log.DashboardRequestFailed(context.Request.Path + context.Request.QueryString, e.Message);
            if (context.Response.HasStarted) return;
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await WriteJson(context, w => w.WriteString("error", e.Message)).ConfigureAwait(false);
        }
    }

    private static async Task WriteJson(HttpContext context, Action<Utf8JsonWriter> body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private RunEntry? RunOf(HttpContext context)
    {
        string id = context.Request.Query["run"].ToString();
        var run = _catalog.Find(id);
        if (run is null) context.Response.StatusCode = StatusCodes.Status404NotFound;
        return run;
    }

    private static Task NotFound(HttpContext context, string what) => WriteJson(context, w => w.WriteString("error", $"no run '{what}' under the sae-dir"));

    private Task Runs(HttpContext context)
    {
        var runs = _catalog.Discover();
        return WriteJson(context, w =>
        {
            w.WriteString("sae_dir", _catalog.Root);
            w.WriteStartArray("runs");
            foreach (var run in runs)
            {
                var status = RunCatalog.Status(run);
                var tail = StreamTail.Read(run.File("_training_log.jsonl"));
                w.WriteStartObject();
                w.WriteString("id", run.Id);
                w.WriteString("model", run.Model);
                w.WriteString("layer", run.Layer);
                w.WriteString("state", status.State);
                w.WriteString("detail", status.Detail);
                w.WriteString("verdict", status.Verdict);
                w.WriteString("error", status.Error);
                if (tail.LastStep is { } last) w.WriteNumber("last_step", last); else w.WriteNull("last_step");
                w.WriteString("version", string.Create(CultureInfo.InvariantCulture, $"{status.State}:{tail.Length}:{FileStamp(run)}"));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static string FileStamp(RunEntry run)
    {
        var stamp = new StringBuilder();
        foreach (var suffix in new[] { "_training_history.json", "_training_log.csv", "_run_health.json", "_evaluation.json" })
        {
            var info = new FileInfo(run.File(suffix));
            stamp.Append(info.Exists ? info.LastWriteTimeUtc.Ticks + info.Length : 0).Append('.');
        }
        return stamp.ToString();
    }

    private async Task History(HttpContext context)
    {
        var run = RunOf(context);
        if (run is null) { await NotFound(context, context.Request.Query["run"].ToString()).ConfigureAwait(false); return; }
        var query = context.Request.Query;
        int width = int.TryParse(query["width"], NumberStyles.Integer, CultureInfo.InvariantCulture, out int wv) ? Math.Clamp(wv, 10, MaxWidth) : 800;
        double smoothing = double.TryParse(query["smoothing"], NumberStyles.Float, CultureInfo.InvariantCulture, out double sv) ? Math.Clamp(sv, 0, 0.999) : 0;
        bool wallAxis = query["x"] == "wall";
        var history = _catalog.History(run).Snapshot();
        bool hasWall = history.WallTimes.Length > 0 && history.WallTimes.All(double.IsFinite);
        double[] x = wallAxis && hasWall ? history.WallTimes : [.. history.Steps.Select(s => (double)s)];
        await WriteJson(context, w =>
        {
            w.WriteString("id", run.Id);
            w.WriteNumber("version", history.Version);
            w.WriteString("source", history.Source is null ? null : Path.GetFileName(history.Source));
            w.WriteString("x_axis", wallAxis && hasWall ? "wall" : "step");
            w.WriteNumber("steps_logged", history.Steps.Length);
            if (history.Steps.Length > 0) w.WriteNumber("last_step", history.Steps[^1]); else w.WriteNull("last_step");
            w.WriteStartArray("errors");
            foreach (var e in history.Errors) w.WriteStringValue(e);
            w.WriteEndArray();
            w.WriteStartArray("metrics");
            foreach (var name in history.Metrics.Where(n => !n.StartsWith(MetricNames.DensityHistogramPrefix, StringComparison.Ordinal)))
                WriteMetric(w, name, x, history.Columns[name], width, smoothing);
            w.WriteEndArray();
            WriteDensity(w, history);
        }).ConfigureAwait(false);
    }

    private static void WriteMetric(Utf8JsonWriter w, string name, double[] x, float[] y, int width, double smoothing)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        WritePoints(w, "x", "y", x, y, SeriesMath.MinMaxPerColumn(x, y, width));
        int last = Array.FindLastIndex(y, float.IsFinite);
        if (last >= 0) { w.WriteNumber("last_x", x[last]); w.WriteNumber("last_y", y[last]); }
        if (smoothing > 0)
        {
            var smoothed = SeriesMath.DebiasedEma(y, smoothing);
            WritePoints(w, "sx", "sy", x, smoothed, SeriesMath.MinMaxPerColumn(x, smoothed, width));
        }
        w.WriteEndObject();
    }

    private static void WritePoints(Utf8JsonWriter w, string xName, string yName, double[] x, float[] y, List<int> kept)
    {
        w.WriteStartArray(xName);
        foreach (int i in kept) w.WriteNumberValue(x[i]);
        w.WriteEndArray();
        w.WriteStartArray(yName);
        foreach (int i in kept) w.WriteNumberValue(y[i]);
        w.WriteEndArray();
    }

    /// <summary>The feature-density histogram over training: the <c>feature_density_hist/*</c> columns at the steps that logged them.</summary>
    private static void WriteDensity(Utf8JsonWriter w, HistorySnapshot history)
    {
        var buckets = history.Metrics.Where(n => n.StartsWith(MetricNames.DensityHistogramPrefix, StringComparison.Ordinal)).ToArray();
        var rows = Enumerable.Range(0, history.Steps.Length).Where(i => buckets.Any(b => float.IsFinite(history.Columns[b][i]))).ToArray();
        if (rows.Length > MaxDensityRows)
            rows = [.. Enumerable.Range(0, MaxDensityRows).Select(k => rows[(int)((long)k * (rows.Length - 1) / (MaxDensityRows - 1))]).Distinct()];
        w.WriteStartObject("density");
        w.WriteStartArray("buckets");
        foreach (var b in buckets) w.WriteStringValue(b[MetricNames.DensityHistogramPrefix.Length..]);
        w.WriteEndArray();
        w.WriteStartArray("steps");
        foreach (int i in rows) w.WriteNumberValue(history.Steps[i]);
        w.WriteEndArray();
        w.WriteStartArray("counts");
        foreach (int i in rows)
        {
            w.WriteStartArray();
            foreach (var b in buckets) DashboardJson.Number(w, history.Columns[b][i]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        if (history.Columns.TryGetValue(MetricNames.DeadFeatures, out var dead) && Array.FindLastIndex(dead, float.IsFinite) is int at and >= 0)
        {
            w.WriteNumber("dead_features", dead[at]);
            w.WriteNumber("dead_features_step", history.Steps[at]);
        }
    }

    private async Task Details(HttpContext context)
    {
        var run = RunOf(context);
        if (run is null) { await NotFound(context, context.Request.Query["run"].ToString()).ConfigureAwait(false); return; }
        var status = RunCatalog.Status(run);
        string configPath = run.File("_config.yaml");
        string? config = null, configError = null, evaluationError = null;
        try
        {
            if (File.Exists(configPath)) config = await File.ReadAllTextAsync(configPath, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            configError = $"{configPath}: {e.Message}";
        }
        IReadOnlyList<KeyValuePair<string, double>>? evaluation = null;
        try
        {
            evaluation = RunCatalog.Evaluation(run);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            evaluationError = e.Message;
        }
        var figures = _catalog.Figures(run);
        await WriteJson(context, w =>
        {
            w.WriteString("id", run.Id);
            w.WriteString("folder", run.Directory);
            w.WriteString("state", status.State);
            w.WriteString("detail", status.Detail);
            w.WriteString("verdict", status.Verdict);
            w.WriteString("status_error", status.Error);
            w.WriteStartArray("notes");
            foreach (var n in status.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteString("config", config);
            w.WriteString("config_error", configError);
            if (evaluation is not null)
            {
                w.WriteStartObject("evaluation");
                foreach (var (k, v) in evaluation) { w.WritePropertyName(k); DashboardJson.Number(w, v); }
                w.WriteEndObject();
            }
            w.WriteString("evaluation_error", evaluationError);
            w.WriteStartArray("figures");
            foreach (var f in figures) w.WriteStringValue(f);
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private async Task Csv(HttpContext context)
    {
        var run = RunOf(context);
        if (run is null) { await NotFound(context, context.Request.Query["run"].ToString()).ConfigureAwait(false); return; }
        var history = _catalog.History(run).Snapshot();
        context.Response.ContentType = "text/csv; charset=utf-8";
        string file = (run.Model + "_" + run.Layer).Replace('/', '_') + "_history.csv";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{file}\"";
        var text = new StringBuilder("step,wall_time");
        foreach (var name in history.Metrics) text.Append(',').Append(name);
        text.Append('\n');
        for (int i = 0; i < history.Steps.Length; i++)
        {
            text.Append(history.Steps[i].ToString(CultureInfo.InvariantCulture)).Append(',');
            if (double.IsFinite(history.WallTimes[i])) text.Append(history.WallTimes[i].ToString("R", CultureInfo.InvariantCulture));
            foreach (var name in history.Metrics)
            {
                text.Append(',');
                float v = history.Columns[name][i];
                if (float.IsFinite(v)) text.Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task Figure(HttpContext context)
    {
        string? path = _catalog.FigurePath(context.Request.Query["path"].ToString());
        if (path is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await WriteJson(context, w => w.WriteString("error", "no such figure under the sae-dir")).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? "image/svg+xml" : "image/png";
        await context.Response.SendFileAsync(path, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Sends Kestrel's and ASP.NET Core's own log lines (warnings and errors) into the host's logging.</summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}

/// <summary>The last complete line of a streamed history, read from its end: the run list's step count without loading it.</summary>
internal readonly record struct StreamTail(long? LastStep, long Length)
{
    /// <summary>Reads the tail of <paramref name="path"/>; absent or unreadable gives no step.</summary>
    public static StreamTail Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long length = stream.Length;
            int size = (int)Math.Min(length, 16384);
            stream.Position = length - size;
            var bytes = new byte[size];
            stream.ReadExactly(bytes);
            int end = Array.LastIndexOf(bytes, (byte)'\n');
            if (end < 0) return new StreamTail(null, length);
            int start = end == 0 ? -1 : Array.LastIndexOf(bytes, (byte)'\n', end - 1);
            if (start < 0 && size < length) return new StreamTail(null, length);
            using var doc = JsonDocument.Parse(bytes.AsMemory(start + 1, end - start - 1));
            return new StreamTail(doc.RootElement.TryGetProperty("step", out var s) && s.TryGetInt64(out long step) ? step : null, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return new StreamTail(null, 0);
        }
    }
}
