using System.Text;
using System.Xml.Linq;
using SaePlatform.Host.Rendering.Svg;

namespace SaePlatform.Host.Tests.Rendering;

public sealed class SvgWriterTests
{
    private static string GoldenPath(string name) => Path.Combine(Support.Repository.Root, "tests", "SaePlatform.Host.Tests", "Rendering", "Golden", name);

    [Fact]
    public void Render_SampleFigure_MatchesGoldenFile()
    {
        var svg = Encoding.UTF8.GetString(new SvgFigureWriter().Render(SampleFigures.LineWithTargetAndHistogram(), "svg", 150));
        var path = GoldenPath("line_target_histogram.svg");
        // Regenerate after an intended layout change with SAE_UPDATE_GOLDEN=1, then look at the file.
        if (Environment.GetEnvironmentVariable("SAE_UPDATE_GOLDEN") == "1") File.WriteAllText(path, svg);
        Assert.Equal(File.ReadAllText(path), svg);
    }

    [Fact]
    public void Render_Twice_SameBytes()
    {
        var writer = new SvgFigureWriter();
        Assert.Equal(writer.Render(SampleFigures.LineWithTargetAndHistogram(), "svg", 150), writer.Render(SampleFigures.LineWithTargetAndHistogram(), "svg", 150));
    }

    [Fact]
    public void Render_SampleFigure_IsWellFormedSvgWithEscapedTextAndPointSize()
    {
        var bytes = new SvgFigureWriter().Render(SampleFigures.LineWithTargetAndHistogram("제목 & <title>"), "svg", 150);
        var doc = XDocument.Parse(Encoding.UTF8.GetString(bytes));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", doc.Root!.Name);
        Assert.Equal("576pt", doc.Root.Attribute("width")!.Value);   // 8 in x 72
        Assert.Equal("216pt", doc.Root.Attribute("height")!.Value);  // 3 in x 72
        var texts = doc.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("제목 & <title>", texts);
        // The log axis spans 10 and 100 only: two decade labels were too few, so 1-2-5 multiples label it (issue 19).
        Assert.Contains("100", texts);
        Assert.Contains("20", texts);
        Assert.Contains("target", texts);
        // Every clip-path reference points at a defined clipPath.
        var ids = doc.Descendants(ns + "clipPath").Select(c => "url(#" + c.Attribute("id")!.Value + ")").ToHashSet();
        Assert.Equal(2, ids.Count);
        Assert.All(doc.Descendants().Select(e => e.Attribute("clip-path")?.Value).OfType<string>(), v => Assert.Contains(v, ids));
    }

    [Fact]
    public void Render_Png_Refused()
    {
        Assert.Throws<ArgumentException>(() => new SvgFigureWriter().Render(SampleFigures.LineWithTargetAndHistogram(), "png", 150));
    }
}
