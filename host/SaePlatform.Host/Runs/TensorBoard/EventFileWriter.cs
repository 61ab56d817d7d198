using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace SaePlatform.Host.Runs.TensorBoard;

/// <summary>
/// Writes a TensorBoard event file <c>events.out.tfevents.&lt;unix seconds&gt;.&lt;host&gt;</c>: a TFRecord file of
/// <c>tensorflow.Event</c> protobufs, each record flushed as written so that TensorBoard shows a run while it trains.
/// </summary>
/// <remarks>
/// Format facts relied on (TensorFlow sources): a record is <c>uint64 length</c>, <c>uint32 masked_crc32c(length)</c>,
/// <c>data</c>, <c>uint32 masked_crc32c(data)</c>, all little-endian (tensorflow/core/lib/io/record_writer.cc); CRC-32C
/// is the Castagnoli CRC, masked as <c>((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xa282ead8</c> (tensorflow/core/lib/hash/crc32c.h).
/// Messages (tensorflow/core/util/event.proto, framework/summary.proto, tensor.proto, tensor_shape.proto): Event
/// {1 wall_time double, 2 step int64, 3 file_version string, 5 summary Summary, 6 session_log SessionLog}; SessionLog
/// {1 status enum, START = 1}; Summary {1 repeated Value}; Summary.Value {1 tag, 2 simple_value float, 5 histo
/// HistogramProto, 8 tensor TensorProto, 9 metadata SummaryMetadata}; SummaryMetadata {1 plugin_data PluginData
/// {1 plugin_name}}; HistogramProto {1 min, 2 max, 3 num, 4 sum, 5 sum_squares, 6 packed bucket_limit, 7 packed bucket};
/// TensorProto {1 dtype (DT_STRING = 7), 2 tensor_shape (empty: a scalar), 8 repeated string_val bytes}. The first
/// event of a file holds <c>file_version = "brain.Event:2"</c>. TensorBoard's text plugin reads a string tensor whose
/// metadata names plugin "text"; a SessionLog START at step S makes TensorBoard drop the events at steps &gt;= S
/// read before it (event_accumulator's purge of orphaned data), which is how a resumed run discards a stale tail.
/// </remarks>
internal sealed class EventFileWriter : IDisposable
{
    /// <summary>The start of every event file's name; TensorBoard finds files whose name contains "tfevents".</summary>
    public const string FilePrefix = "events.out.tfevents.";

    private const int SessionLogStart = 1;
    private const int DtString = 7;

    private readonly FileStream _stream;

    private EventFileWriter(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates a new event file in <paramref name="directory"/> (a name not yet taken: <c>.1</c>, <c>.2</c>, ... are added
    /// within one second, which also sorts after the earlier file as TensorBoard reads them) and writes its version event.
    /// </summary>
    public static EventFileWriter Create(string directory, double wallTime)
    {
        Directory.CreateDirectory(directory);
        string host = string.Concat(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        string stem = System.IO.Path.Combine(directory, FilePrefix + ((long)wallTime).ToString(CultureInfo.InvariantCulture) + "." + host);
        for (int n = 0; ; n++)
        {
            string path = n == 0 ? stem : stem + "." + n.ToString(CultureInfo.InvariantCulture);
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            }
            catch (IOException) when (File.Exists(path))
            {
                continue;
            }
            var writer = new EventFileWriter(path, stream);
            writer.WriteEvent(Event(wallTime, 0).String(3, "brain.Event:2"));
            return writer;
        }
    }

    /// <summary>A SessionLog START at <paramref name="step"/>: TensorBoard discards what earlier files logged at and after it.</summary>
    public void SessionStart(double wallTime, long step) =>
        WriteEvent(Event(wallTime, step).Message(6, new ProtoBuffer().Int64(1, SessionLogStart)));

    /// <summary>One event holding a scalar per finite value (a NaN is "not logged"; TensorBoard would draw it as a gap anyway).</summary>
    public void Scalars(double wallTime, long step, IEnumerable<KeyValuePair<string, double>> values)
    {
        var summary = new ProtoBuffer();
        foreach (var (tag, v) in values)
            if (!double.IsNaN(v)) summary.Message(1, new ProtoBuffer().String(1, tag).Float(2, (float)v));
        if (summary.Length > 0) WriteEvent(Event(wallTime, step).Message(5, summary));
    }

    /// <summary>
    /// A histogram of <paramref name="values"/> with the given bucket upper edges (a value v falls in the first bucket
    /// whose limit is &gt;= v; values above the last edge go to a final bucket up to <see cref="double.MaxValue"/>).
    /// </summary>
    public void Histogram(double wallTime, long step, string tag, ReadOnlySpan<float> values, IReadOnlyList<double> upperEdges)
    {
        var limits = new List<double>(upperEdges) { double.MaxValue };
        var counts = new double[limits.Count];
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, squares = 0;
        foreach (float f in values)
        {
            double v = f;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            squares += v * v;
            int bucket = 0;
            while (limits[bucket] < v) bucket++;
            counts[bucket]++;
        }
        if (values.IsEmpty) min = max = 0;
        var histogram = new ProtoBuffer().Double(1, min).Double(2, max).Double(3, values.Length).Double(4, sum).Double(5, squares)
            .PackedDoubles(6, limits).PackedDoubles(7, counts);
        var value = new ProtoBuffer().String(1, tag).Message(5, histogram);
        WriteEvent(Event(wallTime, step).Message(5, new ProtoBuffer().Message(1, value)));
    }

    /// <summary>A text summary (TensorBoard's Text tab renders it as Markdown).</summary>
    public void Text(double wallTime, long step, string tag, string markdown)
    {
        var tensor = new ProtoBuffer().Int64(1, DtString).Message(2, new ProtoBuffer()).Bytes(8, Encoding.UTF8.GetBytes(markdown));
        var metadata = new ProtoBuffer().Message(1, new ProtoBuffer().String(1, "text"));
        var value = new ProtoBuffer().String(1, tag).Message(8, tensor).Message(9, metadata);
        WriteEvent(Event(wallTime, step).Message(5, new ProtoBuffer().Message(1, value)));
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private static ProtoBuffer Event(double wallTime, long step)
    {
        var e = new ProtoBuffer().Double(1, wallTime);
        return step == 0 ? e : e.Int64(2, step);   // proto3: a zero is the default and left out, as TensorFlow writes it
    }

    private void WriteEvent(ProtoBuffer e)
    {
        var data = e.Span;
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc32C(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc32C(data));
        _stream.Write(header);
        _stream.Write(data);
        _stream.Write(footer);
        // To the operating system: TensorBoard (another process) sees the record now; a killed run loses no whole record.
        _stream.Flush(flushToDisk: false);
    }

    /// <summary>TensorFlow's masked CRC-32C (Castagnoli; the mask keeps CRCs of data holding CRCs well-behaved).</summary>
    internal static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8) crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++) crc = BitOperations.Crc32C(crc, data[i]);
        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }
}
