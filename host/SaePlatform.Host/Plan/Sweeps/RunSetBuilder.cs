using SaePlatform.Host.Configuration;
using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Configuration.Tree;

namespace SaePlatform.Host.Plan.Sweeps;

/// <summary>
/// Splits a composed config into the runs it describes and validates every one before anything trains. A plain
/// config (no <c>sweep</c>, no <c>{model}</c>/<c>{layer}</c>) stays one plan, exactly as before. Otherwise each
/// (sweep point, model, layer) gets its own config: the point's values applied like <c>--set</c>, <c>run.model</c>
/// and <c>run.layer</c> set to the one pair, every placeholder replaced. All errors of all runs are reported at once,
/// each naming the run it belongs to unless every run has it.
/// </summary>
internal static class RunSetBuilder
{
    /// <summary>Builds the run set of <paramref name="config"/> with <paramref name="builder"/>.</summary>
    /// <exception cref="ConfigException">Any problem in any run; all are reported.</exception>
    public static RunSet Build(ComposedConfig config, RunPlanBuilder builder)
    {
        if (config.Incomplete) throw new ConfigException(config.Errors);
        var sweepErrors = new List<ConfigError>();
        IReadOnlyList<SweepPoint> points = config.Root.Get(SweepSection.Key) is { } sweepNode ? SweepSection.Read(sweepNode, sweepErrors) : [];
        var root = (ConfigMap)config.Root.Clone();
        root.Remove(SweepSection.Key);
        if (sweepErrors.Count > 0) throw new ConfigException([.. config.Errors, .. sweepErrors]);

        var models = Names(root, "model", "models");
        var layers = Names(root, "layer", "layers");
        var split = points.Count > 0 || ConfigPlaceholders.Uses(root, ConfigPlaceholders.Model) || ConfigPlaceholders.Uses(root, ConfigPlaceholders.Layer);
        if (!split || models is null || layers is null)
        {
            // Plain (or a run section too broken to split: building it reports why).
            var errors = new List<ConfigError>(config.Errors);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (models is [var model]) values[ConfigPlaceholders.Model] = model;
            if (layers is [var layer]) values[ConfigPlaceholders.Layer] = layer;
            ConfigPlaceholders.Resolve(root, values, errors);
            var plain = config with { Root = root, Errors = errors };
            return new RunSet([new PlannedUnit(new RunUnit(0, null, null, null, plain), builder.Build(plain))], points, false);
        }

        var units = new List<RunUnit>();
        var pointsOrNone = points.Count > 0 ? [.. points] : new List<SweepPoint?> { null };
        foreach (var point in pointsOrNone)
        foreach (var model in models)
        foreach (var layer in layers)
            units.Add(Unit(config, root, units.Count, point, model, layer));
        var planned = new List<PlannedUnit>();
        var failures = new List<(RunUnit Unit, IReadOnlyList<ConfigError> Errors)>();
        foreach (var unit in units)
        {
            try
            {
                var plan = builder.Build(unit.Config);
                if (unit.Point is { } point) plan = plan with { Runs = [.. plan.Runs.Select(t => t with { Point = point.Name })] };
                planned.Add(new PlannedUnit(unit, plan));
            }
            catch (ConfigException ex)
            {
                failures.Add((unit, ex.Errors));
            }
        }
        if (failures.Count > 0) throw new ConfigException(Labelled(failures, units.Count));
        return new RunSet(planned, points, true);
    }

    private static RunUnit Unit(ComposedConfig config, ConfigMap root, int index, SweepPoint? point, string model, string layer)
    {
        var tree = (ConfigMap)root.Clone();
        var errors = new List<ConfigError>(config.Errors);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { [ConfigPlaceholders.Model] = model, [ConfigPlaceholders.Layer] = layer };
        if (point is not null)
        {
            foreach (var swept in point.Values)
                new ConfigOverride(swept.Key, swept.Key.Split('.'), swept.Value.Clone()).ApplyTo(tree, errors);
            foreach (var (name, text) in SweepSection.Placeholders(point)) values[name] = text;
        }
        var run = (ConfigMap)tree.Get(ConfigSections.Run)!;
        SetOne(run, "model", "models", model);
        SetOne(run, "layer", "layers", layer);
        ConfigPlaceholders.Resolve(tree, values, errors);
        return new RunUnit(index, point, model, layer, config with { Root = tree, Errors = errors });
    }

    // run.model = the one name (quoted: a string), run.models removed.
    private static void SetOne(ConfigMap run, string single, string many, string name)
    {
        var location = (run.Find(single) ?? run.Find(many))!.KeyLocation;
        run.Remove(many);
        run.Set(single, location, new ConfigScalar(name, true, location));
    }

    // The names under run.<single> or run.<many> as written; null when they cannot be read (the plan reports why).
    private static List<string>? Names(ConfigMap root, string single, string many)
    {
        if (root.Get(ConfigSections.Run) is not ConfigMap run) return null;
        var one = run.Get(single);
        var list = run.Get(many);
        var hasOne = one is ConfigScalar { IsNull: false };
        var hasList = list is ConfigList;
        if (hasOne == hasList) return null;
        if (hasOne) return [((ConfigScalar)one!).Value!];
        var items = ((ConfigList)list!).Items;
        if (items.Count == 0 || items.Exists(i => i is not ConfigScalar { IsNull: false })) return null;
        return [.. items.Select(i => ((ConfigScalar)i).Value!)];
    }

    // An error every run has is reported once; the others name their run.
    private static List<ConfigError> Labelled(List<(RunUnit Unit, IReadOnlyList<ConfigError> Errors)> failures, int unitCount)
    {
        var counts = failures.SelectMany(f => f.Errors.Select(e => e.ToString()).Distinct()).CountBy(t => t).ToDictionary(p => p.Key, p => p.Value);
        var result = new List<ConfigError>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (unit, errors) in failures)
        foreach (var error in errors)
        {
            var text = error.ToString();
            if (counts[text] == unitCount)
            {
                if (reported.Add(text)) result.Add(error);
            }
            else result.Add(error with { Message = $"[{unit.Label}] {error.Message}" });
        }
        return result;
    }
}
