using SaePlatform.Contracts.Components;
using SaePlatform.Contracts.Penalties;
using SaePlatform.Tensors;

namespace FailingComponents;

/// <summary>Options of <see cref="FailingPenalty"/>.</summary>
public sealed class FailingPenaltyOptions
{
    /// <summary>What to throw; default none.</summary>
    public FailureKind Throw { get; set; }

    /// <summary>The call of <see cref="FailingPenalty.Compute"/> that throws (1 = the first training step); default 2.</summary>
    public int AtCall { get; set; } = 2;
}

/// <summary>An L1 penalty that throws from its <see cref="AtCall"/>-th call on, so a run fails after it started.</summary>
[SparsityPenalty("test_failing_penalty")]
public sealed class FailingPenalty(FailingPenaltyOptions options) : ISparsityPenalty
{
    private int _calls;

    /// <inheritdoc />
    public Tensor Compute(Tensor features, Tensor? decoderRowNorms)
    {
        if (options.Throw != FailureKind.None && ++_calls >= options.AtCall)
            throw Failure.Create(options.Throw, $"test_failing_penalty call {_calls}");
        return Ops.MulScalar(Ops.Sum(Ops.Abs(features)), 1f / features.Rows);
    }
}
