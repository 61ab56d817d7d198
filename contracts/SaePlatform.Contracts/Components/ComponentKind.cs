namespace SaePlatform.Contracts.Components;

/// <summary>The slots a component can fill in a run config.</summary>
public enum ComponentKind
{
    /// <summary>An SAE architecture (<c>architecture.type</c>).</summary>
    Architecture,
    /// <summary>A sparsity penalty (<c>penalty.type</c>).</summary>
    Penalty,
    /// <summary>A data source (<c>data.type</c>).</summary>
    DataSource,
    /// <summary>A visualizer (<c>visualizers[].type</c>).</summary>
    Visualizer,
    /// <summary>A training observer (<c>observers[].type</c>).</summary>
    Observer,
}
