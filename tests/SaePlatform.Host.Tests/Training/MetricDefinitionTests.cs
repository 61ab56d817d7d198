using SaePlatform.Contracts.Runs;
using SaePlatform.Host.Training.Metrics;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Sparse;

namespace SaePlatform.Host.Tests.Training;

/// <summary>Metric definitions (SAE_REFERENCE.md "Metrics") against values computed by hand on tiny inputs.</summary>
public sealed class MetricDefinitionTests
{
    [Fact]
    public void ExplainedVariance_TinyBatch_IsRelativeToTheBatchMeanNotToZero()
    {
        // x rows (1,2), (3,6); mean (2,4); sum||x - mean||^2 = (1+4) + (1+4) = 10.
        // x_hat rows (1,3), (3,5): sum||x - x_hat||^2 = 1 + 1 = 2  =>  EV = 1 - 2/10 = 0.8.
        // Relative to zero it would be 1 - 2/(1+4+9+36) = 0.96: the test tells the two apart.
        float[] x = [1, 2, 3, 6];
        float[] xHat = [1, 3, 3, 5];

        var (ev, perRowStd, sqErrPerRow) = ReconstructionMetrics.Compute(x, xHat, 2);

        Assert.Equal(0.8, ev, 12);
        Assert.Equal(1.0, sqErrPerRow, 12);             // (1 + 1) / 2 rows
        // Per row: 1 - 1/5 = 0.8 for both rows, so their std is 0.
        Assert.Equal(0.0, perRowStd, 12);
    }

    [Fact]
    public void ExplainedVariance_PerfectReconstruction_IsOne()
    {
        float[] x = [0.5f, -1, 2, 4, 3, 3];
        var (ev, _, sq) = ReconstructionMetrics.Compute(x, x, 3);
        Assert.Equal(1.0, ev, 12);
        Assert.Equal(0.0, sq, 12);
    }

    [Fact]
    public void Observe_DenseBatch_L0IsMeanNonZerosPerRow()
    {
        // 3 rows x 4 features: non-zeros per row 2, 0, 3  =>  L0 = 5/3.
        float[] f = [1, 0, 2, 0,
                     0, 0, 0, 0,
                     0.1f, -3, 0, 7];
        var activity = new FeatureActivity(4);

        double l0 = activity.Observe(Tensor.FromArray(f, 3, 4), null, step: 0);

        Assert.Equal(5.0 / 3.0, l0, 12);
    }

    [Fact]
    public void Log10Density_OverAWindow_IsLog10OfFiringFrequencyPlusEpsilon()
    {
        var activity = new FeatureActivity(3);
        // Two batches of 2 rows: feature 0 fires in 3 of 4 rows, feature 1 in 1 of 4, feature 2 never.
        activity.Observe(Tensor.FromArray([1f, 0, 0, 1f, 2f, 0], 2, 3), null, 0);
        activity.Observe(Tensor.FromArray([1f, 0, 0, 0, 0, 0], 2, 3), null, 1);

        var density = activity.Log10Density();

        Assert.Equal(Math.Log10(0.75 + 1e-10), density[0], 6);
        Assert.Equal(Math.Log10(0.25 + 1e-10), density[1], 6);
        Assert.Equal(-10.0, density[2], 6);

        activity.ResetWindow();
        activity.Observe(Tensor.FromArray([0f, 0, 5f], 1, 3), null, 2);
        Assert.Equal(-10.0, activity.Log10Density()[0], 6);      // a new window forgets earlier firing
        Assert.Equal(0.0, activity.Log10Density()[2], 6);        // fired in 1 of 1 rows
    }

    [Fact]
    public void DeadCount_FeatureSilentForTheWindow_CountsAsDeadAndFiringRevivesIt()
    {
        var activity = new FeatureActivity(3);
        // Step 0: features 0 and 1 fire. Steps 1..4: only feature 0 fires. Feature 2 never fires.
        activity.Observe(Tensor.FromArray([1f, 1f, 0], 1, 3), null, 0);
        for (int s = 1; s <= 4; s++) activity.Observe(Tensor.FromArray([1f, 0, 0], 1, 3), null, s);

        // As of step 4 (5 steps seen): feature 1 last fired at step 0, 4 steps ago -> dead with window 4, alive with 5.
        Assert.Equal(2, activity.DeadCount(4, window: 4));   // features 1 and 2
        Assert.Equal(1, activity.DeadCount(4, window: 5));   // feature 2 only (never fired: 5 steps)
        // A window longer than the run so far counts features silent since the start (whichever is shorter): feature 2.
        Assert.Equal(1, activity.DeadCount(4, window: 6));
        // Mean steps since fired at step 4: feature 0 -> 0, feature 1 -> 4, feature 2 -> 5.
        Assert.Equal(3.0, activity.MeanStepsSinceFired(4), 12);

        activity.Observe(Tensor.FromArray([0, 2f, 0], 1, 3), null, 5);
        Assert.Equal(1, activity.DeadCount(5, window: 4));   // feature 1 revived; feature 2 still dead
    }

