using System.Diagnostics;

namespace SaePlatform.Tensors.Storage;

/// <summary>
/// Host code addressed the memory of a tensor that lives on a device (<see cref="Tensor.Span"/> or
/// <see cref="Tensor.Array"/> of a simulated-device or GPU tensor). The message names the tensor, the method that
/// asked and the device; the remedy is an explicit copy (<see cref="Tensor.ToHost"/>, <see cref="Tensor.CopyTo(Span{float})"/>)
/// outside the training step, or an operation in <see cref="Ops"/> that runs on the device.
/// </summary>
public sealed class DeviceMemoryAccessException : InvalidOperationException
{
    private DeviceMemoryAccessException(string message, string tensor, string operation, TensorDevice device) : base(message)
    {
        TensorDescription = tensor;
        Operation = operation;
        Device = device;
    }

    /// <summary>The tensor, as <see cref="Tensor.ToString"/> writes it (shape and name).</summary>
    public string TensorDescription { get; }

    /// <summary>The method that asked for host memory (type and member), e.g. <c>FeatureActivity.Update</c>.</summary>
    public string Operation { get; }

    /// <summary>Where the tensor lives.</summary>
    public TensorDevice Device { get; }

    internal static DeviceMemoryAccessException For(Tensor tensor, string accessor)
    {
        var operation = Caller();
        var device = tensor.Device;
        return new DeviceMemoryAccessException(
            $"{operation} read {accessor} of {tensor}, which lives on {device}: host code cannot address device memory. " +
            "Use an operation in Ops (it runs on the device), or copy explicitly with ToHost()/CopyTo() outside the training step.",
            tensor.ToString(), operation, device);
    }

    /// <summary>The first method on the stack outside <see cref="Tensor"/> and this type.</summary>
    private static string Caller()
    {
        foreach (var frame in new StackTrace(skipFrames: 1, fNeedFileInfo: false).GetFrames())
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (method is null || type is null || type == typeof(Tensor) || type == typeof(IndexTensor) || type == typeof(DeviceMemoryAccessException)) continue;
            var owner = type;
            while (owner.DeclaringType is not null && owner.Name.StartsWith('<')) owner = owner.DeclaringType; // lambdas and iterators
            return $"{owner.Name}.{method.Name}";
        }
        return "unknown code";
    }
}
