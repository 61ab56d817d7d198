namespace SaePlatform.Contracts.Components;

/// <summary>
/// A component's options, or the data it was given, do not fit: thrown by an architecture, penalty, data source,
/// observer or visualizer to say "the config is wrong", with the offending key and value in the message. The host
/// reports it as a configuration error (exit code 2) wherever it is thrown, also during training.
/// </summary>
/// <remarks>
/// A plain <see cref="ArgumentException"/> still counts as a configuration error while components are built and
/// initialised (before the first training step), so existing plugins keep their messages; from the first step on,
/// it is treated as a failure of the run, because it then usually means a bug (a shape mismatch in a kernel) rather
/// than a config problem.
/// </remarks>
public class ComponentConfigurationException : ArgumentException
{
    /// <summary>A configuration problem described by <paramref name="message"/>.</summary>
    /// <param name="message">What is wrong and how to fix it, naming the config key and value.</param>
    public ComponentConfigurationException(string message) : base(message) { }

    /// <summary>A configuration problem with the option (<paramref name="paramName"/>) that caused it.</summary>
    /// <param name="message">What is wrong and how to fix it, naming the config key and value.</param>
    /// <param name="paramName">The options property or parameter that holds the offending value.</param>
    public ComponentConfigurationException(string message, string? paramName) : base(message, paramName) { }

    /// <summary>A configuration problem found through another exception.</summary>
    /// <param name="message">What is wrong and how to fix it, naming the config key and value.</param>
    /// <param name="innerException">The exception that revealed the problem.</param>
    public ComponentConfigurationException(string message, Exception? innerException) : base(message, innerException) { }
}
