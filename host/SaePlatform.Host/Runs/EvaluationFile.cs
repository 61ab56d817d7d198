using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Runs;

/// <summary>
/// <c>M/L_evaluation.json</c>: split, step, <c>mse_units</c> (when stated), every scalar evaluation value (non-finite as
/// null) and an <c>arrays</c> object holding <see cref="EvaluationResult.Arrays"/> (per-row and per-feature arrays).
/// </summary>
internal static class EvaluationFile
{
    private const string ArraysKey = "arrays";
    private const string MseUnitsKey = "mse_units";

    public static void Write(string path, EvaluationResult result) =>
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("split", result.Split);
            w.WriteNumber("step", result.Step);
            if (result.MseUnits is not null) w.WriteString(MseUnitsKey, result.MseUnits);
            foreach (var (k, v) in result.Values)
                if (double.IsFinite(v)) w.WriteNumber(k, v); else w.WriteNull(k);
            w.WriteStartObject(ArraysKey);
            foreach (var (name, array) in result.Arrays)
            {
                w.WriteStartArray(name);
                foreach (var v in array)
                    if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });

    /// <summary>Reads a file written by <see cref="Write"/> (nulls become NaN).</summary>
    /// <exception cref="InvalidDataException">The file is not an evaluation file (message names it).</exception>
    internal static EvaluationResult Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            string split = root.GetProperty("split").GetString() ?? "";
            long step = root.GetProperty("step").GetInt64();
            var values = new Dictionary<string, double>();
            var arrays = new Dictionary<string, double[]>();
            string? units = null;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name is "split" or "step") continue;
                if (p.Name == MseUnitsKey && p.Value.ValueKind == JsonValueKind.String) { units = p.Value.GetString(); continue; }
                if (p.Name == ArraysKey && p.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var a in p.Value.EnumerateObject()) arrays[a.Name] = JsonNumbers.ReadArray(a.Value);
                    continue;
                }
                values[p.Name] = JsonNumbers.Read(p.Value);
            }
            return new EvaluationResult(split, step, values) { Arrays = arrays, MseUnits = units };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not an evaluation file ({ex.Message}).", ex);
        }
    }
}
