using SaePlatform.Tensors.IO;

namespace SaePlatform.Tensors.Tests.IO;

/// <summary>
/// The vectorised and chunked conversions against one-element-at-a-time .NET conversions, on random
/// bit patterns (NaNs, infinities and subnormals included), for lengths around vector and chunk sizes.
/// </summary>
public sealed class ElementConversionTests
{
    public static TheoryData<TensorFileDtype, int, bool> Cases()
    {
        var data = new TheoryData<TensorFileDtype, int, bool>();
        foreach (var dtype in Enum.GetValues<TensorFileDtype>())
            foreach (var n in new[] { 1, 15, 16, 17, 33, 1000, ElementConversion.ChunkElements + 37 })
                foreach (var big in new[] { false, true })
                    data.Add(dtype, n, big);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToSingle_RandomBitPatterns_MatchesScalarConversion(TensorFileDtype dtype, int n, bool bigEndian)
    {
        int size = dtype.ElementSize();
        var bytes = new byte[n * size];
        new Random(n * 7 + size).NextBytes(bytes);

        var actual = new float[n];
        ElementConversion.ToSingle(bytes, dtype, bigEndian, actual);

        for (int i = 0; i < n; i++)
        {
            var element = bytes.AsSpan(i * size, size).ToArray();
            if (bigEndian) Array.Reverse(element);
            float expected = dtype switch
            {
                TensorFileDtype.Float16 => (float)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(element)),
                TensorFileDtype.BFloat16 => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(element) << 16),
                TensorFileDtype.Float32 => BitConverter.ToSingle(element),
                _ => (float)BitConverter.ToDouble(element),
            };
            if (float.IsNaN(expected)) Assert.True(float.IsNaN(actual[i]), $"element {i}");
            else Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual[i]), $"element {i}: expected {expected}, got {actual[i]}");
        }
    }
}
