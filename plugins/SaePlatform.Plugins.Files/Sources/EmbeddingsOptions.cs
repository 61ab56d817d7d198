using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Options;

namespace SaePlatform.Plugins.Files.Sources;

/// <summary>How the embeddings of a folder layout were reduced (the <c>{source}</c> part of its folder name).</summary>
public enum EmbeddingReduction
{
    /// <summary>Principal component analysis.</summary>
    Pca,
    /// <summary>Isomap.</summary>
    Isomap,
    /// <summary>An autoencoder's bottleneck.</summary>
    Autoencoder,
}

/// <summary>Options of the <c>embeddings</c> data source.</summary>
public sealed class EmbeddingsOptions
{
    /// <summary>Root folder holding <c>{source}_atlas_{n}D/{n}D/centroid_{index:04d}_embeddings_{n}D.npy</c>.</summary>
    [Required]
    [PathOption(IsDirectory = true)]
    [Description("Root folder of the layout {source}_atlas_{n}D/{n}D/centroid_{index:04d}_embeddings_{n}D.npy.")]
    public string Root { get; set; } = "";

    /// <summary>Which reduction's folder to read. Default pca.</summary>
    [Description("Reduction whose folder is read: pca, isomap or autoencoder.")]
    public EmbeddingReduction Source { get; set; } = EmbeddingReduction.Pca;

    /// <summary>Embedding dimension n (the row width).</summary>
    [Range(1, 1 << 20)]
    [Description("Embedding dimension n (row width).")]
    public int NComponents { get; set; } = 64;

    /// <summary>First centroid index to read. Default 0.</summary>
    [Range(0, 9999)]
    [Description("First centroid index.")]
    public int Offset { get; set; }

    /// <summary>Number of centroid indices from <see cref="Offset"/>; unset takes all that remain.</summary>
    [Range(1, 10000)]
    [Description("Number of centroid indices from offset; unset: all that remain.")]
    public int? Count { get; set; }
}
