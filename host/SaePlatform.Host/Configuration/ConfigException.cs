namespace SaePlatform.Host.Configuration;

/// <summary>
/// A run config that cannot be used, with every problem found (the CLI prints them and exits with
/// <see cref="ExitCodes.UsageOrConfigError"/>).
/// </summary>
internal sealed class ConfigException : Exception
{
    /// <summary>Creates the exception; <paramref name="errors"/> must not be empty.</summary>
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(FormatMessage(errors)) => Errors = errors;

    /// <summary>Every problem, in the order found (file order within a section).</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>The process exit code for this failure.</summary>
    public static int ExitCode => ExitCodes.UsageOrConfigError;

    private static string FormatMessage(IReadOnlyList<ConfigError> errors)
    {
        var header = errors.Count == 1 ? "The config has 1 error:" : $"The config has {errors.Count} errors:";
        return header + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
    }
}
