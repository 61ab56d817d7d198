using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Configuration;

/// <summary>One problem found in a run config.</summary>
/// <param name="Location">Where the offending key or value was written; null when nothing in a file can be named.</param>
/// <param name="KeyPath">Dotted key path, e.g. <c>training.lr</c> or <c>visualizers[1].type</c>.</param>
/// <param name="Message">What is wrong and, where possible, what would be right.</param>
internal sealed record ConfigError(SourceLocation? Location, string KeyPath, string Message)
{
    /// <summary><c>configs/x.yaml:12:5 training.lr: expected a number, got 'fast'</c>.</summary>
    public override string ToString()
    {
        var where = Location is null ? "" : Location + " ";
        return KeyPath.Length == 0 ? where + Message : $"{where}{KeyPath}: {Message}";
    }
}
