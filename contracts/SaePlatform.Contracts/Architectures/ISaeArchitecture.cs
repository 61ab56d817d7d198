using SaePlatform.Tensors;

namespace SaePlatform.Contracts.Architectures;

/// <summary>
/// An SAE architecture: owns its parameters, its forward pass and its named loss terms. The runtime owns
/// everything else (optimiser, schedules, metrics, checkpoints, files).
/// </summary>
/// <remarks>Parameter names are the tensor names of SAELens's <c>sae_weights.safetensors</c>.</remarks>
public interface ISaeArchitecture
{
    /// <summary>
    /// Allocates and initialises the parameters for inputs of width <see cref="SaeInitContext.InputWidth"/>.
    /// Called once, before training or before <see cref="Load"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options do not fit the data (the message names the option).</exception>
    void Initialize(SaeInitContext context);

    /// <summary>Trainable parameters (named, <see cref="Tensor.RequiresGrad"/> true).</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Static facts about the SAE, available after <see cref="Initialize"/>.</summary>
    SaeDescription Description { get; }

    /// <summary>Training forward pass over a batch [B, d_in]: reconstruction, activity and loss terms.</summary>
    SaeForwardResult Forward(Tensor input, TrainingStep step);

    /// <summary>Inference encode: dense feature activations [B, d_sae]. Call under no-grad.</summary>
    Tensor Encode(Tensor input);

    /// <summary>Inference decode of dense features [B, d_sae] to [B, d_in].</summary>
    Tensor Decode(Tensor features);

    /// <summary>Called after backward and clipping, before the optimiser step (e.g. to project gradients).</summary>
    void BeforeOptimizerStep(TrainingStep step) { }

    /// <summary>Called after the optimiser step (e.g. to renormalise decoder rows or update a threshold).</summary>
    void AfterOptimizerStep(TrainingStep step) { }

    /// <summary>
    /// Tensors to save, by SAELens name (parameters plus any buffers such as a tracked threshold). The
    /// runtime writes them to <c>sae_weights.safetensors</c>.
    /// </summary>
    IReadOnlyDictionary<string, Tensor> StateForSaving();

    /// <summary>
    /// <paramref name="saved"/> (what <see cref="StateForSaving"/> returned, with the input normalisation already
    /// folded in by the runtime) in the form SAELens's inference class for <see cref="SaeDescription.SavedArchitecture"/>
    /// loads, so that SAELens's <c>encode</c> returns what <see cref="Encode"/> returns after <see cref="Load"/> of the
    /// result. The default returns <paramref name="saved"/>; an architecture whose training form differs overrides it
    /// (topk with <c>rescale_acts_by_decoder_norm</c> folds the decoder row norms into W_enc, b_enc and W_dec, after the
    /// normalisation as SAELens's trainer does at save). Checkpoints keep <see cref="StateForSaving"/> for resuming.
    /// </summary>
    /// <remarks>
    /// Must not change the reconstruction: <see cref="Load"/> of the result followed by Encode and Decode gives
    /// the same x_hat as <paramref name="saved"/>. Must not modify <paramref name="saved"/>'s tensors.
    /// </remarks>
    IReadOnlyDictionary<string, Tensor> StateForInference(IReadOnlyDictionary<string, Tensor> saved) => saved;

    /// <summary>Restores tensors written by <see cref="StateForSaving"/> (after <see cref="Initialize"/>).</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape (message names it).</exception>
    void Load(IReadOnlyDictionary<string, Tensor> state);
}
