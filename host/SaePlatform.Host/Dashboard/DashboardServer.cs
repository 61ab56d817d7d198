using System.Buffers;
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
        // Every endpoint is a plain RequestDelegate: no handler code generated at the first request, on the run's CPUs.
        _app.MapGet("/", c => Asset(c, "index.html", "text/html; charset=utf-8"));
        _app.MapGet("/dashboard.js", c => Asset(c, "dashboard.js", "text/javascript; charset=utf-8"));
        _app.MapGet("/dashboard.css", c => Asset(c, "dashboard.css", "text/css; charset=utf-8"));
        _app.MapGet("/api/runs", c => Guarded(c, Runs));
        _app.MapGet("/api/history", c => Guarded(c, History));
        _app.MapGet("/api/run", c => Guarded(c, Details));
        _app.MapGet("/api/csv", c => Guarded(c, Csv));
        _app.MapGet("/api/figure", c => Guarded(c, Figure));
    }

    private static async Task Asset(HttpContext context, string name, string contentType)
    {
        using var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("dashboard/" + name);
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
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
        // Straight into the response's pooled pipe buffers: no large array per request (the run beside shares this heap).
        using (var w = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
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
        // Thinned under the history's lock, without copying its columns: only the few points sent are allocated.
        var chart = _catalog.History(run).Read(view => ChartData.From(view, width, smoothing, wallAxis));
        await WriteJson(context, w =>
        {
            w.WriteString("id", run.Id);
            w.WriteNumber("version", chart.Version);
            w.WriteString("source", chart.Source is null ? null : Path.GetFileName(chart.Source));
            w.WriteString("x_axis", chart.WallAxis ? "wall" : "step");
            w.WriteNumber("steps_logged", chart.StepsLogged);
            if (chart.LastStep is { } last) w.WriteNumber("last_step", last); else w.WriteNull("last_step");
            w.WriteStartArray("errors");
            foreach (var e in chart.Errors) w.WriteStringValue(e);
            w.WriteEndArray();
            w.WriteStartArray("metrics");
            foreach (var m in chart.Metrics) WriteMetric(w, m);
            w.WriteEndArray();
            WriteDensity(w, chart);
        }).ConfigureAwait(false);
    }

    private static void WriteMetric(Utf8JsonWriter w, MetricLine m)
    {
        w.WriteStartObject();
        w.WriteString("name", m.Name);
        WritePoints(w, "x", "y", m.X, m.Y);
        if (m.LastX is { } lastX) { w.WriteNumber("last_x", lastX); w.WriteNumber("last_y", m.LastY); }
        if (m.SmoothX is not null) WritePoints(w, "sx", "sy", m.SmoothX, m.SmoothY!);
        w.WriteEndObject();
    }

    private static void WritePoints(Utf8JsonWriter w, string xName, string yName, double[] x, float[] y)
    {
        w.WriteStartArray(xName);
        foreach (var v in x) w.WriteNumberValue(v);
        w.WriteEndArray();
        w.WriteStartArray(yName);
        foreach (var v in y) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    /// <summary>The feature-density histogram over training: the <c>feature_density_hist/*</c> columns at the steps that logged them.</summary>
    private static void WriteDensity(Utf8JsonWriter w, ChartData chart)
    {
        w.WriteStartObject("density");
        w.WriteStartArray("buckets");
        foreach (var b in chart.DensityBuckets) w.WriteStringValue(b);
        w.WriteEndArray();
        w.WriteStartArray("steps");
        foreach (var step in chart.DensitySteps) w.WriteNumberValue(step);
        w.WriteEndArray();
        w.WriteStartArray("counts");
        foreach (var row in chart.DensityCounts)
        {
            w.WriteStartArray();
            foreach (var c in row) DashboardJson.Number(w, c);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        if (chart.DeadFeatures is { } dead)
        {
            w.WriteNumber("dead_features", dead.Count);
            w.WriteNumber("dead_features_step", dead.Step);
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

/// <summary>One metric's line as sent: thinned raw points, and the thinned smoothed line when smoothing is on.</summary>
internal sealed record MetricLine(string Name, double[] X, float[] Y, double? LastX, float LastY, double[]? SmoothX, float[]? SmoothY);

/// <summary>What <c>/api/history</c> sends for a run, computed from a <see cref="HistoryView"/>.</summary>
internal sealed record ChartData(long Version, string? Source, bool WallAxis, int StepsLogged, long? LastStep, string[] Errors, List<MetricLine> Metrics,
    string[] DensityBuckets, long[] DensitySteps, List<double[]> DensityCounts, (double Count, long Step)? DeadFeatures)
{
    private const int MaxDensityRows = 200;

    /// <summary>Thins every metric to <paramref name="width"/> pixel columns, smoothing first when <paramref name="smoothing"/> is above 0.</summary>
    public static ChartData From(HistoryView view, int width, double smoothing, bool wallAxis)
    {
        int n = view.Steps.Count;
        bool wall = wallAxis && n > 0 && view.WallTimes.All(double.IsFinite);
        var x = wall ? view.WallTimes : view.StepsAsX;
        var metrics = new List<MetricLine>();
        float[]? buffer = null;
        try
        {
            foreach (var name in view.Metrics.Where(m => !m.StartsWith(MetricNames.DensityHistogramPrefix, StringComparison.Ordinal)))
            {
                var y = view.Columns[name];
                var kept = SeriesMath.MinMaxPerColumn(x, y, width);
                int last = y.FindLastIndex(float.IsFinite);
                double[]? sx = null;
                float[]? sy = null;
                if (smoothing > 0)
                {
                    buffer ??= ArrayPool<float>.Shared.Rent(Math.Max(n, 1));
                    SeriesMath.DebiasedEma(y, smoothing, buffer);
                    var smoothed = new ArraySegment<float>(buffer, 0, n);
                    var keptSmooth = SeriesMath.MinMaxPerColumn(x, smoothed, width);
                    sx = [.. keptSmooth.Select(i => x[i])];
                    sy = [.. keptSmooth.Select(i => buffer[i])];
                }
                metrics.Add(new MetricLine(name, [.. kept.Select(i => x[i])], [.. kept.Select(i => y[i])], last >= 0 ? x[last] : null,
                    last >= 0 ? y[last] : float.NaN, sx, sy));
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<float>.Shared.Return(buffer);
        }

        var buckets = view.Metrics.Where(m => m.StartsWith(MetricNames.DensityHistogramPrefix, StringComparison.Ordinal)).ToArray();
        var bucketColumns = buckets.Select(b => view.Columns[b]).ToArray();
        var logged = new List<int>();
        for (int i = 0; i < n && bucketColumns.Length > 0; i++)
            foreach (var column in bucketColumns)
                if (float.IsFinite(column[i])) { logged.Add(i); break; }
        int[] rows = [.. logged];
        if (rows.Length > MaxDensityRows)
            rows = [.. Enumerable.Range(0, MaxDensityRows).Select(k => rows[(int)((long)k * (rows.Length - 1) / (MaxDensityRows - 1))]).Distinct()];
        (double, long)? dead = null;
        if (view.Columns.TryGetValue(MetricNames.DeadFeatures, out var deadColumn) && deadColumn.FindLastIndex(float.IsFinite) is int at and >= 0)
            dead = (deadColumn[at], view.Steps[at]);
        return new ChartData(view.Version, view.Source, wall, n, n > 0 ? view.Steps[^1] : null, [.. view.Errors], metrics,
            [.. buckets.Select(b => b[MetricNames.DensityHistogramPrefix.Length..])], [.. rows.Select(i => view.Steps[i])],
            [.. rows.Select(i => bucketColumns.Select(c => (double)c[i]).ToArray())], dead);
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
