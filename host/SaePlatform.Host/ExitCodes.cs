namespace SaePlatform.Host;

/// <summary>Process exit codes of <c>sae</c> (documented in README.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;
    /// <summary>A runtime failure (training diverged, I/O error, a critical component threw).</summary>
    public const int RuntimeFailure = 1;
    /// <summary>Bad usage, config, data file or plugin; nothing was trained.</summary>
    public const int UsageOrConfigError = 2;
    /// <summary>Interrupted by Ctrl+C or SIGTERM after saving a checkpoint, the history and the plots.</summary>
    public const int Interrupted = 130;
}
