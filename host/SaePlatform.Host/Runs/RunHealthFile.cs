using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Runs;

/// <summary>
/// <c>M/L_run_health.json</c>: outcome, steps completed and planned, the verdict (<see cref="RunHealth.Name"/>) with its
/// reasons, and every warning raised during the run (code, first and last step, whether still active, message, remedy).
/// </summary>
internal static class RunHealthFile
{
    public static void Write(string path, RunHealth health) =>
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            w.WriteStartObject();
            w.WriteString("verdict", RunHealth.Name(health.Verdict));
            w.WriteStartArray("reasons");
            foreach (var r in health.Reasons) w.WriteStringValue(r);
            w.WriteEndArray();
            health.WriteProgressAndWarnings(w);
            w.WriteEndObject();
        });

    /// <summary>Reads a file written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a run-health file (message names it).</exception>
    public static RunHealth Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            string verdictName = root.GetProperty("verdict").GetString() ?? "";
            var verdict = Enum.GetValues<RunVerdict>().FirstOrDefault(v => RunHealth.Name(v) == verdictName, (RunVerdict)(-1));
            if (!Enum.IsDefined(verdict)) throw new FormatException($"unknown verdict '{verdictName}'");
            var warnings = root.GetProperty("warnings").EnumerateArray().Select(w => new TrainingWarning(
                w.GetProperty("code").GetString()!, w.GetProperty("first_step").GetInt64(), w.GetProperty("last_step").GetInt64(),
                w.GetProperty("active").GetBoolean(), w.GetProperty("message").GetString()!, w.GetProperty("remedy").GetString()!)).ToList();
            return new RunHealth(Enum.Parse<RunOutcome>(root.GetProperty("outcome").GetString()!), root.GetProperty("steps_completed").GetInt64(),
                root.GetProperty("steps_planned").GetInt64(), verdict, root.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList(), warnings);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a run-health file ({ex.Message}).", ex);
        }
    }
}
