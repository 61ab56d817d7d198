namespace SharedDep;

/// <summary>Implemented by a plugin class, so the class cannot even load when SharedDep is missing.</summary>
public interface IVersionReporter
{
    /// <summary>The SharedDep version the implementer sees.</summary>
    string DependencyVersion { get; }
}
