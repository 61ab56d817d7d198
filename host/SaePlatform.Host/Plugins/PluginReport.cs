using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SaePlatform.Contracts;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Plugins;

/// <summary>Writes what <c>sae plugins</c> shows: a plain text table, or JSON with <c>--json</c>.</summary>
internal static class PluginReport
{
    private const string None = "-";

    /// <summary>
    /// One row per plugin (id, version, status, components by kind, folder); failed and skipped plugins get a
    /// "reason:" line under their row and loaded ones a "warning:" line per warning.
    /// </summary>
    public static void WriteTable(TextWriter writer, IReadOnlyList<PluginLoadResult> plugins)
    {
        if (plugins.Count == 0)
        {
            writer.WriteLine("No plugins found.");
            return;
        }
        string[] header = ["ID", "VERSION", "STATUS", "COMPONENTS", "FOLDER"];
        var rows = plugins.Select(p => new[]
        {
            p.PluginId ?? None,
            p.Manifest?.Version ?? None,
            StatusName(p.Status),
            p.Components.Count == 0 ? None : ComponentsByKind(p.Components),
            p.Folder,
        }).ToList();

        var widths = new int[header.Length];
        for (var c = 0; c < header.Length; c++)
            widths[c] = Math.Max(header[c].Length, rows.Max(r => r[c].Length));

        WriteRow(writer, header, widths);
        for (var i = 0; i < plugins.Count; i++)
        {
            WriteRow(writer, rows[i], widths);
            if (plugins[i].Reason is { } reason) writer.WriteLine($"  reason: {reason}");
            foreach (var warning in plugins[i].Warnings) writer.WriteLine($"  warning: {warning}");
        }
    }

    /// <summary>
    /// <c>{"contractsApiVersion": n, "plugins": [{"id", "version", "folder", "status", "reason", "isolation",
    /// "description", "warnings": [...], "components": {"&lt;kind&gt;": [{"id", "description", "type"}]}}]}</c>;
    /// unknown values are null.
    /// </summary>
    public static void WriteJson(TextWriter writer, IReadOnlyList<PluginLoadResult> plugins)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Read by people and scripts, never embedded in HTML: keep quotes and apostrophes literal.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteNumber("contractsApiVersion", ContractsApi.Version);
            json.WriteStartArray("plugins");
            foreach (var plugin in plugins) WritePlugin(json, plugin);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WritePlugin(Utf8JsonWriter json, PluginLoadResult plugin)
    {
        json.WriteStartObject();
        json.WriteString("id", plugin.PluginId);
        json.WriteString("version", plugin.Manifest?.Version);
        json.WriteString("folder", plugin.Folder);
        json.WriteString("status", StatusName(plugin.Status));
        json.WriteString("reason", plugin.Reason);
        json.WriteString("isolation", plugin.Manifest is null ? null : 
            // Not chosen: what the host does, so the listing says where the plugin's visualizers will run.
            IsolationDefaults.Resolve(plugin.Manifest.Isolation, plugin.Folder) == ComponentIsolation.Process ? "process" : "inprocess");
        json.WriteString("description", plugin.Manifest?.Description);
        json.WriteStartArray("warnings");
        foreach (var warning in plugin.Warnings) json.WriteStringValue(warning);
        json.WriteEndArray();
        json.WriteStartObject("components");
        foreach (var (kind, name) in ComponentKindNames.All)
        {
            var ofKind = plugin.Components.Where(c => c.Kind == kind).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
            if (ofKind.Count == 0) continue;
            json.WriteStartArray(name);
            foreach (var component in ofKind)
            {
                json.WriteStartObject();
                json.WriteString("id", component.Id);
                json.WriteString("description", component.Description);
                json.WriteString("type", component.ImplementationType.FullName);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string ComponentsByKind(IReadOnlyList<ComponentDescriptor> components)
    {
        var parts = new List<string>();
        foreach (var (kind, name) in ComponentKindNames.All)
        {
            var ids = components.Where(c => c.Kind == kind).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            if (ids.Count > 0) parts.Add($"{name}: {string.Join(", ", ids)}");
        }
        return string.Join("; ", parts);
    }

    private static string StatusName(PluginLoadStatus status) => status switch
    {
        PluginLoadStatus.Loaded => "loaded",
        PluginLoadStatus.Failed => "failed",
        _ => "skipped",
    };

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0) line.Append("  ");
            line.Append(c == cells.Length - 1 ? cells[c] : cells[c].PadRight(widths[c]));
        }
        writer.WriteLine(line.ToString());
    }
}
