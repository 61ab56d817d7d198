using Microsoft.Extensions.Logging;
using SaePlatform.Contracts.Visualization.Figures;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Rendering;

/// <summary>
/// Writes each figure as <c>{stem}.{format}</c> into one folder, atomically (temporary file, then rename).
/// A requested format the writer cannot produce is replaced by SVG (logged once per sink by the factory's callback).
/// </summary>
internal sealed class FigureFileSink : IFigureSink
{
    private readonly IFigureWriter _writer;
    private readonly string[] _formats;
    private readonly ILogger _logger;

    public FigureFileSink(IFigureWriter writer, string outputDirectory, IReadOnlyList<string> formats, int dpi, ILogger logger, Action<IReadOnlyList<string>>? onReplaced = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 1);
        _writer = writer;
        _logger = logger;
        OutputDirectory = outputDirectory;
        Dpi = dpi;
        var wanted = formats.Select(f => f.Trim().ToLowerInvariant()).Where(f => f.Length > 0).Distinct().ToList();
        if (wanted.Count == 0) wanted.Add("png");
        var replaced = wanted.Where(f => !writer.Formats.Contains(f)).ToList();
        if (replaced.Count > 0) onReplaced?.Invoke(replaced);
        _formats = [.. wanted.Select(f => writer.Formats.Contains(f) ? f : "svg").Distinct()];
    }

    public string OutputDirectory { get; }

    public int Dpi { get; }

    /// <summary>The formats actually written.</summary>
    public IReadOnlyList<string> Formats => _formats;

    public IReadOnlyList<string> Save(Figure figure, string fileStem)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (string.IsNullOrWhiteSpace(fileStem) || fileStem.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"'{fileStem}' is not a valid file name stem", nameof(fileStem));
        var paths = new List<string>(_formats.Length);
        foreach (var format in _formats)
        {
            var bytes = _writer.Render(figure, format, Dpi);
            string path = Path.Combine(OutputDirectory, fileStem + "." + format);
            AtomicFile.Write(path, s => s.Write(bytes));
            _logger.FigureWritten(path);
            paths.Add(path);
        }
        return paths;
    }
}
