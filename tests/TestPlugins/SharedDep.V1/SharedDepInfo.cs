namespace SharedDep;

/// <summary>Reports which build of SharedDep is loaded.</summary>
public static class SharedDepInfo
{
    /// <summary>The assembly version of the SharedDep that answered.</summary>
    public static string Version() => typeof(SharedDepInfo).Assembly.GetName().Version!.ToString();
}
