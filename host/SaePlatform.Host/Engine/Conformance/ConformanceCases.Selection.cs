using SaePlatform.Tensors;
using SaePlatform.Tensors.Backends;
using static SaePlatform.Host.Engine.Conformance.HostKernels;
using static SaePlatform.Host.Engine.Conformance.KernelRun;

namespace SaePlatform.Host.Engine.Conformance;

internal static partial class ConformanceCases
{
    /// <summary>
    /// TopK cases: (rows, columns, k, column scale, allowed mask, ties). k of 1, k equal to the width, k 0, zero rows, a
    /// 2100-wide row (the CPU's threshold pre-pass), scaled scores, a mask, and values on a coarse grid so that ties
    /// (to the lower column) decide.
    /// </summary>
    private static readonly (int Rows, int Cols, int K, bool Scale, bool Mask, bool Ties)[] TopKCases =
    [
        (1, 1, 1, false, false, false), (3, 17, 1, false, false, false), (33, 130, 8, false, false, true), (257, 33, 33, false, false, false),
        (17, 257, 5, true, false, false), (33, 130, 4, true, true, false), (33, 130, 6, false, true, true), (5, 2100, 4, false, false, true),
        (5, 2100, 3, true, false, false), (0, 17, 3, false, false, false), (3, 17, 0, false, false, false),
    ];

    /// <summary>
    /// BatchTopK cases: (rows, columns, count, kind): fewer than the positives, more than the positives (filled with
    /// non-positive entries, up to every entry), none asked, none positive, ties, NaN and -0, zero rows, and rows of
    /// several 256-column segments (the GPU writes rows by segments) with ties and with a fill.
    /// </summary>
    private static readonly (int Rows, int Cols, int Count, string Kind)[] BatchTopKCases =
    [
        (33, 130, 200, "uniform"), (257, 33, 10_000, "uniform"), (3, 17, 0, "uniform"), (17, 33, 5, "negative"), (33, 130, 300, "ties"),
        (0, 17, 0, "uniform"), (1, 1, 1, "uniform"), (257, 257, 5000, "uniform"), (130, 17, 40, "ties"), (64, 70, 3000, "nan"),
        (40, 50, 1900, "uniform"), (9, 11, 99, "negative"), (20, 700, 900, "ties"), (10, 600, 5000, "uniform"),
    ];

    private static IEnumerable<ConformanceCase> Selection(HostData data) => [.. TopKSelectCases(data), .. BatchTopKSelectCases(data), .. SelectPositiveCases(data)];

    /// <summary><see cref="ITensorBackend.TopKSelect"/> on <see cref="TopKCases"/>; the index array starts as -1.</summary>
    private static IEnumerable<ConformanceCase> TopKSelectCases(HostData data)
    {
        foreach (var (rows, cols, k, withScale, withMask, ties) in TopKCases)
        {
            var scores = ties ? data.Quantized(rows * cols, 4) : data.Uniform(rows * cols);
            var scale = data.Uniform(cols, 0.5f, 2f);
            var allowed = withMask ? data.Mask(cols, k) : null;
            string label = $"{rows}x{cols} k={k}{(withScale ? " scaled" : "")}{(withMask ? " masked" : "")}{(ties ? " ties" : "")}";
            yield return new ConformanceCase(KernelMethods.TopKSelect, label, run =>
            {
                var indices = IndexTensor.FromArray(Enumerable.Repeat(-1, rows * k).ToArray());
                var candidates = allowed is null ? null : IndexTensor.FromArray(Enumerable.Range(0, cols).Where(j => allowed[j]).ToArray());
                run.Backend.TopKSelect(Upload(scores, rows, cols), k, withScale ? Upload(scale, cols) : null, candidates, indices);
                run.Read("indices", indices.ToArray());
            });
        }
    }

    /// <summary>
    /// <see cref="ITensorBackend.BatchTopKSelect"/> on <see cref="BatchTopKCases"/>: the smallest selected positive value
    /// (NaN when none) and the CSR structure, all exact. Counts above the number of positive entries (up to every entry)
    /// check the fill with non-positive entries, NaN and -0 included; the outputs start as sentinels.
    /// </summary>
    private static IEnumerable<ConformanceCase> BatchTopKSelectCases(HostData data)
    {
        foreach (var (rows, cols, count, kind) in BatchTopKCases)
        {
            var h = kind switch
            {
                "ties" => data.Quantized(rows * cols, 8),
                "negative" => data.Uniform(rows * cols, -2f, 0f),
                "nan" => data.Sprinkle(data.Sprinkle(data.Uniform(rows * cols), 0.05, float.NaN), 0.05, -0f),
                _ => data.Sprinkle(data.Uniform(rows * cols), 0.02, 0f),
            };
            yield return new ConformanceCase(KernelMethods.BatchTopKSelect, $"{rows}x{cols} count={count} {kind}", run =>
            {
                var offsets = IndexTensor.FromArray(Enumerable.Repeat(-1, rows + 1).ToArray());
                var indices = IndexTensor.FromArray(Enumerable.Repeat(-1, count).ToArray());
                var smallest = Upload([12345f], 1);
                run.Backend.BatchTopKSelect(Upload(h, rows, cols), count, offsets, indices, smallest);
                run.Read("smallest", smallest, Tolerance.Exact);
                run.Read("rowOffsets", offsets.ToArray());
                run.Read("indices", indices.ToArray());
            });
        }
    }

    /// <summary>
    /// <see cref="ITensorBackend.SelectPositive"/> on every grid and a 5 x 1000 one: entries positive, zero, -0, negative and
    /// NaN (selected), with the row counts BiasRelu would report.
    /// </summary>
    private static IEnumerable<ConformanceCase> SelectPositiveCases(HostData data)
    {
        foreach (var (rows, cols) in Grids.Append((5, 1000)))
        {
            var y = data.Sprinkle(data.Sprinkle(data.Sprinkle(data.Uniform(rows * cols), 0.05, 0f), 0.02, -0f), 0.01, float.NaN);
            var counts = PositiveCounts(y, rows, cols);
            yield return new ConformanceCase(KernelMethods.SelectPositive, $"{rows}x{cols}", run =>
            {
                run.Backend.SelectPositive(Upload(y, rows, cols), Upload(Array.ConvertAll(counts, c => (float)c), rows), counts.Sum(), out var offsets, out var indices);
                run.Read("rowOffsets", offsets.ToArray());
                run.Read("indices", indices.ToArray());
            });
        }
    }
}
