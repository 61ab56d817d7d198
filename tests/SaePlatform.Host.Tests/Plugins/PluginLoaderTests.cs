using System.Runtime.Loader;
using Microsoft.Extensions.Logging.Abstractions;
using SaePlatform.Contracts;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;
using SaePlatform.Host.Plugins;
using static SaePlatform.Host.Tests.Plugins.TestPluginFolders;
using SaePlatform.Host.Plugins.Components;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Plugins;

public sealed class PluginLoaderTests
{
    private static ComponentContext NewContext() =>
        new(NullLogger.Instance, Repository.NewTempDirectory(), Repository.NewTempDirectory(), seed: 7);

    [Fact]
    public void Load_GoodPlugin_RegistersItsComponentsAndCreatesThemWithOptionsAndContext()
    {
        var catalog = Load(RootWith("GoodPlugin"));

        var result = catalog.ResultFor("GoodPlugin");
        Assert.Equal(PluginLoadStatus.Loaded, result.Status);
        Assert.Equal(("good-plugin", "1.2.3"), (result.PluginId, result.Manifest!.Version));
        Assert.Empty(result.Warnings);
        var observer = catalog.Registry.Find(ComponentKind.Observer, "good_observer");
        Assert.NotNull(observer);
        Assert.Equal("Does nothing, well.", observer.Description);
        Assert.True(observer.TakesContext);
        Assert.Equal("GoodObserverOptions", observer.OptionsType?.Name);
        var penalty = catalog.Registry.Find(ComponentKind.Penalty, "good_penalty");
        Assert.NotNull(penalty);
        Assert.Null(penalty.OptionsType);

        var context = NewContext();
        var instance = catalog.Create(observer, null, context);
        Assert.IsAssignableFrom<ITrainingObserver>(instance);
        Assert.Same(context, instance.GetType().GetProperty("Context")!.GetValue(instance));
    }

    [Fact]
    public void Load_PluginCarryingItsOwnContracts_SharesTheHostContractsAndRecognisesItsComponent()
    {
        var folder = Built("CarriesOwnContracts");
        Assert.True(File.Exists(Path.Combine(folder, "SaePlatform.Contracts.dll")), "the test plugin should ship a contracts copy");

        var catalog = Load(RootWith("CarriesOwnContracts"));

        Assert.Equal(PluginLoadStatus.Loaded, catalog.ResultFor("CarriesOwnContracts").Status);
        var component = catalog.Registry.Find(ComponentKind.Observer, "carries_own_contracts");
        Assert.NotNull(component);
        Assert.True(typeof(ITrainingObserver).IsAssignableFrom(component.ImplementationType));
        var pluginContext = AssemblyLoadContext.GetLoadContext(component.ImplementationType.Assembly);
        Assert.NotSame(AssemblyLoadContext.Default, pluginContext);
        Assert.DoesNotContain(pluginContext!.Assemblies, a => a.GetName().Name == "SaePlatform.Contracts");
    }

    [Fact]
    public void TestPluginsTargets_GoodPlugin_ShipsNoContractsCopy()
    {
        Assert.False(File.Exists(Path.Combine(Built("GoodPlugin"), "SaePlatform.Contracts.dll")));
        Assert.False(File.Exists(Path.Combine(Built("GoodPlugin"), "SaePlatform.Tensors.dll")));
    }

    [Fact]
    public void Load_PluginBuiltForNewerContracts_IsRefusedNamingBothVersionsWhileOthersLoad()
    {
        var root = RootWith("NewerApi", "GoodPlugin");

        var catalog = Load(root);

        var refused = catalog.ResultFor("NewerApi");
        Assert.Equal(PluginLoadStatus.Failed, refused.Status);
        Assert.Contains($"plugin 'newer-api' ({Path.Combine(root, "NewerApi")})", refused.Message);
        Assert.Contains($"was built for contracts API v999, this host supports up to v{ContractsApi.Version}; rebuild it", refused.Message);
        Assert.Null(catalog.Registry.Find(ComponentKind.Observer, "newer_api_observer"));
        Assert.Equal(PluginLoadStatus.Loaded, catalog.ResultFor("GoodPlugin").Status);
    }

