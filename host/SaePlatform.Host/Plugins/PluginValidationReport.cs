using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SaePlatform.Host.Plugins;

/// <summary>Prints a <see cref="PluginValidation"/>: one line per finding, or JSON for scripts.</summary>
internal static class PluginValidationReport
{
    /// <summary>
    /// <c>Validating plugin folder F</c>, then <c>  PASS|INFO|WARN|FAIL  message</c> lines, then a verdict line.
    /// </summary>
    public static void WriteText(TextWriter writer, PluginValidation validation)
    {
        writer.WriteLine($"Validating plugin folder {validation.Folder}");
        foreach (var finding in validation.Findings)
            writer.WriteLine($"  {Tag(finding.Level)}  {finding.Message}");
        int warnings = validation.Findings.Count(f => f.Level == FindingLevel.Warning);
        int failures = validation.Findings.Count(f => f.Level == FindingLevel.Failure);
        writer.WriteLine(validation.Passed
            ? $"Valid: the host will load '{validation.PluginId}' ({warnings} warning{(warnings == 1 ? "" : "s")})."
            : $"Invalid: {failures} problem{(failures == 1 ? "" : "s")}; the host would not load this plugin as it is.");
    }

    /// <summary><c>{"folder", "pluginId", "valid", "findings": [{"level", "message"}]}</c>.</summary>
    public static void WriteJson(TextWriter writer, PluginValidation validation)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("folder", validation.Folder);
            json.WriteString("pluginId", validation.PluginId);
            json.WriteBoolean("valid", validation.Passed);
            json.WriteStartArray("findings");
            foreach (var finding in validation.Findings)
            {
                json.WriteStartObject();
                json.WriteString("level", Tag(finding.Level).ToLowerInvariant());
                json.WriteString("message", finding.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string Tag(FindingLevel level) => level switch
    {
        FindingLevel.Pass => "PASS",
        FindingLevel.Info => "INFO",
        FindingLevel.Warning => "WARN",
        _ => "FAIL",
    };
}
