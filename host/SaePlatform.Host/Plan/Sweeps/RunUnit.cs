using System.Globalization;
using SaePlatform.Host.Configuration;

namespace SaePlatform.Host.Plan.Sweeps;

/// <summary>
/// One run of a config that is split into runs with their own settings: a sweep point crossed with a model and a layer,
/// or (without a sweep) a (model, layer) pair whose config uses <c>{model}</c> or <c>{layer}</c>.
/// </summary>
/// <param name="Index">Position in the config's list of runs (<c>sae train --sweep-point i</c>, Slurm array task i).</param>
/// <param name="Point">The sweep point, or null without a sweep.</param>
/// <param name="Model">The one model of this run.</param>
/// <param name="Layer">The one layer of this run.</param>
/// <param name="Config">The config of this run alone: the point's values applied, placeholders replaced, <c>sweep</c> removed.</param>
internal sealed record RunUnit(int Index, SweepPoint? Point, string? Model, string? Layer, ComposedConfig Config)
{
    /// <summary><c>point 3 (k=32, model m, layer 6)</c>: how messages name this run.</summary>
    public string Label
    {
        get
        {
            var parts = new List<string>();
            if (Point is not null) parts.Add(Point.Name);
            parts.Add("model " + Model);
            parts.Add("layer " + Layer);
            return $"{(Point is null ? "run" : "point")} {Index.ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", parts)})";
        }
    }
}

/// <summary>A <see cref="RunUnit"/> with its validated plan.</summary>
/// <param name="Unit">The run.</param>
/// <param name="Plan">Its plan: one target, with the point's folder when it belongs to a sweep.</param>
internal sealed record PlannedUnit(RunUnit Unit, RunPlan Plan);

/// <summary>
/// Everything a config trains: one plan for a plain config (all its models and layers, as before), or one plan per
/// <see cref="RunUnit"/> when the config has a sweep or uses <c>{model}</c>/<c>{layer}</c>.
/// </summary>
/// <param name="Units">The runs, in index order; for a plain config one entry whose <see cref="RunUnit.Point"/> is null and whose plan may hold several targets.</param>
/// <param name="Sweep">The sweep points, empty without a sweep.</param>
/// <param name="IsSplit">Whether the config was split into runs with their own settings.</param>
internal sealed record RunSet(IReadOnlyList<PlannedUnit> Units, IReadOnlyList<SweepPoint> Sweep, bool IsSplit)
{
    /// <summary>Whether the config has a <c>sweep</c> section.</summary>
    public bool IsSweep => Sweep.Count > 0;
}
