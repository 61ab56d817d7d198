using SaePlatform.Contracts.Architectures;
using SaePlatform.Tensors;
using SaePlatform.Tensors.Autograd;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Plugins.Tests.Support;

/// <summary>Save -&gt; load through a real safetensors file, and the checks a SAELens loader relies on.</summary>
internal static class SaveLoad
{
    /// <summary>
    /// Moves every saved tensor of <paramref name="trained"/> away from its initial value (so a load that did
    /// nothing would be caught), writes the state to a safetensors file, reads it back and loads it into
    /// <paramref name="fresh"/> (initialised with another seed). Returns the tensors as read from the file.
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> RoundTrip(ISaeArchitecture trained, ISaeArchitecture fresh, int dIn)
    {
        trained.Initialize(new SaeInitContext(dIn, 11, null, ReadOnlyMemory<float>.Empty));
        var rng = new Random(5);
        foreach (var tensor in trained.StateForSaving().Values)
        {
            var span = tensor.Span;
            for (int i = 0; i < span.Length; i++) span[i] += (float)(0.2 * (rng.NextDouble() - 0.5));
        }
        string path = Path.Combine(Path.GetTempPath(), $"sae-roundtrip-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafetensorsFile.Write(path, trained.StateForSaving());
            var read = SafetensorsFile.Read(path).Tensors;
            fresh.Initialize(new SaeInitContext(dIn, 12, null, ReadOnlyMemory<float>.Empty));
            fresh.Load(read);
            return read;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Encode and Decode of both SAEs agree bit for bit on random rows.</summary>
    public static void AssertSameOutputs(ISaeArchitecture a, ISaeArchitecture b, int dIn, int rows = 16)
    {
        var x = Float64.ToFloat(Float64.Random(new Random(9), rows * dIn, scale: 2));
        using var scope = TensorScope.Begin();
        using var noGrad = GradMode.Disable();
        var fa = a.Encode(Tensor.Wrap(x, rows, dIn));
        var fb = b.Encode(Tensor.Wrap(x, rows, dIn));
        Assert.Equal(fa.ToArray(), fb.ToArray());
        Assert.Contains(fa.ToArray(), v => v != 0);
        Assert.Equal(a.Decode(fa).ToArray(), b.Decode(fb).ToArray());
    }

    /// <summary>The file holds exactly <paramref name="expected"/> (name -&gt; shape).</summary>
    public static void AssertLayout(IReadOnlyDictionary<string, Tensor> saved, IReadOnlyDictionary<string, int[]> expected)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), saved.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, shape) in expected) Assert.Equal(shape, saved[name].Shape.ToArray());
    }
}