    [Fact]
    public void Load_ComponentConstructorThrows_PluginReportedAndSkippedWhileOthersLoad()
    {
        var catalog = Load(BuiltRoot);

        var throwing = catalog.ResultFor("ThrowingConstructor");
        Assert.Equal(PluginLoadStatus.Failed, throwing.Status);
        Assert.Contains(Built("ThrowingConstructor"), throwing.Message);
        Assert.Contains("observer 'throwing_observer'", throwing.Message);
        Assert.Contains("threw in its constructor", throwing.Message);
        Assert.Contains("InvalidOperationException: ThrowingObserver refuses to be created", throwing.Message);
        Assert.Null(catalog.Registry.Find(ComponentKind.Observer, "throwing_observer"));
        foreach (var name in new[] { "GoodPlugin", "CarriesOwnContracts", "DependencyV1", "DependencyV2" })
            Assert.Equal(PluginLoadStatus.Loaded, catalog.ResultFor(name).Status);
    }

    [Fact]
    public void Load_ComponentWhoseDisposeThrows_FailsSayingDisposeNotConstructor()
    {
        var catalog = Load(RootWith("ThrowingDispose"));

        var result = catalog.ResultFor("ThrowingDispose");
        Assert.Equal(PluginLoadStatus.Failed, result.Status);
        Assert.Contains("observer 'throwing_dispose_observer'", result.Message);
        Assert.Contains("threw in Dispose", result.Message);
        Assert.Contains("ThrowingDisposeObserver cannot let go", result.Message);
        Assert.DoesNotContain("constructor", result.Message);
    }

    [Fact]
    public void Load_ComponentWhoseDefaultOptionsAreInvalid_IsNotConstructedAtLoadAndCreateReportsItsFailure()
    {
        var root = RootWith("GoodPlugin");

        var catalog = Load(root);

        Assert.Equal(PluginLoadStatus.Loaded, catalog.ResultFor("GoodPlugin").Status);
        var source = catalog.Registry.Find(ComponentKind.DataSource, "good_source")!;
        var error = Assert.Throws<ComponentCreationException>(() => catalog.Create(source, null, NewContext()));
        Assert.Contains($"data_source 'good_source' from plugin 'good-plugin' ({Path.Combine(root, "GoodPlugin")}) threw in its constructor", error.Message);
        Assert.Contains("FileNotFoundException: data file not found", error.Message);
    }

