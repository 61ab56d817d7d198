using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>Options of the <c>csv</c> data source.</summary>
public sealed class CsvOptions : FileListOptions
{
    /// <summary>Whether the first line names the columns; unset detects it (a first line with a non-number is a header).</summary>
    [Description("Whether the first line is a header; unset: detected (a first line with a non-numeric field).")]
    public bool? Header { get; set; }

    /// <summary>Columns to use, by header name or 0-based index; empty uses every column.</summary>
    [Description("Columns to use, by header name or 0-based index; empty: all columns.")]
    public List<string> Columns { get; set; } = [];

    /// <summary>Field separator. Default ",".</summary>
    [StringLength(2, MinimumLength = 1)]
    [Description("Field separator (one character, or \\t for tab), e.g. ',' or ';' or '\\t'.")]
    public string Delimiter { get; set; } = ",";

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (Delimiter.Length == 2 && Delimiter != "\\t")
            yield return new ValidationResult($"delimiter '{Delimiter}' must be one character (or \\t for tab).", [nameof(Delimiter)]);
    }
}
