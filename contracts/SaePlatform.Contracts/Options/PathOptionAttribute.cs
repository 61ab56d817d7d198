namespace SaePlatform.Contracts.Options;

/// <summary>
/// Marks a string (or string list) option as a file-system path. The host resolves it relative to the
/// config file's folder before binding and, when <see cref="MustExist"/> is true, reports a missing
/// path as a config error naming the key. Glob patterns (<c>*</c>, <c>?</c>) must match at least one file.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PathOptionAttribute : Attribute
{
    /// <summary>Whether the path must exist before the run starts. Default true.</summary>
    public bool MustExist { get; init; } = true;

    /// <summary>Whether the path names a folder rather than a file. Default false.</summary>
    public bool IsDirectory { get; init; }
}
