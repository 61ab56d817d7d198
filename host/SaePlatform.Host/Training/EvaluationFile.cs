using System.Text.Json;
using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Training.Output;

namespace SaePlatform.Host.Training;

/// <summary>Writes <c>M/L_evaluation.json</c>: split, step and every evaluation value (non-finite as null).</summary>
internal static class EvaluationFile
{
    public static void Write(string path, EvaluationResult result) =>
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("split", result.Split);
            w.WriteNumber("step", result.Step);
            foreach (var (k, v) in result.Values)
                if (double.IsFinite(v)) w.WriteNumber(k, v); else w.WriteNull(k);
            w.WriteEndObject();
        });
}
