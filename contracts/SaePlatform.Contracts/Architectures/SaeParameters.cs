using SaePlatform.Tensors;
using SaePlatform.Tensors.Optimizers;
using SaePlatform.Tensors.Randomness;

namespace SaePlatform.Contracts.Architectures;

/// <summary>
/// The parameters every SAE has (W_enc [d_in, d_sae], b_enc [d_sae], W_dec [d_sae, d_in], b_dec [d_in]),
/// initialised the SAELens way, plus any extra tensors an architecture adds. Also applies the shared
/// decoder-norm policy and loads saved tensors with shape checks. A building block for architecture
/// plugins, so that each one writes only its forward pass and loss terms.
/// </summary>
public sealed class SaeParameters
{
    private readonly List<Tensor> _all = [];
    private readonly Dictionary<string, Tensor> _byName = new(StringComparer.Ordinal);
    private readonly List<FeatureAxis> _featureAxes = [];
    private readonly List<(FeatureAxis Slice, float[]? Initial)> _extraPerFeature = [];
    private readonly Tensor? _bEnc;

    private SaeParameters(int inputWidth, int featureCount, Tensor wEnc, Tensor? bEnc, Tensor wDec, Tensor bDec)
    {
        InputWidth = inputWidth;
        FeatureCount = featureCount;
        WEnc = Add(wEnc);
        _bEnc = bEnc is null ? null : Add(bEnc);
        WDec = Add(wDec);
        BDec = Add(bDec);
        _featureAxes.Add(new FeatureAxis(WEnc, 1));
        if (_bEnc is not null) _featureAxes.Add(new FeatureAxis(_bEnc, 0));
        _featureAxes.Add(new FeatureAxis(WDec, 0));
    }

    /// <summary>d_in.</summary>
    public int InputWidth { get; }

    /// <summary>d_sae.</summary>
    public int FeatureCount { get; }

    /// <summary>Encoder weights [d_in, d_sae].</summary>
    public Tensor WEnc { get; }

    /// <summary>Encoder bias [d_sae].</summary>
    /// <exception cref="InvalidOperationException">Created without an encoder bias.</exception>
    public Tensor BEnc => _bEnc ?? throw new InvalidOperationException("This SAE has no b_enc (created with includeEncoderBias: false).");

    /// <summary>Decoder weights [d_sae, d_in]; row i is feature i's direction.</summary>
    public Tensor WDec { get; }

    /// <summary>Decoder bias [d_in].</summary>
    public Tensor BDec { get; }

    /// <summary>All trainable tensors, in creation order.</summary>
    public IReadOnlyList<Tensor> All => _all;

    /// <summary>Every tensor (trainable or buffer) by SAELens name.</summary>
    public IReadOnlyDictionary<string, Tensor> ByName => _byName;

    /// <summary>
    /// Creates W_enc, b_enc, W_dec, b_dec: W_dec kaiming-uniform with each row rescaled to
    /// <see cref="SaeArchitectureOptions.DecoderInitNorm"/> (1 under unit_norm), W_enc = W_dec^T (a copy),
    /// b_enc = 0, b_dec per <see cref="SaeArchitectureOptions.BDecInit"/> (SAE_REFERENCE.md "Init").
    /// </summary>
    public static SaeParameters Create(SaeInitContext context, SaeArchitectureOptions options) => Create(context, options, includeEncoderBias: true);

    /// <summary>
    /// <see cref="Create(SaeInitContext, SaeArchitectureOptions)"/>, without b_enc when
    /// <paramref name="includeEncoderBias"/> is false (SAELens's gated SAE has none: its gate and magnitude paths
    /// bring their own biases). Then <see cref="All"/> and <see cref="ByName"/> hold no b_enc and
    /// <see cref="Load"/> needs none.
    /// </summary>
    public static SaeParameters Create(SaeInitContext context, SaeArchitectureOptions options, bool includeEncoderBias)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        int dIn = context.InputWidth, dSae = options.FeatureCount(dIn);
        var rng = new SaeRandom((ulong)context.Seed).Derive("sae-init");

        var wDec = Tensor.Parameter("W_dec", dSae, dIn);
        double rowNorm = options.DecoderNorm == DecoderNormPolicy.UnitNorm ? 1.0 : options.DecoderInitNorm;
        Init.SaeLensDecoder(wDec, rng, (float)rowNorm);

        var wEnc = Tensor.Parameter("W_enc", dIn, dSae);
        wEnc.EditOnHost(dst =>
        {
            var src = wDec.ReadOnHost();
            for (int i = 0; i < dSae; i++)
                for (int j = 0; j < dIn; j++)
                    dst[j * dSae + i] = src[i * dIn + j];
        });

        var bDec = Tensor.Parameter("b_dec", dIn);
        bDec.EditOnHost(b => DecoderBiasInitializer.Fill(b, options.BDecInit, context.SampleRows.Span, dIn));

