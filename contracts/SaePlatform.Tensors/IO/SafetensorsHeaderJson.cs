using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// The JSON header of a safetensors file: formatting exactly as the reference Rust crate (serde_json,
/// compact, <c>__metadata__</c> first, entries in data order, fields dtype/shape/data_offsets) and
/// parsing with the crate's validation rules (offsets contiguous from 0 to the end of the file, byte
/// counts matching shape and dtype).
/// </summary>
internal static class SafetensorsHeaderJson
{
    /// <summary>safetensors MAX_HEADER_SIZE: larger headers are rejected as corrupt.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Compact JSON for entries already in data order; metadata keys sorted ordinally (the crate's HashMap order is arbitrary).</summary>
    public static byte[] Format(IReadOnlyList<SafetensorsTensorInfo> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var sb = new StringBuilder("{");
        bool first = true;
        if (metadata is not null)
        {
            sb.Append("\"__metadata__\":{");
            bool firstMeta = true;
            foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
            {
                if (!firstMeta) sb.Append(',');
                firstMeta = false;
                AppendString(sb, key);
                sb.Append(':');
                AppendString(sb, metadata[key]);
            }
            sb.Append('}');
            first = false;
        }
        foreach (var e in entries)
        {
            if (!first) sb.Append(',');
            first = false;
            AppendString(sb, e.Name);
            sb.Append(":{\"dtype\":");
            AppendString(sb, e.Dtype);
            sb.Append(",\"shape\":[");
            for (int i = 0; i < e.Shape.Count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(e.Shape[i].ToString(CultureInfo.InvariantCulture));
            }
            sb.Append("],\"data_offsets\":[")
              .Append(e.DataBegin.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(e.DataEnd.ToString(CultureInfo.InvariantCulture)).Append("]}");
        }
        sb.Append('}');
        // The crate pads with spaces to a multiple of 8 so the data section is 8-byte aligned.
        int length = StrictUtf8.GetByteCount(sb.ToString());
        sb.Append(' ', (8 - length % 8) % 8);
        return StrictUtf8.GetBytes(sb.ToString());
    }

    /// <summary>serde_json string escaping: quote, backslash and control characters; everything else verbatim UTF-8.</summary>
    private static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Parses and validates a header whose data section is <paramref name="dataLength"/> bytes long.</summary>
    public static SafetensorsHeader Parse(byte[] headerBytes, long dataLength, string source)
    {
        try
        {
            StrictUtf8.GetCharCount(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw new TensorFileException(source, "the safetensors header is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new TensorFileException(source, $"the safetensors header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new TensorFileException(source, $"the safetensors header is a JSON {root.ValueKind}, not an object");

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafetensorsTensorInfo>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new TensorFileException(source, $"the safetensors header has the key '{property.Name}' twice");
                if (property.Name == "__metadata__")
                    ReadMetadata(property.Value, metadata, source);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, source));
            }

            ValidateLayout(entries, dataLength, source);
            return new SafetensorsHeader(entries, metadata, headerBytes.LongLength);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new TensorFileException(source, $"__metadata__ is a JSON {value.ValueKind}, not an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new TensorFileException(source, $"__metadata__ entry '{item.Name}' is a JSON {item.Value.ValueKind}; the format allows only string values");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new TensorFileException(source, $"__metadata__ has the key '{item.Name}' twice");
        }
    }

    private static SafetensorsTensorInfo ReadEntry(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new TensorFileException(source, $"tensor '{name}': the header entry is a JSON {value.ValueKind}, not an object");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new TensorFileException(source, $"tensor '{name}': missing or non-string \"dtype\"");
        var dtype = dtypeElement.GetString()!;
        if (SafetensorsDtypes.ElementSize(dtype) is null)
            throw new TensorFileException(source, $"tensor '{name}': unknown dtype '{dtype}'");
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new TensorFileException(source, $"tensor '{name}': missing or non-array \"shape\"");
        var shape = new long[shapeElement.GetArrayLength()];
        int i = 0;
        foreach (var d in shapeElement.EnumerateArray())
            shape[i++] = ReadUnsigned(d, name, "shape", source);
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw new TensorFileException(source, $"tensor '{name}': \"data_offsets\" must be an array of two integers");
        long begin = ReadUnsigned(offsets[0], name, "data_offsets", source);
        long end = ReadUnsigned(offsets[1], name, "data_offsets", source);
        if (end < begin)
            throw new TensorFileException(source, $"tensor '{name}': data_offsets [{begin}, {end}] end before they begin");
        return new SafetensorsTensorInfo(name, dtype, shape, begin, end);
    }

    private static long ReadUnsigned(JsonElement element, string name, string field, string source)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var v) && v >= 0)
            return v;
        throw new TensorFileException(source, $"tensor '{name}': {field} entry {element.GetRawText()} is not a non-negative integer");
    }

    /// <summary>
    /// The crate's rule (Metadata::validate plus the buffer-length check): sorted by offset, each tensor
    /// starts where the previous ended, spans exactly elements * size bytes, and the last ends at the end of the file.
    /// </summary>
    private static void ValidateLayout(List<SafetensorsTensorInfo> entries, long dataLength, string source)
    {
        entries.Sort(static (a, b) => a.DataBegin != b.DataBegin ? a.DataBegin.CompareTo(b.DataBegin) : a.DataEnd.CompareTo(b.DataEnd));
        long position = 0;
        SafetensorsTensorInfo? previous = null;
        foreach (var e in entries)
        {
            long elements;
            try { elements = e.ElementCount; }
            catch (OverflowException) { throw new TensorFileException(source, $"tensor '{e.Name}': shape {e.ShapeText} overflows"); }
            int size = SafetensorsDtypes.ElementSize(e.Dtype)!.Value;
            if (elements > long.MaxValue / size)
                throw new TensorFileException(source, $"tensor '{e.Name}': shape {e.ShapeText} overflows");
            long bytes = elements * size;
            if (e.DataEnd - e.DataBegin != bytes)
                throw new TensorFileException(source, $"tensor '{e.Name}': shape {e.ShapeText} of {e.Dtype} needs {bytes} bytes but data_offsets [{e.DataBegin}, {e.DataEnd}] cover {e.DataEnd - e.DataBegin}");
            if (e.DataEnd > dataLength)
                throw new TensorFileException(source, $"tensor '{e.Name}': data_offsets [{e.DataBegin}, {e.DataEnd}] reach beyond the data section, "
                    + $"which has {dataLength} bytes (the file is truncated or the offsets are wrong)");
            if (e.DataBegin < position)
                throw new TensorFileException(source, $"tensor '{e.Name}': data_offsets [{e.DataBegin}, {e.DataEnd}] overlap tensor '{previous!.Name}' [{previous.DataBegin}, {previous.DataEnd}]");
            if (e.DataBegin > position)
                throw new TensorFileException(source, $"tensor '{e.Name}': data_offsets [{e.DataBegin}, {e.DataEnd}] leave a gap after byte {position}; the format requires tensors to be contiguous");
            position = e.DataEnd;
            previous = e;
        }
        if (position != dataLength)
            throw new TensorFileException(source, $"the data section has {dataLength} bytes but the tensors cover only {position}; {dataLength - position} unexplained trailing bytes");
    }
}
