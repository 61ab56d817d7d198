namespace SaePlatform.Tensors.Optimizers;

/// <summary>
/// The per-parameter bookkeeping shared by all optimisers: names, per-parameter step counters, lazily
/// created state buffers (<see cref="Tensor.Persistent"/>), the live-gradient test, and state
/// export/import.
/// </summary>
internal sealed class OptimizerSlots
{
    private readonly Tensor[] _parameters;
    private readonly string[] _names;
    private readonly long[] _steps;
    private readonly Tensor?[][] _buffers;
    private readonly string[] _bufferNames;

    // Names must be unique (unnamed parameters become param{i}); bufferNames are torch's state names.
    public OptimizerSlots(IEnumerable<Tensor> parameters, params string[] bufferNames)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        _names = new string[_parameters.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i] ?? throw new ArgumentException($"Parameter {i} is null.", nameof(parameters));
            string name = p.Name ?? $"param{i}";
            if (!seen.Add(name)) throw new ArgumentException($"Two parameters are named '{name}'; optimiser state is keyed by name.", nameof(parameters));
            _names[i] = name;
        }
        _steps = new long[_parameters.Length];
        _bufferNames = bufferNames;
        _buffers = new Tensor?[_parameters.Length][];
        for (int i = 0; i < _parameters.Length; i++) _buffers[i] = new Tensor?[bufferNames.Length];
    }

    public IReadOnlyList<Tensor> Parameters => _parameters;

    public int Count => _parameters.Length;

    /// <summary>The gradient to apply to parameter <paramref name="i"/>, or null when it has none live.</summary>
    public Tensor? LiveGradient(int i)
    {
        var p = _parameters[i];
        // A stale gradient is logically zero: torch's zero_grad(set_to_none=True) leaves it None, so skip.
        return p.GradStale ? null : p.GradRaw;
    }

    /// <summary>Advances parameter <paramref name="i"/>'s own step counter and returns the new value.</summary>
    public long AdvanceStep(int i) => ++_steps[i];

    /// <summary>Buffer <paramref name="b"/> of parameter <paramref name="i"/>, created zero-filled on first use.</summary>
    public Tensor Buffer(int i, int b) => _buffers[i][b] ??= Tensor.Persistent(_parameters[i].Shape.ToArray());

    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.ZeroGrad();
    }

    /// <summary>Zeroes every state buffer of <paramref name="parameter"/> at the given entries, rows (axis 0) or columns (axis 1).</summary>
    public void ResetSlices(Tensor parameter, int axis, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        int i = Array.IndexOf(_parameters, parameter);
        if (i < 0) throw new ArgumentException($"'{parameter.Name}' is not a parameter of this optimiser.", nameof(parameter));
        if (axis < 0 || axis >= Math.Max(1, parameter.Rank))
            throw new ArgumentException($"Axis {axis} does not fit '{parameter.Name}' of shape {parameter.ShapeString}.", nameof(axis));
        int rows = parameter.Rank == 2 ? parameter.Rows : 1, cols = parameter.Cols;
        int extent = axis == 0 && parameter.Rank == 2 ? rows : cols;
        foreach (int index in indices)
            if ((uint)index >= (uint)extent)
                throw new ArgumentException($"Index {index} is outside [0, {extent}) on axis {axis} of '{parameter.Name}'.", nameof(indices));
        var picked = indices.ToArray();
        bool rowsOfMatrix = parameter.Rank == 2 && axis == 0;
        foreach (var buffer in _buffers[i])
        {
            // Between steps (resampling): a device buffer makes one round trip through host memory.
            buffer?.EditOnHost(values =>
            {
                foreach (int index in picked)
                {
                    if (rowsOfMatrix) values.Slice(index * cols, cols).Clear();
                    else for (int r = 0; r < rows; r++) values[r * cols + index] = 0f;
                }
            });
        }
    }

    public OptimizerState Export(long stepCount)
    {
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var steps = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_steps[i] == 0) continue;
            steps[_names[i]] = _steps[i];
            for (int b = 0; b < _bufferNames.Length; b++)
                if (_buffers[i][b] is { } t) buffers[_names[i] + "/" + _bufferNames[b]] = t.ToArray();
        }
        return new OptimizerState(stepCount, buffers, steps);
    }

    // requiredBuffers: buffer indices that must be present for every parameter stepped at least once.
    public void Import(OptimizerState state, ReadOnlySpan<int> requiredBuffers)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.StepCount < 0) throw new ArgumentException($"Negative step count {state.StepCount}.", nameof(state));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _names.Length; i++) index[_names[i]] = i;

        // Validate everything before mutating, so a bad checkpoint leaves the optimiser untouched.
        var newSteps = new long[_parameters.Length];
        foreach (var (name, step) in state.ParameterSteps)
        {
            if (!index.TryGetValue(name, out int i)) throw new ArgumentException($"Optimiser state names unknown parameter '{name}'.", nameof(state));
            if (step < 0) throw new ArgumentException($"Parameter '{name}' has negative step count {step}.", nameof(state));
            newSteps[i] = step;
        }
        var newBuffers = new float[]?[_parameters.Length, _bufferNames.Length];
        foreach (var (key, values) in state.Buffers)
        {
            int slash = key.LastIndexOf('/');
            int b = slash < 0 ? -1 : Array.IndexOf(_bufferNames, key[(slash + 1)..]);
            if (slash < 0 || b < 0 || !index.TryGetValue(key[..slash], out int i))
                throw new ArgumentException($"Optimiser state key '{key}' names no parameter buffer (expected name/{string.Join("|", _bufferNames)}).", nameof(state));
            if (values is null || values.Length != _parameters[i].Length)
                throw new ArgumentException($"Optimiser state '{key}' has {values?.Length ?? 0} values, parameter has {_parameters[i].Length}.", nameof(state));
            newBuffers[i, b] = values;
        }
        for (int i = 0; i < _parameters.Length; i++)
            foreach (int b in requiredBuffers)
                if (newSteps[i] > 0 && newBuffers[i, b] is null)
                    throw new ArgumentException($"Optimiser state lacks '{_names[i]}/{_bufferNames[b]}' for a parameter stepped {newSteps[i]} times.", nameof(state));

        for (int i = 0; i < _parameters.Length; i++)
        {
            _steps[i] = newSteps[i];
            for (int b = 0; b < _bufferNames.Length; b++)
            {
                if (newBuffers[i, b] is { } values) Buffer(i, b).CopyFrom(values);
                else _buffers[i][b] = null;
            }
        }
    }

    internal static double ValidLearningRate(double value) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Learning rate must be finite and >= 0.");
}