        return new SaeParameters(dIn, dSae, wEnc, includeEncoderBias ? Tensor.Parameter("b_enc", dSae) : null, wDec, bDec);
    }

    /// <summary>Adds an architecture-specific trainable tensor (named) and returns it.</summary>
    public Tensor Add(Tensor parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(parameter.Name, nameof(parameter));
        _all.Add(parameter);
        _byName[parameter.Name] = parameter;
        return parameter;
    }

    /// <summary>
    /// Adds an architecture-specific trainable tensor with one slice per feature along <paramref name="featureAxis"/>
    /// (a [d_sae] vector: 0; a [d_sae, m] matrix: 0; an [m, d_sae] matrix: 1), such as a per-feature bias or threshold,
    /// and returns it. Resampling puts a resampled feature's slice back to its value at the end of initialisation and
    /// resets its optimiser state (<see cref="FeatureAxes"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The axis does not fit the tensor's rank, or its length on that axis is not d_sae.</exception>
    public Tensor Add(Tensor parameter, int featureAxis) => AddPerFeature(Add(parameter), featureAxis);

    /// <summary>Adds a saved, non-trainable tensor (e.g. a tracked threshold) and returns it.</summary>
    public Tensor AddBuffer(Tensor buffer)
    {
        ArgumentException.ThrowIfNullOrEmpty(buffer.Name, nameof(buffer));
        _byName[buffer.Name] = buffer;
        return buffer;
    }

    /// <summary>
    /// <see cref="AddBuffer(Tensor)"/> for a buffer with one slice per feature along <paramref name="featureAxis"/>
    /// (see <see cref="Add(Tensor, int)"/>), which resampling puts back to its value at the end of initialisation.
    /// </summary>
    public Tensor AddBuffer(Tensor buffer, int featureAxis) => AddPerFeature(AddBuffer(buffer), featureAxis);

    /// <summary>
    /// Every tensor with one slice per feature and its axis: W_enc (1), b_enc (0), W_dec (0), then those added with a
    /// feature axis, in order.
    /// </summary>
    public IReadOnlyList<FeatureAxis> FeatureAxes => _featureAxes;

    private Tensor AddPerFeature(Tensor tensor, int featureAxis)
    {
        if (featureAxis < 0 || featureAxis >= Math.Max(1, tensor.Rank) || tensor.Rank > 2)
            throw new ArgumentException($"Feature axis {featureAxis} does not fit '{tensor.Name}' of shape {tensor.ShapeString}.", nameof(featureAxis));
        int length = tensor.Rank == 2 && featureAxis == 0 ? tensor.Rows : tensor.Cols;
        if (length != FeatureCount)
            throw new ArgumentException($"'{tensor.Name}' of shape {tensor.ShapeString} has {length} slices on axis {featureAxis}, not d_sae = {FeatureCount}.", nameof(featureAxis));
        var slice = new FeatureAxis(tensor, featureAxis);
        _featureAxes.Add(slice);
        _extraPerFeature.Add((slice, null));
        return tensor;
    }

    /// <summary>
    /// Records the current values of the tensors added with a feature axis as their initial values (the ones
    /// <see cref="RestoreInitialValues"/> puts back). <see cref="SaeArchitecture{TOptions}"/> calls it at the end of
    /// <c>Initialize</c>.
    /// </summary>
    public void CaptureInitialValues()
    {
        for (int i = 0; i < _extraPerFeature.Count; i++)
            _extraPerFeature[i] = (_extraPerFeature[i].Slice, _extraPerFeature[i].Slice.Tensor.ToArray());
    }

    /// <summary>
    /// Puts the slices of <paramref name="features"/> of every tensor added with a feature axis back to their values at
    /// <see cref="CaptureInitialValues"/> (zero when it was never called).
    /// </summary>
    public void RestoreInitialValues(ReadOnlySpan<int> features)
    {
        var picked = features.ToArray();
        foreach (var ((tensor, axis), initial) in _extraPerFeature)
        {
            int rows = tensor.Rank == 2 ? tensor.Rows : 1, cols = tensor.Cols;
            tensor.EditOnHost(values =>
            {
                foreach (int f in picked)
                {
                    if (tensor.Rank == 2 && axis == 0)
                    {
                        var row = values.Slice(f * cols, cols);
                        if (initial is null) row.Clear(); else initial.AsSpan(f * cols, cols).CopyTo(row);
                    }
                    else
                        for (int r = 0; r < rows; r++) values[r * cols + f] = initial?[r * cols + f] ?? 0f;
                }
            });
        }
    }

    /// <summary>Under unit_norm, removes the gradient component parallel to each decoder row.</summary>
    public void BeforeOptimizerStep(DecoderNormPolicy policy)
    {
        if (policy == DecoderNormPolicy.UnitNorm && WDec.Grad is not null) DecoderNorm.RemoveParallelGradient(WDec);
    }

    /// <summary>Under unit_norm, rescales decoder rows back to norm 1.</summary>
    public void AfterOptimizerStep(DecoderNormPolicy policy)
    {
        if (policy == DecoderNormPolicy.UnitNorm) DecoderNorm.NormalizeRows(WDec, 1f);
    }

    /// <summary>Copies saved tensors into these parameters.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or its shape differs (message names it).</exception>
    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        foreach (var (name, target) in _byName)
        {
            if (!state.TryGetValue(name, out var source))
                throw new InvalidDataException($"Saved SAE has no tensor '{name}' (expected shape {target.ShapeString}).");
            if (!source.Shape.SequenceEqual(target.Shape))
                throw new InvalidDataException($"Saved tensor '{name}' has shape {source.ShapeString}, this SAE expects {target.ShapeString}.");
            target.CopyFrom(source);
        }
    }
}
