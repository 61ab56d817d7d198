namespace SaePlatform.Host;

/// <summary>Process exit codes of <c>sae</c> (documented in README.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;
    /// <summary>A runtime failure (training diverged, I/O error, a critical component threw).</summary>
    public const int RuntimeFailure = 1;
    /// <summary>Bad usage, config or plugin; nothing was trained.</summary>
    public const int UsageOrConfigError = 2;
    /// <summary>Bad data (unreadable or truncated file, unsupported dtype, wrong width, NaN/Inf, empty selection); nothing was trained.</summary>
    public const int DataError = 3;
    /// <summary>The output folder is in use: a live run holds its lock file (M/L.lock); nothing was written.</summary>
    public const int OutputInUse = 4;
    /// <summary>Interrupted by Ctrl+C or SIGTERM after saving a checkpoint, the history and the plots.</summary>
    public const int Interrupted = 130;
}
