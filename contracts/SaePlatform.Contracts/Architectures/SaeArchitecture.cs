using System.Reflection;
using SaePlatform.Contracts.Components;
using SaePlatform.Tensors;

namespace SaePlatform.Contracts.Architectures;

/// <summary>
/// The base of an architecture whose file is its math: derive, write <see cref="Forward"/> and
/// <see cref="Encode"/> (and <see cref="Decode"/> when it is not f W_dec + b_dec), and build the loss terms with
/// <see cref="MseTerm"/> and <see cref="SparsityTerm(Tensor, Tensor?, TrainingStep, Func{Tensor})"/>. The base
/// owns the rest, as SAELens's <c>TrainingSAE</c> does for its subclasses: the parameters (<see cref="Weights"/>,
/// created in <see cref="Initialize"/>), the decoder-norm policy around the optimiser step, saving and loading,
/// and the <see cref="Description"/> built from the <see cref="SaeArchitectureAttribute"/> id.
/// </summary>
/// <typeparam name="TOptions">The architecture's options (the component's config section).</typeparam>
/// <remarks>
/// Members that need the parameters throw <see cref="InvalidOperationException"/> before <see cref="Initialize"/>.
/// An architecture with state outside its tensors implements <see cref="Runs.IResumableState"/> as well.
/// </remarks>
public abstract partial class SaeArchitecture<TOptions> : ISaeArchitecture
    where TOptions : SaeArchitectureOptions
{
    private readonly bool _encoderBias;
    private SaeParameters? _weights;
    private SaeInitContext? _context;
    private SaeDescription? _description;

    /// <summary>Keeps the options; parameters are created in <see cref="Initialize"/>.</summary>
    /// <param name="options">The bound and validated options.</param>
    /// <param name="encoderBias">Whether the SAE has b_enc (default true; SAELens's gated SAE has none).</param>
    protected SaeArchitecture(TOptions options, bool encoderBias = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _encoderBias = encoderBias;
    }

    /// <summary>The options this SAE was created with.</summary>
    protected TOptions Options { get; }

    /// <summary>W_enc, b_enc, W_dec, b_dec and any tensor added in <see cref="OnInitialize"/>.</summary>
    protected SaeParameters Weights => _weights ?? throw NotInitialized();

    /// <summary>What <see cref="Initialize"/> was given (input width, seed, configured penalty, sample rows).</summary>
    protected SaeInitContext Context => _context ?? throw NotInitialized();

    /// <summary>The id of this class's <see cref="SaeArchitectureAttribute"/>, as the config names it (for messages).</summary>
    /// <exception cref="InvalidOperationException">The class has no such attribute.</exception>
    protected string ComponentId =>
        GetType().GetCustomAttribute<SaeArchitectureAttribute>(inherit: false)?.Id
        ?? throw new InvalidOperationException($"{GetType().Name} has no [SaeArchitecture] attribute; override SavedArchitecture.");

    /// <summary>The <c>architecture</c> field of cfg.json, as SAELens names it. Default: <see cref="ComponentId"/>.</summary>
    protected virtual string SavedArchitecture => ComponentId;

    /// <summary>Extra cfg.json fields such as <c>k</c> (JSON primitives), read once options and d_sae are known. Default none.</summary>
    protected virtual IReadOnlyDictionary<string, object?> ExtraConfig => new Dictionary<string, object?>();

    /// <summary>b_dec when inputs are centred before encoding (<c>apply_b_dec_to_input</c>), else null: the <c>center</c> argument of the encoder ops.</summary>
    protected Tensor? InputCentre => Options.ApplyBDecToInput ? Weights.BDec : null;

    /// <summary>x - b_dec when inputs are centred before encoding (<c>apply_b_dec_to_input</c>), else x itself: for encoders that take x_c.</summary>
    protected Tensor Centred(Tensor input) => Options.ApplyBDecToInput ? Ops.Sub(input, Weights.BDec) : input;

    /// <inheritdoc />
    public virtual IReadOnlyList<Tensor> Parameters => Weights.All;

    /// <inheritdoc />
    public SaeDescription Description => _description ?? throw NotInitialized();

    /// <inheritdoc />
    public void Initialize(SaeInitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _weights = SaeParameters.Create(context, Options, _encoderBias);
        OnInitialize(context);
        _weights.CaptureInitialValues();
        _description = new SaeDescription(SavedArchitecture, context.InputWidth, _weights.FeatureCount, Options.ApplyBDecToInput, ExtraConfig);
    }

    /// <summary>
    /// Called by <see cref="Initialize"/> once <see cref="Weights"/> exist: check the options against the data, add
    /// architecture tensors (<see cref="SaeParameters.Add(Tensor)"/>, <see cref="SaeParameters.AddBuffer(Tensor)"/>; per-feature ones with a feature axis, which resampling resets).
    /// </summary>
    /// <exception cref="ArgumentException">The options do not fit the data (the message names the option).</exception>
    protected virtual void OnInitialize(SaeInitContext context) { }

    /// <inheritdoc />
    public abstract SaeForwardResult Forward(Tensor input, TrainingStep step);

    /// <inheritdoc />
    public abstract Tensor Encode(Tensor input);

    /// <inheritdoc />
    /// <remarks>Default: f W_dec + b_dec.</remarks>
    public virtual Tensor Decode(Tensor features) => Ops.Linear(features, Weights.WDec, Weights.BDec);

    /// <inheritdoc />
    /// <remarks>Applies the decoder-norm policy, then <see cref="OnBeforeOptimizerStep"/>.</remarks>
    public void BeforeOptimizerStep(TrainingStep step)
    {
        Weights.BeforeOptimizerStep(Options.DecoderNorm);
        OnBeforeOptimizerStep(step);
    }

    /// <inheritdoc />
    /// <remarks>Applies the decoder-norm policy, then <see cref="OnAfterOptimizerStep"/>.</remarks>
    public void AfterOptimizerStep(TrainingStep step)
    {
        Weights.AfterOptimizerStep(Options.DecoderNorm);
        OnAfterOptimizerStep(step);
    }

    /// <summary>Architecture work before the optimiser step, after the decoder-norm policy. Default none.</summary>
    protected virtual void OnBeforeOptimizerStep(TrainingStep step) { }

    /// <summary>Architecture work after the optimiser step and the decoder-norm policy (a threshold update, a clamp). Default none.</summary>
    protected virtual void OnAfterOptimizerStep(TrainingStep step) { }

    /// <inheritdoc />
    /// <remarks>Default: every tensor of <see cref="Weights"/> by name.</remarks>
    public virtual IReadOnlyDictionary<string, Tensor> StateForSaving() => Weights.ByName;

    /// <inheritdoc />
    public virtual IReadOnlyDictionary<string, Tensor> StateForInference(IReadOnlyDictionary<string, Tensor> saved) => saved;

    /// <inheritdoc />
    /// <remarks>Default: <see cref="SaeParameters.Load"/>, which checks every tensor's name and shape.</remarks>
    public virtual void Load(IReadOnlyDictionary<string, Tensor> state) => Weights.Load(state);

    private InvalidOperationException NotInitialized() =>
        new($"{GetType().Name}: call Initialize before using the SAE.");
}
