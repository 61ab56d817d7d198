using Microsoft.Extensions.Logging;

namespace SaePlatform.Host.Engine;

/// <summary>Log messages of the engine device selection (event ids 230-239).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 230, Level = LogLevel.Information, Message = "Engine device: {Backend}")]
    public static partial void EngineDevice(ILogger logger, string backend);

    [LoggerMessage(EventId = 231, Level = LogLevel.Information, Message = "training.device auto: computing on the CPU; {Reason}")]
    public static partial void AutoFellBackToCpu(ILogger logger, string reason);

    [LoggerMessage(EventId = 232, Level = LogLevel.Warning,
        Message = "No cuBLASLt was found, so {Backend} multiplies matrices with its own kernel, far slower than cuBLASLt: install CUDA 11.8-13 or `pip install nvidia-cublas-cu12`, or set SAE_CUDA_LIB_DIR")]
    public static partial void CudaGemmFallback(ILogger logger, string backend);
}
