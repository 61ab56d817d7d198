using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Host.Plugins;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Plugins;

/// <summary>
/// The <c>dotnet new saeplugin</c> template (templates/SaePlugin), installed offline from the repository into
/// a private template hive, instantiated outside the repository, built, and loaded by the host's loader.
/// </summary>
public sealed class PluginTemplateTests
{
    [Theory]
    [InlineData("architecture")]
    [InlineData("penalty")]
    [InlineData("data_source")]
    [InlineData("visualizer")]
    [InlineData("observer")]
    public void Template_EachKind_BuildsAPluginTheHostLoads(string kind)
    {
        var work = Repository.NewTempDirectory();
        var hive = Path.Combine(work, "hive");
        var install = DotnetCli.Run(work, "new", "install", Path.Combine(Repository.Root, "templates", "SaePlugin"), "--debug:custom-hive", hive);
        Assert.True(install.ExitCode == 0, install.All);

        var project = Path.Combine(work, "Lab.Plugins.Sample");
        var create = DotnetCli.Run(work, "new", "saeplugin", "-n", "Lab.Plugins.Sample", "-o", project, "--kind", kind,
            "--component-id", "lab_sample", "--host-dir", Repository.HostOutput, "--debug:custom-hive", hive);
        Assert.True(create.ExitCode == 0, create.All);
        Assert.True(File.Exists(Path.Combine(project, "Lab.Plugins.Sample.csproj")), create.All);

        var build = DotnetCli.Run(project, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.All);

        var output = Path.Combine(project, "bin", "Release", "net10.0");
        Assert.False(File.Exists(Path.Combine(output, "SaePlatform.Contracts.dll")), "the plugin must not ship the contracts");
        var validation = PluginValidator.Validate(output, [], new PluginLoader(NullLogger<PluginLoader>.Instance));
        Assert.True(validation.Passed, string.Join("\n", validation.Findings));
        Assert.Equal("Lab.Plugins.Sample", validation.PluginId);
        Assert.Contains(validation.Findings, f => f.Level == FindingLevel.Pass && f.Message.StartsWith($"{kind} 'lab_sample'", StringComparison.Ordinal));
    }
}
