using System.Globalization;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>Parses one csv file of numbers into row-major floats, keeping the chosen columns.</summary>
internal static class CsvTable
{
    /// <exception cref="InvalidDataException">A field is not a number, a line is short, or a chosen column does not exist (names file, line and column).</exception>
    public static (float[] Values, long Rows, int Cols) Read(string path, CsvOptions options, CancellationToken cancellationToken)
    {
        char separator = options.Delimiter == "\\t" ? '\t' : options.Delimiter[0];
        using var reader = new StreamReader(path);
        var values = new List<float>();
        int[]? selected = null;
        int lineNumber = 0, fieldCount = -1;
        long rows = 0;
        bool first = true;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.AsSpan().Trim().Length == 0) continue;
            var fields = line.Split(separator);
            if (first)
            {
                first = false;
                bool header = options.Header ?? fields.Any(f => !IsNumber(f));
                selected = SelectColumns(path, fields, header, options.Columns);
                fieldCount = fields.Length;
                if (header) continue;
            }
            if ((lineNumber & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (fields.Length != fieldCount)
                throw new InvalidDataException($"{path} line {lineNumber}: {fields.Length} fields where the first line has {fieldCount}.");
            foreach (var c in selected!)
            {
                var text = fields[c].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new InvalidDataException($"{path} line {lineNumber} column {c}: '{text}' is not a number.");
                values.Add((float)v);
            }
            rows++;
        }
        return ([.. values], rows, selected?.Length ?? 0);
    }

    private static int[] SelectColumns(string path, string[] first, bool header, List<string> chosen)
    {
        if (chosen.Count == 0) return Enumerable.Range(0, first.Length).ToArray();
        var names = header ? first.Select(f => f.Trim().Trim('"')).ToArray() : [];
        var columns = new int[chosen.Count];
        for (int i = 0; i < chosen.Count; i++)
        {
            int byName = Array.IndexOf(names, chosen[i]);
            if (byName >= 0) columns[i] = byName;
            else if (int.TryParse(chosen[i], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < first.Length) columns[i] = index;
            else throw new InvalidDataException(
                $"{path}: no column '{chosen[i]}' ({first.Length} columns" + (header ? $": {string.Join(", ", names)})." : ", no header; use 0-based indices)."));
        }
        return columns;
    }

    private static bool IsNumber(string field) =>
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
