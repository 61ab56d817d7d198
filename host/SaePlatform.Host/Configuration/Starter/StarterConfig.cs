using System.Globalization;
using System.Numerics;
using SaePlatform.Tensors.IO;

namespace SaePlatform.Host.Configuration.Starter;

/// <summary>
/// The commented config that <c>sae init --data rows.npy</c> writes: a topk SAE sized for the file (d_sae = 8 x d_in,
/// k, batch and steps from its row count), with the settings that matter for real activations spelled out.
/// </summary>
internal sealed record StarterConfig(string DataPath, string Dtype, long Rows, long Width, int DSae, int K, int BatchSize, long Steps)
{
    /// <summary>Sizes a starter config from a .npy header (rows = every dimension but the last).</summary>
    /// <exception cref="ArgumentException">The file cannot be trained on as it is (message says why and how to fix it).</exception>
    public static StarterConfig For(string dataPath, NpyHeader header)
    {
        if (header.FortranOrder)
            throw new ArgumentException($"{dataPath}: the array is stored in Fortran (column-major) order; save it with numpy.ascontiguousarray first.");
        if (header.Dtype is not (TensorFileDtype.Float16 or TensorFileDtype.Float32 or TensorFileDtype.Float64))
            throw new ArgumentException($"{dataPath}: dtype '{header.Descr}' is not supported; save float16, float32 or float64 rows (e.g. acts.astype(numpy.float32)).");
        if (header.Shape.Count < 2 || header.Shape[^1] < 2)
            throw new ArgumentException($"{dataPath}: shape {header.ShapeText} has no rows of activations; expected [rows, d_in] or [batch, seq, d_in].");
        long width = header.Shape[^1];
        long rows = header.ElementCount / width;
        int dSae = (int)Math.Min(8 * width, 1 << 20);
        // SAELens-like sizes: k about d_in / 24 (32 for 768), a power of two, at least 8 and well below d_sae.
        int k = (int)Math.Clamp((long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1, width / 24)), 8L, Math.Max(8L, Math.Min(128L, dSae / 4)));
        // 4096 rows per step (SAELens), smaller when the training split (70 %) would give fewer than 100 steps an epoch.
        long train = rows * 7 / 10;
        int batch = (int)Math.Clamp((long)(BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1, train / 100)) / 2), 32L, 4096L);
        // About ten passes over the training rows, 200 to 30,000 steps.
        long steps = Math.Clamp(10 * train / batch, 200, 30_000);
        return new StarterConfig(dataPath, header.Descr, rows, width, dSae, k, batch, steps);
    }

    /// <summary>The config as YAML, with a comment on each choice.</summary>
    public string ToYaml() => AlignComments(Text());

    // Trailing comments start in one column, so the file reads as a table.
    private static string AlignComments(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf("  # ", StringComparison.Ordinal);
            if (at <= 0 || lines[i].TrimStart().StartsWith('#')) continue;
            lines[i] = lines[i][..at].TrimEnd().PadRight(43) + " " + lines[i][(at + 2)..];
        }
        return string.Join('\n', lines);
    }

    private string Text()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $$"""
            # Starter config written by 'sae init' for {{Path.GetFileName(DataPath)}}: {{Rows:N0}} rows x {{Width}} ({{Dtype}}).
            # Check it with 'sae train <this file> --dry-run'; every key is described in docs/config.md
            # and by 'sae config describe <section> [type]'.
            run:
              model: my-model                      # names the output folder
              layer: my-layer                      # names the SAE (SAELens uses it as the hook name, e.g. blocks.8.hook_resid_post)
            data:
              type: npy
              path: '{{DataPath.Replace("'", "''", StringComparison.Ordinal)}}'                 # relative to this file; a glob (acts_*.npy) reads several files
            architecture:
              type: topk
              d_sae: {{DSae}}                      # 8 x d_in
              k: {{K}}                             # active features per row
              b_dec_init: geometric_median         # real activations rarely have zero mean
            training:
              steps: {{Steps}}                     # about ten passes over the training split (70 % of the rows)
              batch_size: {{BatchSize}}
              lr: 4.0e-4
              normalize_activations: expected_variance_only_in   # one constant giving unit variance per dimension; folded into the saved weights
              checkpoint_every: {{Math.Max(100, Steps / 5)}}    # Ctrl+C also writes one; 'sae train --resume' continues
            visualizers: [defaults, {type: sparsity, target_l0: {{K}}}]   # the built-in figures, L0 against k

            """);
    }
}