    [Fact]
    public void DeadFeatures_ArchitecturesView_IsIdleForTheFullWindowBeforeTheStep()
    {
        var activity = new FeatureActivity(3);
        // Same steps as above: step 0 fires features 0 and 1, steps 1..4 only feature 0; feature 2 never fires.
        activity.Observe(Tensor.FromArray([1f, 1f, 0], 1, 3), null, 0);
        for (int s = 1; s <= 4; s++) activity.Observe(Tensor.FromArray([1f, 0, 0], 1, 3), null, s);

        // What the forward pass of step 5 sees (5 training steps counted): AuxK's test, the full window, no cap at the
        // run so far (SAELens's n_forward_passes_since_fired >= window).
        var view = activity.DeadFeatures(stepsObserved: 5, window: 4);
        Assert.Equal([0L, 4L, 5L], Enumerable.Range(0, 3).Select(view.StepsSinceFired));
        Assert.Equal([false, true, true], view.Mask(out int count).ToArray());
        Assert.Equal(2, count);
        Assert.Equal([false, false, false], activity.DeadFeatures(stepsObserved: 5, window: 6).Mask(out int none).ToArray());
        Assert.Equal(0, none);
    }

    [Fact]
    public void AddWindowMetrics_KnownFrequencies_GiveSaeLensSparsityMetricsAndHistogram()
    {
        // One window of 400,000 rows: feature 0 fires once (2.5e-6), feature 1 never, feature 2 in 20 rows (5e-5),
        // feature 3 in every other row (0.5).
        const int rows = 400_000;
        var offsets = new int[rows + 1];
        var indices = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            if (r == 0) indices.Add(0);
            if (r < 20) indices.Add(2);
            if (r % 2 == 0) indices.Add(3);
            offsets[r + 1] = indices.Count;
        }
        var values = Enumerable.Repeat(1f, indices.Count).ToArray();
        var activity = new FeatureActivity(4);
        activity.Observe(null, new SparseRows(rows, 4, offsets, [.. indices], Tensor.FromArray(values, values.Length)), 0);

        var metrics = new Dictionary<string, double>();
        activity.AddWindowMetrics(metrics);

        double expectedMean = (Math.Log10(2.5e-6 + 1e-10) + -10 + Math.Log10(5e-5 + 1e-10) + Math.Log10(0.5 + 1e-10)) / 4;
        Assert.Equal(expectedMean, metrics[MetricNames.MeanLog10FeatureSparsity], 9);
        Assert.Equal(2, metrics[MetricNames.FeaturesBelow1e5]);   // features 0 and 1
        Assert.Equal(1, metrics[MetricNames.FeaturesBelow1e6]);   // feature 1
        Assert.Equal(1, metrics["feature_density_hist/zero"]);
        Assert.Equal(0, metrics["feature_density_hist/below_1e-6"]);
        Assert.Equal(1, metrics["feature_density_hist/1e-6_to_1e-5"]);
        Assert.Equal(1, metrics["feature_density_hist/1e-5_to_1e-4"]);
        Assert.Equal(1, metrics["feature_density_hist/1e-1_to_1"]);
        Assert.Equal(4, metrics.Where(m => m.Key.StartsWith(MetricNames.DensityHistogramPrefix, StringComparison.Ordinal)).Sum(m => m.Value));
    }

    [Fact]
    public void Observe_SparseAndDense_GiveTheSameCounts()
    {
        // Row 0: features 1 (0.5) and 3 (2); row 1: feature 0 (1); row 2: an explicit stored zero at feature 2.
        var sparse = new SparseRows(3, 4, [0, 2, 3, 4], [1, 3, 0, 2], Tensor.FromArray([0.5f, 2f, 1f, 0f], 4));
        float[] dense = [0, 0.5f, 0, 2f,
                         1f, 0, 0, 0,
                         0, 0, 0, 0];
        var a = new FeatureActivity(4);
        var b = new FeatureActivity(4);

        double l0Sparse = a.Observe(null, sparse, 0);
        double l0Dense = b.Observe(Tensor.FromArray(dense, 3, 4), null, 0);

        Assert.Equal(1.0, l0Sparse, 12);
        Assert.Equal(l0Dense, l0Sparse, 12);
        Assert.Equal(b.Log10Density(), a.Log10Density());
        Assert.Equal(b.DeadCount(0, 1), a.DeadCount(0, 1));
    }
}
