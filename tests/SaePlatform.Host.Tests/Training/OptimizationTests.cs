using SaePlatform.Host.Configuration.Sections;
using SaePlatform.Host.Training.Optimization;
using SaePlatform.Host.Training.Schedules;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Optimizers;

namespace SaePlatform.Host.Tests.Training;

/// <summary>The training section's optimiser and learning-rate schedule.</summary>
public sealed class OptimizationTests
{
    [Fact]
    public void OptimizerFactory_UnknownKind_ThrowsNamingTheKey()
    {
        var options = new TrainingOptions { Optimizer = (OptimizerKind)99 };

        var ex = Assert.Throws<NotSupportedException>(() => OptimizerFactory.Create(options, [Tensor.Zeros(2, 2)]));

        Assert.Contains("training.optimizer", ex.Message);
    }

    [Fact]
    public void OptimizerFactory_AdamW_GetsTheFloat64LearningRate()
    {
        var optimizer = OptimizerFactory.Create(new TrainingOptions { Optimizer = OptimizerKind.AdamW, Lr = 3e-4 }, [Tensor.Zeros(2, 2)]);

        Assert.IsType<AdamW>(optimizer);
        Assert.Equal(3e-4, optimizer.LearningRate);
    }

    [Fact]
    public void LearningRateSchedule_CosineWithoutLrEnd_EndsAtATenthOfLr()
    {
        var schedule = LearningRateSchedule.Create(new TrainingOptions { Lr = 1e-3, LrSchedule = LrSchedule.Cosine }, totalSteps: 100);

        Assert.Equal(1e-4, schedule.At(100), 12);
        Assert.Equal(1e-3, schedule.At(0), 12);
    }
}