    [Fact]
    public void Load_ProcessIsolatedPlugin_DoesNotRunConstructorsAtLoadButCreateNamesPluginAndFolder()
    {
        var root = RootWith("ThrowingConstructor");
        EditManifest(Path.Combine(root, "ThrowingConstructor"), m => m["isolation"] = "process");

        var catalog = Load(root);

        Assert.Equal(PluginLoadStatus.Loaded, catalog.ResultFor("ThrowingConstructor").Status);
        var component = catalog.Registry.Find(ComponentKind.Observer, "throwing_observer")!;
        var error = Assert.Throws<ComponentCreationException>(() => catalog.Create(component, null, NewContext()));
        Assert.Contains($"observer 'throwing_observer' from plugin 'throwing-constructor' ({Path.Combine(root, "ThrowingConstructor")})", error.Message);
        Assert.Contains("ThrowingObserver refuses to be created", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Load_TwoPluginsWithDifferentVersionsOfOneLibrary_EachSeesItsOwnVersion()
    {
        var catalog = Load(RootWith("DependencyV1", "DependencyV2"));

        foreach (var (id, expected) in new[] { ("dependency_v1", "1.0.0.0"), ("dependency_v2", "2.0.0.0") })
        {
            var component = catalog.Registry.Find(ComponentKind.Observer, id);
            Assert.NotNull(component);
            var reported = component.ImplementationType.GetMethod("SharedDepVersion")!.Invoke(null, null);
            Assert.Equal(expected, reported);
            var instance = catalog.Create(component, null, NewContext());
            Assert.Equal(expected, instance.GetType().GetProperty("DependencyVersion")!.GetValue(instance));
        }
    }

    [Fact]
    public void Load_DependencyMissingFromFolder_FailsNamingTheAssemblyWhileOthersLoad()
    {
        var root = RootWith("DependencyV1", "DependencyV2");
        File.Delete(Path.Combine(root, "DependencyV1", "SharedDep.dll"));

        var catalog = Load(root);

        var broken = catalog.ResultFor("DependencyV1");
        Assert.Equal(PluginLoadStatus.Failed, broken.Status);
        Assert.Contains(Path.Combine(root, "DependencyV1"), broken.Message);
        Assert.StartsWith("types could not be loaded", broken.Reason);
        Assert.Contains("SharedDep", broken.Reason);
        Assert.Equal(PluginLoadStatus.Loaded, catalog.ResultFor("DependencyV2").Status);
    }

    [Fact]
    public void Load_BadPluginJson_FailsWithFileAndLineWhileOthersLoad()
    {
        var root = RootWith("GoodPlugin");
        var bad = Directory.CreateDirectory(Path.Combine(root, "BadJson")).FullName;
        File.WriteAllText(Path.Combine(bad, PluginManifest.FileName), "{\n  \"id\": \"bad\",\n  oops\n}");

        var catalog = Load(root);

        var result = catalog.ResultFor("BadJson");
        Assert.Equal(PluginLoadStatus.Failed, result.Status);
        Assert.Null(result.PluginId);
        Assert.Contains(bad, result.Message);
        Assert.Contains("plugin.json: invalid JSON at line 3", result.Message);
        Assert.Equal(PluginLoadStatus.Loaded, catalog.ResultFor("GoodPlugin").Status);
    }

    [Fact]
    public void Load_EntryAssemblyMissing_FailsNamingTheFile()
    {
        var root = RootWith("GoodPlugin");
        var folder = Path.Combine(root, "GoodPlugin");
        File.Delete(Path.Combine(folder, "GoodPlugin.dll"));

        var result = Load(root).ResultFor("GoodPlugin");

        Assert.Equal(PluginLoadStatus.Failed, result.Status);
        Assert.Contains($"plugin 'good-plugin' ({folder})", result.Message);
        Assert.Contains("entry assembly GoodPlugin.dll (named in plugin.json) is not in the folder", result.Message);
    }

    [Fact]
    public void Load_SameComponentIdInTwoPlugins_SecondIsSkippedNamingBothPlugins()
    {
        var root = Repository.NewTempDirectory();
        CopyTo("GoodPlugin", Path.Combine(root, "a-first"));
        var second = CopyTo("GoodPlugin", Path.Combine(root, "b-second"));
        EditManifest(second, m => m["id"] = "good-plugin-copy");

        var catalog = Load(root);

        var copy = catalog.ResultFor("b-second");
        Assert.Equal(PluginLoadStatus.Loaded, copy.Status);
        Assert.Empty(copy.Components);
        var warning = Assert.Single(copy.Warnings, w => w.Contains("'good_observer'"));
        Assert.Contains("plugin 'good-plugin'", warning);
        Assert.Contains(Path.Combine(root, "a-first"), warning);
        Assert.Equal("good-plugin-copy", copy.PluginId);
        Assert.Equal("good-plugin", catalog.Registry.Find(ComponentKind.Observer, "good_observer")!.PluginId);
    }

    [Fact]
    public void Load_SamePluginIdInTwoFolders_SecondIsSkipped()
    {
        var first = RootWith("GoodPlugin");
        var second = RootWith("GoodPlugin");

        var catalog = Load(first, second);

        Assert.Equal([PluginLoadStatus.Loaded, PluginLoadStatus.Skipped], catalog.Plugins.Select(p => p.Status));
        Assert.Contains($"already loaded from {Path.Combine(first, "GoodPlugin")}", catalog.Plugins[1].Message);
    }

    [Fact]
    public void Load_ManifestDeclaresComponentTheAssemblyLacks_Fails()
    {
        var root = RootWith("GoodPlugin");
        EditManifest(Path.Combine(root, "GoodPlugin"), m => m["components"]!.AsArray().Add(
            new System.Text.Json.Nodes.JsonObject { ["kind"] = "architecture", ["id"] = "ghost" }));

        var result = Load(root).ResultFor("GoodPlugin");

        Assert.Equal(PluginLoadStatus.Failed, result.Status);
        Assert.Contains("plugin.json declares architecture 'ghost' but GoodPlugin.dll has no usable public class", result.Message);
    }

    [Fact]
    public void Load_ComponentNotDeclaredInManifest_IsRegisteredWithAWarning()
    {
        var root = RootWith("GoodPlugin");
        EditManifest(Path.Combine(root, "GoodPlugin"), m => m["components"]!.AsArray().RemoveAt(1));

        var catalog = Load(root);

        var result = catalog.ResultFor("GoodPlugin");
        Assert.Equal(PluginLoadStatus.Loaded, result.Status);
        Assert.NotNull(catalog.Registry.Find(ComponentKind.Penalty, "good_penalty"));
        Assert.Contains(result.Warnings, w => w.Contains("penalty 'good_penalty'") && w.Contains("not declared in plugin.json"));
    }

    [Fact]
    public void WhyUnavailable_ComponentOfFailedPlugin_ReturnsThatPlugin()
    {
        var catalog = Load(RootWith("NewerApi"));

        var why = catalog.WhyUnavailable(ComponentKind.Observer, "newer_api_observer");

        Assert.Equal("newer-api", why?.PluginId);
        Assert.Null(catalog.WhyUnavailable(ComponentKind.Observer, "nobody_declares_this"));
    }
}
