using SaePlatform.Contracts.Components;
using SaePlatform.Host.Plugins.Components;

namespace SaePlatform.Host.Tests.Support.ConfigFixtures;

/// <summary>A <see cref="ComponentRegistry"/> holding the fake components, registered directly (no plugin loading).</summary>
internal static class FakeRegistry
{
    public static ComponentRegistry Create()
    {
        var registry = new ComponentRegistry();
        Add(registry, "npy", ComponentKind.DataSource, typeof(FakeNpySource), typeof(FakeNpyOptions));
        Add(registry, "shards", ComponentKind.DataSource, typeof(FakeShardsSource), typeof(FakeShardsOptions));
        Add(registry, "synthetic", ComponentKind.DataSource, typeof(FakeSyntheticSource), typeof(FakeSyntheticOptions));
        Add(registry, "topk", ComponentKind.Architecture, typeof(FakeTopKArchitecture), typeof(FakeTopKOptions), takesContext: true);
        Add(registry, "standard", ComponentKind.Architecture, typeof(FakeStandardArchitecture), null);
        Add(registry, "lzero", ComponentKind.Architecture, typeof(FakeLZeroArchitecture), null);
        Add(registry, "misdeclared", ComponentKind.Architecture, typeof(FakeMisdeclaredArchitecture), null);
        Add(registry, "l1", ComponentKind.Penalty, typeof(FakeL1Penalty), typeof(FakeL1Options));
        Add(registry, "loss_curves", ComponentKind.Visualizer, typeof(FakeLossCurvesVisualizer), typeof(FakeLossCurvesOptions));
        Add(registry, "console", ComponentKind.Observer, typeof(FakeConsoleObserver), null);
        return registry;
    }

    private static void Add(ComponentRegistry registry, string id, ComponentKind kind, Type implementation, Type? options, bool takesContext = false) =>
        registry.TryAdd(new ComponentDescriptor(id, kind, implementation, options, takesContext, "test-plugin", null));
}
