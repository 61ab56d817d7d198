using SaePlatform.Host.Dashboard;
using SaePlatform.Host.Tests.Support;

namespace SaePlatform.Host.Tests.Dashboard;

/// <summary>
/// A dashboard left open over many runs keeps their histories within its memory budget: the least recently requested
/// are dropped, and a dropped run requested again shows its whole history, read again from its file.
/// </summary>
public sealed class RunCatalogMemoryTests
{
    [Fact]
    public void History_PastTheBudget_DropsTheLeastRecentlyRequested_AndReadsItAgainWhole()
    {
        var dir = Repository.NewTempDirectory();
        var runs = Enumerable.Range(0, 4).Select(i => new FakeRun(dir, "m", $"L{i}")).ToList();
        foreach (var run in runs) run.Append(0, 1000);
        // One run of 1,000 steps with three metrics holds about 36 kB: room for two, not three.
        var catalog = new RunCatalog(dir, historyBudgetBytes: 80_000);
        RunEntry Entry(FakeRun run) => catalog.Discover().Single(r => r.Id == run.Id);

        var first = catalog.History(Entry(runs[0]));
        Assert.InRange(first.HeldBytes, 30_000, 40_000);
        catalog.History(Entry(runs[1]));
        Assert.Equal(2, catalog.HeldHistories);
        catalog.History(Entry(runs[0]));            // L0 is now more recent than L1
        catalog.History(Entry(runs[2]));            // over budget: L1 goes
        Assert.Equal(2, catalog.HeldHistories);
        Assert.Same(first, catalog.History(Entry(runs[0])));   // still held: the same object, not re-read

        var again = catalog.History(Entry(runs[1])).Snapshot();
        Assert.Equal(1000, again.Steps.Length);
        Assert.Equal(999, again.Steps[^1]);
        Assert.Equal(FakeRun.Loss(999), again.Columns["losses/overall_loss"][^1], 5);
        Assert.True(catalog.HeldHistories <= 2);
    }

    [Fact]
    public void History_OneRunLargerThanTheBudget_IsStillServed()
    {
        var dir = Repository.NewTempDirectory();
        var run = new FakeRun(dir, "m", "big");
        run.Append(0, 2000);
        var catalog = new RunCatalog(dir, historyBudgetBytes: 1_000);

        var snapshot = catalog.History(catalog.Discover().Single()).Snapshot();

        Assert.Equal(2000, snapshot.Steps.Length);
        Assert.Equal(1, catalog.HeldHistories);
    }
}
