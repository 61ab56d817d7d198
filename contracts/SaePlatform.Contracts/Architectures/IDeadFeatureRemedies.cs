using SaePlatform.Tensors;

namespace SaePlatform.Contracts.Architectures;

/// <summary>
/// What the runtime's dead-feature remedies need from an architecture (see <see cref="DeadFeatureRemedy"/>; the
/// architecture says which apply with <see cref="DeadFeatureRemediesAttribute"/>). <see cref="SaeArchitecture{TOptions}"/>
/// implements it for W_enc, b_enc, W_dec and b_dec; an architecture overrides what differs (another encoder bias, a
/// tied decoder) and registers its own per-feature tensors with <see cref="SaeParameters.Add(Tensor, int)"/>.
/// </summary>
public interface IDeadFeatureRemedies
{
    /// <summary>
    /// Ghost grads: pre-activations [B, n] of <paramref name="features"/> for input rows [B, d_in], differentiable (the
    /// encoder's parameters get the gradient): the values whose positive part makes each feature fire.
    /// </summary>
    Tensor PreActivations(Tensor input, int[] features);

    /// <summary>Ghost grads: activations [B, n] of <paramref name="features"/> through their decoder rows, [B, d_in], no bias, differentiable.</summary>
    Tensor DecodeFeatures(Tensor activations, int[] features);

    /// <summary>
    /// <see cref="PreActivations(Tensor, int[])"/> with the features already on the engine's device (what the runtime
    /// passes, so a training step on a GPU reads none back). The default reads them and calls the <c>int[]</c> form.
    /// </summary>
    Tensor PreActivations(Tensor input, IndexTensor features) => PreActivations(input, features.ToArray());

    /// <summary>
    /// <see cref="DecodeFeatures(Tensor, int[])"/> with the features already on the engine's device. The default reads
    /// them and calls the <c>int[]</c> form.
    /// </summary>
    Tensor DecodeFeatures(Tensor activations, IndexTensor features) => DecodeFeatures(activations, features.ToArray());

    /// <summary>Resampling: every tensor with one slice per feature, and the axis of that slice, whose optimiser state is reset.</summary>
    IReadOnlyList<FeatureAxis> FeatureParameters { get; }

    /// <summary>Resampling: re-initialises the features of <paramref name="resampling"/> (parameters only; the runtime resets optimiser state).</summary>
    void ResampleFeatures(FeatureResampling resampling);
}

/// <summary>A tensor with one slice per feature: entries of a vector, rows (axis 0) or columns (axis 1) of a matrix.</summary>
/// <param name="Tensor">The tensor (a parameter or a buffer).</param>
/// <param name="Axis">The feature axis.</param>
public readonly record struct FeatureAxis(Tensor Tensor, int Axis);

/// <summary>One resampling event's request to <see cref="IDeadFeatureRemedies.ResampleFeatures"/>.</summary>
/// <param name="Features">The features to re-initialise (dead ones), ascending.</param>
/// <param name="Inputs">One input row [n, d_in] per feature, in the space the SAE trains on: the row drawn for it with probability proportional to its squared reconstruction loss.</param>
/// <param name="Dead">Dead flags [d_sae] at the event, resampled or not: the alive features are the others.</param>
/// <param name="EncoderScale">Fraction of the mean alive encoder norm a new encoder vector gets (Bricken et al.: 0.2).</param>
public sealed record FeatureResampling(int[] Features, Tensor Inputs, bool[] Dead, double EncoderScale);
