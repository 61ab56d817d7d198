using System.Runtime.Serialization;

namespace SaePlatform.Host.Configuration.Sections;

/// <summary>Learning-rate shape after the warm-up (<c>training.lr_schedule</c>).</summary>
internal enum LrSchedule
{
    /// <summary>Constant at <c>lr</c> (then the optional linear decay).</summary>
    Constant,
    /// <summary>Cosine from <c>lr</c> to <c>lr_end</c> over the steps after the warm-up.</summary>
    Cosine,
}

/// <summary>Optimiser (<c>training.optimizer</c>).</summary>
internal enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba 2015), with L2 weight decay added to the gradient.</summary>
    Adam,
    /// <summary>AdamW (Loshchilov and Hutter 2019): decoupled weight decay.</summary>
    [EnumMember(Value = "adamw")]
    AdamW,
    /// <summary>Stochastic gradient descent with optional momentum.</summary>
    Sgd,
}

/// <summary>Input normalisation (<c>training.normalize_activations</c>, SAELens names).</summary>
internal enum ActivationNormalization
{
    /// <summary>Rows used as they are.</summary>
    None,
    /// <summary>One scalar sqrt(d_in)/E||x|| estimated on the first batches, folded into the weights at save.</summary>
    ExpectedAverageOnlyIn,
    /// <summary>
    /// One scalar sqrt(d_in / E||x - mu||^2) (mu: the per-dimension mean) estimated on sample rows, so the rows'
    /// variance averages 1 per dimension whatever their mean; folded into the weights at save like
    /// <see cref="ExpectedAverageOnlyIn"/> (ours: SAELens has no such mode, and the folded SAE loads there as <c>none</c>).
    /// </summary>
    ExpectedVarianceOnlyIn,
    /// <summary>Each row scaled to norm sqrt(d_in).</summary>
    ConstantNormRescale,
    /// <summary>Each row centred and scaled to unit variance.</summary>
    LayerNorm,
}

/// <summary>Where the tensor engine computes (<c>training.device</c>).</summary>
internal enum EngineDeviceKind
{
    /// <summary>The CPU backend (OpenBLAS when it loads, managed kernels otherwise).</summary>
    Cpu,
    /// <summary>
    /// The simulated device: the CPU kernels behind memory host code cannot address, with every host/device transfer
    /// counted. Same results as <see cref="Cpu"/>, slower; it checks that training is ready for an accelerator.
    /// </summary>
    [EnumMember(Value = "simdevice")]
    SimDevice,
    /// <summary>
    /// The CUDA backend's kernels on ILGPU's CPU accelerator: the GPU code path on any machine, very slowly (checks and
    /// tests; results within float32 rounding of the CPU's).
    /// </summary>
    [EnumMember(Value = "ilgpu-cpu")]
    IlgpuCpu,
    /// <summary>The GPU when one can be used, else the CPU with one log line saying what was missing.</summary>
    Auto,
    /// <summary>The CUDA backend on GPU 0 (an error naming what is missing when there is none; docs/gpu.md).</summary>
    Cuda,
}

/// <summary>GEMM operand precision on a CUDA device (<c>training.gemm_precision</c>).</summary>
internal enum GemmPrecisionKind
{
    /// <summary>float32 operands and arithmetic.</summary>
    Fp32,
    /// <summary>TF32 tensor-core operands, float32 accumulation.</summary>
    Tf32,
    /// <summary>bfloat16 operands, float32 accumulation.</summary>
    Bf16,
}
