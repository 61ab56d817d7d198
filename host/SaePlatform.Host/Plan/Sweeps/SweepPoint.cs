namespace SaePlatform.Host.Plan.Sweeps;

/// <summary>One combination of swept values (from <c>sweep.points</c> and/or <c>sweep.grid</c>), before it is crossed with the models and layers.</summary>
/// <param name="Name">Stable, readable name from the values (<c>k=32_lr=3e-4</c>): the point's folder under <c>output_dir/model/</c>.</param>
/// <param name="Values">The config key (<c>architecture.k</c>) and its value as written, in the order the keys were written.</param>
internal sealed record SweepPoint(string Name, IReadOnlyList<SweptValue> Values);

/// <summary>One swept key of a <see cref="SweepPoint"/>.</summary>
/// <param name="Key">Dotted config key, e.g. <c>training.lr</c>.</param>
/// <param name="Value">The value node, applied like <c>--set key=value</c>.</param>
/// <param name="Text">The value as written (<c>3e-4</c>), used in names, placeholders and summaries.</param>
internal sealed record SweptValue(string Key, Configuration.Tree.ConfigNode Value, string Text);
