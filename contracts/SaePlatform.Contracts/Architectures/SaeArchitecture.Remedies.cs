using SaePlatform.Tensors;

namespace SaePlatform.Contracts.Architectures;

// The dead-feature remedies' hooks for the shared parameters; an architecture declares which remedies apply with
// [DeadFeatureRemedies] and overrides what differs from W_enc, b_enc, W_dec, b_dec.
public abstract partial class SaeArchitecture<TOptions> : IDeadFeatureRemedies
{
    /// <summary>
    /// The per-feature bias of the pre-activations (<see cref="PreActivations(Tensor, IndexTensor)"/>): b_enc, or null for an SAE created
    /// without one. An architecture whose firing decision has another bias (gated: b_gate) overrides it.
    /// </summary>
    protected virtual Tensor? PreActivationBias => _encoderBias ? Weights.BEnc : null;

    /// <inheritdoc />
    /// <remarks>Default: (x - b_dec) W_enc[:, features] + bias[features] (x itself without <c>apply_b_dec_to_input</c>), bias being <see cref="PreActivationBias"/>.</remarks>
    public virtual Tensor PreActivations(Tensor input, int[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return DefaultPreActivations(input, IndexTensor.FromArray(features));
    }

    /// <inheritdoc />
    /// <remarks>Default: activations W_dec[features, :].</remarks>
    public virtual Tensor DecodeFeatures(Tensor activations, int[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return DefaultDecodeFeatures(activations, IndexTensor.FromArray(features));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Default: as <see cref="PreActivations(Tensor, int[])"/>, with the indices where they are. An architecture that
    /// overrides only the <c>int[]</c> form gets that override, the indices read back to the host.
    /// </remarks>
    public virtual Tensor PreActivations(Tensor input, IndexTensor features) =>
        OverridesHostForm(nameof(PreActivations)) ? PreActivations(input, features.ToArray()) : DefaultPreActivations(input, features);

    /// <inheritdoc />
    /// <remarks>
    /// Default: as <see cref="DecodeFeatures(Tensor, int[])"/>, with the indices where they are. An architecture that
    /// overrides only the <c>int[]</c> form gets that override, the indices read back to the host.
    /// </remarks>
    public virtual Tensor DecodeFeatures(Tensor activations, IndexTensor features) =>
        OverridesHostForm(nameof(DecodeFeatures)) ? DecodeFeatures(activations, features.ToArray()) : DefaultDecodeFeatures(activations, features);

    private Tensor DefaultPreActivations(Tensor input, IndexTensor features)
    {
        var bias = PreActivationBias is { } b ? Ops.GatherColumns(b, features) : null;
        return Ops.Linear(input, Ops.GatherColumns(Weights.WEnc, features), bias, center: InputCentre);
    }

    private Tensor DefaultDecodeFeatures(Tensor activations, IndexTensor features) => Ops.MatMul(activations, Ops.GatherRows(Weights.WDec, features));

    // Whether this architecture overrides the int[] form of a ghost-grads hook (written before the IndexTensor form existed).
    private bool OverridesHostForm(string hook) =>
        GetType().GetMethod(hook, [typeof(Tensor), typeof(int[])])!.DeclaringType != typeof(SaeArchitecture<TOptions>);

    /// <inheritdoc />
    /// <remarks>Default: <see cref="SaeParameters.FeatureAxes"/>.</remarks>
    public virtual IReadOnlyList<FeatureAxis> FeatureParameters => Weights.FeatureAxes;

    /// <inheritdoc />
    /// <remarks>
    /// Default (Bricken et al. 2023, as dictionary_learning does it): with u the unit vector of the feature's input row
    /// minus b_dec (the part of the row the features model), W_dec[i, :] = u times the mean decoder row norm of the alive
    /// features (1 under unit_norm), W_enc[:, i] = u times <see cref="FeatureResampling.EncoderScale"/> times their mean
    /// encoder norm, b_enc[i] = 0, and every tensor added with a feature axis back to its initial value. With no alive
    /// feature the means are 1 (encoder) and <c>decoder_init_norm</c> (decoder). A row equal to b_dec leaves the feature's
    /// weights as they are (it has no direction).
    /// </remarks>
    public virtual void ResampleFeatures(FeatureResampling resampling)
    {
        ArgumentNullException.ThrowIfNull(resampling);
        var weights = Weights;
        int dIn = weights.InputWidth, dSae = weights.FeatureCount;
        if (resampling.Inputs.Rows != resampling.Features.Length || resampling.Inputs.Cols != dIn)
            throw new ArgumentException($"Resampling inputs have shape {resampling.Inputs.ShapeString}, expected [{resampling.Features.Length}, {dIn}].", nameof(resampling));
        var (encoderMean, decoderMean) = AliveNorms(resampling.Dead);
        double decoderNorm = Options.DecoderNorm == DecoderNormPolicy.UnitNorm ? 1.0 : decoderMean ?? Options.DecoderInitNorm;
        double encoderNorm = resampling.EncoderScale * (encoderMean ?? 1.0);

        // Between steps: host code over host copies of device tensors (EditOnHost), the same arithmetic either way.
        var features = resampling.Features;
        var bDec = weights.BDec.ReadOnHost();
        var inputs = resampling.Inputs.ReadOnHost();
        var units = new double[features.Length * dIn]; // x - b_dec over its norm; all zero when x = b_dec (left as is)
        var moved = new bool[features.Length];
        for (int k = 0; k < features.Length; k++)
        {
            var direction = units.AsSpan(k * dIn, dIn);
            double squared = 0;
            for (int j = 0; j < dIn; j++)
            {
                direction[j] = inputs[k * dIn + j] - (double)bDec[j];
                squared += direction[j] * direction[j];
            }
            if (!(squared > 0)) continue;
            moved[k] = true;
            double inverse = 1 / Math.Sqrt(squared);
            for (int j = 0; j < dIn; j++) direction[j] *= inverse;
        }
        weights.WDec.EditOnHost(wDec =>
        {
            for (int k = 0; k < features.Length; k++)
                if (moved[k])
                    for (int j = 0; j < dIn; j++) wDec[features[k] * dIn + j] = (float)(units[k * dIn + j] * decoderNorm);
        });
        weights.WEnc.EditOnHost(wEnc =>
        {
            for (int k = 0; k < features.Length; k++)
                if (moved[k])
                    for (int j = 0; j < dIn; j++) wEnc[j * dSae + features[k]] = (float)(units[k * dIn + j] * encoderNorm);
        });
        if (_encoderBias) weights.BEnc.EditOnHost(bEnc => { foreach (int f in features) bEnc[f] = 0f; });
        weights.RestoreInitialValues(features);
    }

    // Mean ||W_enc[:, i]|| and ||W_dec[i, :]|| over the features not flagged dead (float64), or nulls when all are.
    private (double? Encoder, double? Decoder) AliveNorms(bool[] dead)
    {
        var weights = Weights;
        int dIn = weights.InputWidth, dSae = weights.FeatureCount;
        if (dead.Length != dSae) throw new ArgumentException($"Dead flags have {dead.Length} entries, expected d_sae = {dSae}.", nameof(dead));
        var wEnc = weights.WEnc.ReadOnHost();
        var wDec = weights.WDec.ReadOnHost();
        var encoderSquares = new double[dSae];
        for (int j = 0; j < dIn; j++)
        {
            var row = wEnc.Slice(j * dSae, dSae);
            for (int i = 0; i < dSae; i++) encoderSquares[i] += (double)row[i] * row[i];
        }
        double encoderSum = 0, decoderSum = 0;
        int alive = 0;
        for (int i = 0; i < dSae; i++)
        {
            if (dead[i]) continue;
            alive++;
            encoderSum += Math.Sqrt(encoderSquares[i]);
            double squared = 0;
            foreach (float w in wDec.Slice(i * dIn, dIn)) squared += (double)w * w;
            decoderSum += Math.Sqrt(squared);
        }
        return alive == 0 ? (null, null) : (encoderSum / alive, decoderSum / alive);
    }
}
