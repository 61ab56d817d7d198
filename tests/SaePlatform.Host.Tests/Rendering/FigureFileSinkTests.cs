using Microsoft.Extensions.Logging;
using SaePlatform.Host.Rendering;
using SaePlatform.Host.Rendering.Svg;

namespace SaePlatform.Host.Tests.Rendering;

public sealed class FigureFileSinkTests
{
    [Fact]
    public void Save_SvgOnlyWriterAndPngPdfRequested_WritesSvgOnceAndLogsOnce()
    {
        var dir = Support.Repository.NewTempDirectory();
        var logger = new ListLogger();
        var factory = new FigureSinkFactory(logger, useCairo: false);
        var sink = factory.Create(dir, ["png", "PDF", "svg"], 150);
        var paths = sink.Save(SampleFigures.LineWithTargetAndHistogram(), "m_l_training_history");
        Assert.Equal([Path.Combine(dir, "m_l_training_history.svg")], paths);
        factory.Create(dir, ["png"], 150).Save(SampleFigures.LineWithTargetAndHistogram(), "second");
        Assert.Equal(["m_l_training_history.svg", "second.svg"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Single(logger.Messages, m => m.Contains("writing SVG instead", StringComparison.Ordinal));
        Assert.Equal(new SvgFigureWriter().Render(SampleFigures.LineWithTargetAndHistogram(), "svg", 150), File.ReadAllBytes(paths[0]));
    }

    [Fact]
    public void Save_EveryFormat_OneFileEachAndNoTemporaryFilesLeft()
    {
        var dir = Support.Repository.NewTempDirectory();
        var factory = new FigureSinkFactory(new ListLogger());
        Assert.True(factory.UsesCairo, "cairo should be available (CI installs libcairo2 and libpangocairo-1.0-0)");
        var paths = factory.Create(dir, ["png", "svg", "pdf"], 150).Save(SampleFigures.LineWithTargetAndHistogram(), "fig");
        Assert.Equal(["fig.pdf", "fig.png", "fig.svg"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(3, paths.Count);
    }

    [Fact]
    public void Save_StemWithPathSeparator_Refused()
    {
        var sink = new FigureSinkFactory(new ListLogger(), useCairo: false).Create(Support.Repository.NewTempDirectory(), ["svg"], 150);
        Assert.Throws<ArgumentException>(() => sink.Save(SampleFigures.LineWithTargetAndHistogram(), "../escape"));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
