using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Visualization;
using SaePlatform.Contracts.Visualization.Figures;

namespace TestVisualizers;

/// <summary>Throws from Render.</summary>
[Visualizer("test_throws")]
public sealed class ThrowingVisualizer : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("test_throws always throws");
}

/// <summary>Never returns and ignores its cancellation token (the worst case the guard must survive).</summary>
[Visualizer("test_hangs")]
public sealed class HangingVisualizer : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken) => Thread.Sleep(Timeout.Infinite);
}

/// <summary>Ends its process with <see cref="Environment.FailFast(string)"/>.</summary>
[Visualizer("test_failfast")]
public sealed class FailFastVisualizer : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken) =>
        Environment.FailFast("test_failfast brings the process down");
}

/// <summary>Overflows the stack by unbounded recursion (uncatchable in .NET).</summary>
[Visualizer("test_stack_overflow")]
public sealed class StackOverflowVisualizer : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken) => Recurse(context.History.Steps.Count + 1);

    private static long Recurse(long depth)
    {
        Span<byte> frame = stackalloc byte[256];
        frame[0] = (byte)depth;
        return Recurse(depth + 1) + frame[0];
    }
}

/// <summary>Saves one line figure through the host's figure sink, named <c>{model}_{layer}_figure</c>.</summary>
[Visualizer("test_figure")]
public sealed class FigureVisualizer : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken)
    {
        var steps = context.History.Steps.Select(s => (double)s).ToArray();
        var figure = new Figure { Title = "test" };
        figure.Panel.Add(new LineSeries(steps, steps) { Label = "steps" });
        context.Figures.Save(figure, $"{context.ModelName}_{context.LayerName}_figure");
    }
}

/// <summary>Ends its process with exit code 0 before rendering anything (a worker that "succeeds" without a result).</summary>
[Visualizer("test_exits_quietly")]
public sealed class QuietExitVisualizer : IVisualizer
{
    /// <inheritdoc />
    public void Render(VisualizationContext context, CancellationToken cancellationToken) => Environment.Exit(0);
}
