namespace SaePlatform.Contracts.Components;

/// <summary>
/// Marks a class as a component and names it. The class has one public constructor taking its options
/// object (any class with a public parameterless constructor, bound from the config) and optionally a
/// <see cref="ComponentContext"/>, in that order; a constructor with no parameters means "no options".
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class ComponentAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="id">The name used in configs, lower snake case, e.g. <c>topk</c>.</param>
    protected ComponentAttribute(string id) => Id = id;

    /// <summary>The name used in configs.</summary>
    public string Id { get; }

    /// <summary>One line shown by <c>sae plugins</c>.</summary>
    public string? Description { get; set; }

    /// <summary>The slot this component fills.</summary>
    public abstract ComponentKind Kind { get; }
}

/// <summary>Declares an <see cref="Architectures.ISaeArchitecture"/>.</summary>
public sealed class SaeArchitectureAttribute(string id) : ComponentAttribute(id)
{
    /// <inheritdoc />
    public override ComponentKind Kind => ComponentKind.Architecture;
}

/// <summary>Declares an <see cref="Penalties.ISparsityPenalty"/>.</summary>
public sealed class SparsityPenaltyAttribute(string id) : ComponentAttribute(id)
{
    /// <inheritdoc />
    public override ComponentKind Kind => ComponentKind.Penalty;
}

/// <summary>Declares an <see cref="Data.IDataSource"/>.</summary>
public sealed class DataSourceAttribute(string id) : ComponentAttribute(id)
{
    /// <inheritdoc />
    public override ComponentKind Kind => ComponentKind.DataSource;
}

/// <summary>Declares an <see cref="Visualization.IVisualizer"/>.</summary>
public sealed class VisualizerAttribute(string id) : ComponentAttribute(id)
{
    /// <inheritdoc />
    public override ComponentKind Kind => ComponentKind.Visualizer;
}

/// <summary>Declares an <see cref="Observers.ITrainingObserver"/>.</summary>
public sealed class TrainingObserverAttribute(string id) : ComponentAttribute(id)
{
    /// <inheritdoc />
    public override ComponentKind Kind => ComponentKind.Observer;
}
