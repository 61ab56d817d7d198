using System.Globalization;
using System.Text;

namespace SaePlatform.Tensors.IO;

/// <summary>
/// The Python-literal dictionary inside a .npy header, e.g.
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>: formatting as numpy writes it and
/// a small parser for what <c>ast.literal_eval</c> accepts there (strings, booleans, int tuples, Python 2
/// <c>L</c> suffixes).
/// </summary>
internal static class NpyHeaderText
{
    /// <summary>numpy.lib.format.GROWTH_AXIS_MAX_DIGITS: spare spaces so the header can be rewritten in place when the array grows.</summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Python <c>repr</c> of a tuple of ints: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
    public static string FormatShape(IReadOnlyList<long> shape)
    {
        if (shape.Count == 0) return "()";
        if (shape.Count == 1) return "(" + shape[0].ToString(CultureInfo.InvariantCulture) + ",)";
        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }
        return sb.Append(')').ToString();
    }

    /// <summary>
    /// The dictionary text numpy's <c>_write_array_header</c> produces for a C-order array: keys sorted,
    /// <c>repr</c> values, a trailing <c>", }"</c>, then growth-axis spare spaces (none for a scalar).
    /// Alignment padding and the final newline are added by the caller.
    /// </summary>
    public static string FormatDictionary(string descr, IReadOnlyList<long> shape)
    {
        var text = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";
        if (shape.Count > 0)
            text += new string(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        return text;
    }

    /// <summary>Parses the header dictionary; throws <see cref="TensorFileException"/> naming <paramref name="source"/> on anything numpy would reject.</summary>
    public static (string Descr, bool FortranOrder, long[] Shape) Parse(string text, string source)
    {
        var parser = new Parser(text, source);
        var value = parser.ParseValue();
        parser.SkipWhitespace();
        if (!parser.AtEnd) throw parser.Error("unexpected text after the header dictionary");
        if (value is not Dictionary<string, object?> dict)
            throw new TensorFileException(source, $"the .npy header is not a dictionary: {Quote(text)}");

        var keys = dict.Keys.Order(StringComparer.Ordinal).ToArray();
        if (keys.Length != 3 || !dict.TryGetValue("descr", out var descrValue) || !dict.TryGetValue("fortran_order", out var fortranValue)
            || !dict.TryGetValue("shape", out var shapeValue))
            throw new TensorFileException(source, "the .npy header must have exactly the keys 'descr', 'fortran_order', 'shape'; "
                + $"it has [{string.Join(", ", keys.Select(k => "'" + k + "'"))}]");
        if (descrValue is not string descr)
            throw new TensorFileException(source, $"descr {Describe(descrValue)} is not supported: only simple float dtypes "
                + "('<f2', '<f4', '<f8', big-endian '>f2', '>f4', '>f8') are read, not structured or sub-array dtypes");
        if (fortranValue is not bool fortran)
            throw new TensorFileException(source, $"fortran_order is not a valid bool: {Describe(fortranValue)}");
        if (shapeValue is not long[] shape)
            throw new TensorFileException(source, $"shape is not a tuple of ints: {Describe(shapeValue)}");
        foreach (var d in shape)
            if (d < 0) throw new TensorFileException(source, $"shape {FormatShape(shape)} has a negative dimension");
        return (descr, fortran, shape);
    }

    private static string Quote(string s) => s.Length > 200 ? "\"" + s[..200] + "...\"" : "\"" + s + "\"";

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => "'" + s + "'",
        bool b => b ? "True" : "False",
        long[] t => FormatShape(t),
        long l => l.ToString(CultureInfo.InvariantCulture),
        List<object?> => "a list",
        Dictionary<string, object?> => "a dictionary",
        _ => value.GetType().Name,
    };

    /// <summary>Recursive-descent parser over the subset of Python literals found in .npy headers.</summary>
    private sealed class Parser(string text, string source)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public TensorFileException Error(string what) =>
            new(source, $"cannot parse the .npy header ({what} at character {_pos}): {Quote(text)}");

        public void SkipWhitespace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        public object? ParseValue()
        {
            SkipWhitespace();
            if (AtEnd) throw Error("unexpected end");
            char c = text[_pos];
            return c switch
            {
                '{' => ParseDictionary(),
                '(' => ParseSequence(')', tuple: true),
                '[' => ParseSequence(']', tuple: false),
                '\'' or '"' => ParseString(),
                _ when c == '-' || c == '+' || char.IsAsciiDigit(c) => ParseInteger(),
                _ when char.IsAsciiLetter(c) => ParseName(),
                _ => throw Error($"unexpected '{c}'"),
            };
        }

        private Dictionary<string, object?> ParseDictionary()
        {
            _pos++; // '{'
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipWhitespace();
                if (AtEnd) throw Error("unterminated dictionary");
                if (text[_pos] == '}') { _pos++; return dict; }
                if (ParseValue() is not string key) throw Error("dictionary key is not a string");
                SkipWhitespace();
                if (AtEnd || text[_pos] != ':') throw Error("expected ':'");
                _pos++;
                var value = ParseValue();
                // Python keeps the last of duplicated keys; numpy then sees a normal dictionary.
                dict[key] = value;
                SkipWhitespace();
                if (AtEnd) throw Error("unterminated dictionary");
                if (text[_pos] == ',') { _pos++; continue; }
                if (text[_pos] != '}') throw Error("expected ',' or '}'");
            }
        }

        /// <summary>A tuple of ints becomes long[]; <c>(x)</c> without a comma is just x, as in Python; lists become List.</summary>
        private object? ParseSequence(char close, bool tuple)
        {
            _pos++;
            var items = new List<object?>();
            bool sawComma = false;
            while (true)
            {
                SkipWhitespace();
                if (AtEnd) throw Error("unterminated sequence");
                if (text[_pos] == close) { _pos++; break; }
                items.Add(ParseValue());
                SkipWhitespace();
                if (AtEnd) throw Error("unterminated sequence");
                if (text[_pos] == ',') { _pos++; sawComma = true; continue; }
                if (text[_pos] != close) throw Error($"expected ',' or '{close}'");
            }
            if (!tuple) return items;
            if (items.Count == 1 && !sawComma) return items[0];
            var ints = new long[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i] is not long v) return items; // not all ints: the caller reports an invalid shape
                ints[i] = v;
            }
            return ints;
        }

        private string ParseString()
        {
            char quote = text[_pos++];
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error("unterminated string");
                char c = text[_pos++];
                if (c == quote) return sb.ToString();
                if (c == '\\')
                {
                    if (AtEnd) throw Error("unterminated string");
                    sb.Append(text[_pos++]);
                    continue;
                }
                sb.Append(c);
            }
        }

        private long ParseInteger()
        {
            int start = _pos;
            if (text[_pos] is '-' or '+') _pos++;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            if (!long.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw Error($"invalid integer '{text[start.._pos]}'");
            // Python 2 wrote longs as 3L; numpy's _filter_header drops the suffix.
            if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++;
            return value;
        }

        private object? ParseName()
        {
            int start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
            return text[start.._pos] switch
            {
                "True" => true,
                "False" => false,
                "None" => null,
                var name => throw Error($"unexpected name '{name}'"),
            };
        }
    }
}
