namespace SaePlatform.Contracts.Architectures;

/// <summary>What is written to SAELens's <c>cfg.json</c> besides the weights.</summary>
/// <param name="SavedArchitecture">The <c>architecture</c> field: "standard", "gated", "topk", "jumprelu" (batchtopk saves as jumprelu).</param>
/// <param name="InputWidth">d_in.</param>
/// <param name="FeatureCount">d_sae.</param>
/// <param name="ApplyBDecToInput">Whether the input is centred by b_dec before encoding.</param>
/// <param name="ExtraConfig">Architecture fields such as <c>k</c>; values must be JSON-serialisable primitives.</param>
public sealed record SaeDescription(
    string SavedArchitecture,
    int InputWidth,
    int FeatureCount,
    bool ApplyBDecToInput,
    IReadOnlyDictionary<string, object?> ExtraConfig);
