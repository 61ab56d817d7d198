using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Observers;

namespace GoodPlugin;

/// <summary>Options of <see cref="GoodObserver"/>.</summary>
public sealed class GoodObserverOptions
{
    /// <summary>Steps between reports.</summary>
    [Description("Steps between reports.")]
    [Range(1, 1000)]
    public int Every { get; set; } = 10;
}

/// <summary>An observer that does nothing; it exists to be found, registered and created.</summary>
[TrainingObserver("good_observer", Description = "Does nothing, well.")]
public sealed class GoodObserver(GoodObserverOptions options, ComponentContext context) : ITrainingObserver
{
    /// <summary>The options it was created with.</summary>
    public GoodObserverOptions Options { get; } = options;

    /// <summary>The context it was created with.</summary>
    public ComponentContext Context { get; } = context;
}
