using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Components;
using SaePlatform.Tensors;

namespace SaePlatform.Plugins.TopK;

/// <summary>
/// BatchTopK SAE (Bussmann et al. 2024): ReLU(h), keep the floor(k B) largest entries of the batch;
/// loss = MSE + alpha * AuxK; saved as SAELens <c>jumprelu</c> with the tracked threshold (see <see cref="BatchTopKCore"/>).
/// </summary>
[SaeArchitecture("batchtopk", Description = "BatchTopK SAE: top k x batch activations over the whole batch; saved as jumprelu with the tracked threshold.")]
public sealed class BatchTopKArchitecture(BatchTopKOptions options) : BatchTopKFamilyArchitecture(options)
{
    /// <inheritdoc />
    public override void Initialize(SaeInitContext context) => Core.Initialize("batchtopk", context);

    /// <inheritdoc />
    public override SaeForwardResult Forward(Tensor input, TrainingStep step)
    {
        var (codes, reconstruction, mse, aux) = Core.Train(input);
        return new SaeForwardResult(reconstruction, codes, [mse, aux]);
    }
}
