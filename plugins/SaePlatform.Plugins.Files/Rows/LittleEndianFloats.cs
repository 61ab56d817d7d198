using System.Runtime.InteropServices;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Files.Rows;

/// <summary>Converts little-endian F32/F16/BF16/F64 bytes (the safetensors layout) to float32.</summary>
internal static class LittleEndianFloats
{
    public static void ToSingle(ReadOnlySpan<byte> source, TensorFileDtype dtype, Span<float> destination)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors reading needs a little-endian machine.");
        switch (dtype)
        {
            case TensorFileDtype.Float32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case TensorFileDtype.Float16:
                var halves = MemoryMarshal.Cast<byte, Half>(source);
                for (int i = 0; i < destination.Length; i++) destination[i] = (float)halves[i];
                break;
            case TensorFileDtype.BFloat16:
                // bfloat16 is the upper half of a float32.
                var raw = MemoryMarshal.Cast<byte, ushort>(source);
                for (int i = 0; i < destination.Length; i++) destination[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                break;
            default:
                var doubles = MemoryMarshal.Cast<byte, double>(source);
                for (int i = 0; i < destination.Length; i++) destination[i] = (float)doubles[i];
                break;
        }
    }
}
