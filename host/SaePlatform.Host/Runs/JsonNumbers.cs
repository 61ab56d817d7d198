using System.Text.Json;

namespace SaePlatform.Host.Runs;

/// <summary>Reads numbers the output writers wrote, where a non-finite value was written as null.</summary>
internal static class JsonNumbers
{
    public static double Read(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    public static double[] ReadArray(JsonElement e)
    {
        var result = new double[e.GetArrayLength()];
        int i = 0;
        foreach (var v in e.EnumerateArray()) result[i++] = Read(v);
        return result;
    }
}
