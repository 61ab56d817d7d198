using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;
using SaePlatform.Contracts.Options;

namespace SaePlatform.Host.Configuration.Binding;

/// <summary>Turns a path option into an absolute path and checks that it exists (globs: that they match a file).</summary>
internal static class PathOptionResolver
{
    /// <summary>
    /// Resolves <paramref name="raw"/> against <paramref name="baseDirectory"/> (<c>~/</c> means the home folder).
    /// </summary>
    /// <returns>False with <paramref name="problem"/> set when <see cref="PathOptionAttribute.MustExist"/> is true and nothing is there.</returns>
    public static bool TryResolve(string raw, string baseDirectory, PathOptionAttribute option, out string resolved, out string? problem)
    {
        problem = null;
        var expanded = raw.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), raw[2..])
            : raw;
        resolved = Path.GetFullPath(Path.Combine(baseDirectory, expanded));
        if (!option.MustExist) return true;
        if (IsGlob(raw))
        {
            if (GlobMatches(resolved)) return true;
            problem = $"no file matches '{raw}' (pattern {resolved})";
            return false;
        }
        if (option.IsDirectory)
        {
            if (Directory.Exists(resolved)) return true;
            problem = File.Exists(resolved) ? $"'{raw}' is a file, expected a folder ({resolved})" : $"folder '{raw}' not found (looked for {resolved})";
            return false;
        }
        if (File.Exists(resolved)) return true;
        problem = Directory.Exists(resolved) ? $"'{raw}' is a folder, expected a file ({resolved})" : $"file '{raw}' not found (looked for {resolved})";
        return false;
    }

    /// <summary>Whether <paramref name="path"/> holds a wildcard.</summary>
    public static bool IsGlob(string path) => path.AsSpan().IndexOfAny('*', '?') >= 0;

    private static bool GlobMatches(string absolutePattern)
    {
        // Split at the last separator before the first wildcard: a literal root folder and a relative pattern.
        var wildcard = absolutePattern.AsSpan().IndexOfAny('*', '?');
        var cut = absolutePattern.LastIndexOfAny(['/', '\\'], wildcard);
        var root = absolutePattern[..Math.Max(cut, 1)];
        var pattern = absolutePattern[(cut + 1)..];
        if (!Directory.Exists(root)) return false;
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(pattern);
        return matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(root))).HasMatches;
    }
}
