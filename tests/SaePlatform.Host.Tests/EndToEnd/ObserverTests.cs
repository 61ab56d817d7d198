using SaePlatform.Host.Tests.Plugins;
using SaePlatform.Host.Tests.Support;


namespace SaePlatform.Host.Tests.EndToEnd;

/// <summary>Observers named in a config's <c>observers</c> list receive the run's callbacks; a throwing one is guarded.</summary>
public sealed class ObserverTests
{
    [Fact]
    public void Train_ConfiguredObservers_GoodOneSeesEveryCallbackThrowingOneIsSwitchedOff()
    {
        var dir = Repository.NewTempDirectory();
        var plugins = TestPluginFolders.RootWith("TestObservers");
        var config = Path.Combine(dir, "run.yaml");
        File.WriteAllText(config, $"""
            extends: "{Path.Combine(Repository.Root, "configs", "quickstart.yaml")}"
            run: {"{"}output_dir: out{"}"}
            training: {"{"}steps: 50, log_every: 10{"}"}
            plugins: {"{"}paths: ["{plugins}"]{"}"}
            visualizers: [{"{"}type: statistics{"}"}]
            observers:
              - {"{"}type: test_throwing_observer{"}"}
              - {"{"}type: test_recording_observer{"}"}
            """);

        var result = SaeProcess.Run(dir, "train", config);

        Assert.True(result.ExitCode == 0, result.All);
        var record = File.ReadAllText(Path.Combine(dir, "out", "quickstart", "synthetic", "observer.txt"));
        // Logged steps 0, 10, 20, 30, 40, the ends of the feature-density windows (a fifth of the run: 9, 19, 29, 39)
        // and the last (49); one final test evaluation.
        Assert.Equal("starts=1\nsteps=10\nlast_step=49\nevaluations=1\noutcome=Completed\n", record);
        Assert.Contains("Observer 'test_throwing_observer' (plugin test-observers) failed in OnStep: observer broke at step 0", result.All);
        Assert.Contains("failed 3 times in a row and is switched off", result.All);
        Assert.DoesNotContain("observer broke at step 30", result.All);
    }
}
