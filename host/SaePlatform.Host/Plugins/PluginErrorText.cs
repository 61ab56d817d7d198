using System.Reflection;

namespace SaePlatform.Host.Plugins;

/// <summary>Turns exceptions thrown by plugin code or by loading it into one readable line.</summary>
internal static class PluginErrorText
{
    /// <summary>"ExceptionType: message", unwrapping reflection's invocation wrapper, with a hint for a missing assembly.</summary>
    public static string Describe(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        if (e is ReflectionTypeLoadException typeLoad) return DescribeTypeLoad(typeLoad);
        var text = $"{e.GetType().Name}: {e.Message.Trim()}";
        return e is FileNotFoundException { FileName: not null }
            ? text + " (a dependency missing from the plugin folder?)"
            : text;
    }

    /// <summary>The distinct loader errors of a <see cref="ReflectionTypeLoadException"/> (its own message only says "see LoaderExceptions").</summary>
    public static string DescribeTypeLoad(Exception e)
    {
        if (e is not ReflectionTypeLoadException typeLoad) return Describe(e);
        var reasons = typeLoad.LoaderExceptions.OfType<Exception>().Select(Describe).Distinct().ToList();
        return reasons.Count == 0 ? typeLoad.Message : string.Join(" | ", reasons);
    }
}
