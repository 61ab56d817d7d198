namespace SaePlatform.Contracts.Runs;

/// <summary>
/// Per-step metrics: a <see cref="Steps"/> column and one column per metric, aligned by index. A metric
/// missing at a step (for example one logged per window) holds NaN there.
/// </summary>
public sealed class TrainingHistory
{
    private readonly Dictionary<string, List<double>> _metrics = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Logged step numbers.</summary>
    public List<long> Steps { get; } = [];

    /// <summary>Metric names in first-seen order.</summary>
    public IReadOnlyList<string> MetricNames => _order;

    /// <summary>The column of <paramref name="name"/>, or null when never logged.</summary>
    public IReadOnlyList<double>? Get(string name) => _metrics.GetValueOrDefault(name);

    /// <summary>Appends one row: the step and its metric values (others become NaN for this row).</summary>
    public void Append(long step, IReadOnlyDictionary<string, double> values)
    {
        Steps.Add(step);
        foreach (var (name, value) in values)
        {
            if (!_metrics.TryGetValue(name, out var column))
            {
                column = new List<double>(Steps.Count);
                for (int i = 0; i < Steps.Count - 1; i++) column.Add(double.NaN);
                _metrics[name] = column;
                _order.Add(name);
            }
            column.Add(value);
        }
        foreach (var name in _order)
        {
            var column = _metrics[name];
            if (column.Count < Steps.Count) column.Add(double.NaN);
        }
    }
}
