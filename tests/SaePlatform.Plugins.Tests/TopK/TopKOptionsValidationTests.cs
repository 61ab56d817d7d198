using System.ComponentModel.DataAnnotations;
using SaePlatform.Contracts.Architectures;
using SaePlatform.Plugins.TopK;

namespace SaePlatform.Plugins.Tests.TopK;

/// <summary>
/// k and the matryoshka widths against d_sae, checked while validating options (so the host reports them with the
/// config location) rather than in Initialize: at once when d_sae is set, and once the host passes d_in otherwise.
/// </summary>
public sealed class TopKOptionsValidationTests
{
    private static List<ValidationResult> Validate(object options, int? inputWidth = null)
    {
        var items = new Dictionary<object, object?>();
        if (inputWidth is { } width) items[SaeArchitectureOptions.InputWidthItem] = width;
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options, items), results, validateAllProperties: true);
        return results;
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(17, 16)]
    public void Validate_KAtLeastExplicitDSae_NamesKAndBothValues(int k, int dSae)
    {
        var result = Assert.Single(Validate(new TopKOptions { K = k, DSae = dSae }));

        Assert.Equal([nameof(TopKOptions.K)], result.MemberNames);
        Assert.Equal($"k = {k} must be below d_sae = {dSae}.", result.ErrorMessage);
    }

    [Fact]
    public void Validate_DSaeFromExpansionFactor_UnknownUntilTheHostPassesDIn()
    {
        var options = new BatchTopKOptions { K = 40, ExpansionFactor = 2 };

        Assert.Empty(Validate(options));
        var result = Assert.Single(Validate(options, inputWidth: 16));
        Assert.Equal("k = 40 must be below d_sae = 32 (expansion_factor 2 x d_in 16 of the data).", result.ErrorMessage);
        Assert.Empty(Validate(options, inputWidth: 21)); // d_sae 42
    }

    [Fact]
    public void Validate_MatryoshkaWidthAboveDSae_NamesTheWidth()
    {
        var options = new MatryoshkaOptions { K = 4, DSae = 64, PrefixWidths = [16, 65] };

        var result = Assert.Single(Validate(options));

        Assert.Equal([nameof(MatryoshkaOptions.PrefixWidths)], result.MemberNames);
        Assert.Equal("Width 65 exceeds d_sae = 64.", result.ErrorMessage);
    }

    [Fact]
    public void Validate_PenaltyConfiguredNextToStructuralSparsity_RefusedNamingThePenalty()
    {
        var options = new TopKOptions { K = 4, DSae = 64 };
        var items = new Dictionary<object, object?> { [SaeArchitectureOptions.PenaltyItem] = "l1" };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options, items), results, validateAllProperties: true);

        var result = Assert.Single(results);
        Assert.Equal("k fixes the sparsity of this architecture, so penalty 'l1' would be ignored; remove the penalty section.", result.ErrorMessage);
        Assert.Empty(Validate(options));
    }
}
