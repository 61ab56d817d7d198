using SaePlatform.Contracts.Architectures;
using SaePlatform.Contracts.Runs;
using SaePlatform.Tensors;

namespace SaePlatform.Host.Training;

/// <summary>
/// The SAE's state as a checkpoint holds it: the tensors of <c>StateForSaving</c> plus every named parameter
/// (unfolded, as trained), and the architecture's <see cref="IResumableState"/> when it has one. Used for
/// checkpoints and for the in-memory copy of the best validation point (<c>training.restore_best_weights</c>).
/// </summary>
/// <param name="Step">Index of the step after which the state was taken (the validation step for the best point).</param>
/// <param name="Tensors">Tensors by name.</param>
/// <param name="ExtraState">The architecture's resume state, or null.</param>
internal sealed record SaeSnapshot(long Step, IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, double[]>? ExtraState)
{
    /// <summary>The SAE's tensors by name, not copied: the parameters themselves (for writing them out at once).</summary>
    public static Dictionary<string, Tensor> LiveTensors(ISaeArchitecture sae)
    {
        var state = new Dictionary<string, Tensor>(sae.StateForSaving(), StringComparer.Ordinal);
        foreach (var p in sae.Parameters)
            if (p.Name is not null) state[p.Name] = p;
        return state;
    }

    /// <summary>A copy of the SAE's state after step <paramref name="step"/> that later training does not change.</summary>
    public static SaeSnapshot Capture(ISaeArchitecture sae, long step)
    {
        var copies = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in LiveTensors(sae))
        {
            var copy = Tensor.Persistent(t.Shape.ToArray());
            copy.CopyFrom(t);
            copies[name] = copy;
        }
        return new SaeSnapshot(step, copies, (sae as IResumableState)?.ExportResumeState());
    }

    /// <summary>
    /// Puts <paramref name="tensors"/> and <paramref name="extraState"/> back into <paramref name="sae"/>: through
    /// <c>Load</c>, then the trainable tensors raw as well so that nothing is re-derived, then the resume state.
    /// </summary>
    /// <exception cref="InvalidDataException">A parameter's shape differs (the message names <paramref name="source"/>).</exception>
    public static void Apply(ISaeArchitecture sae, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, double[]>? extraState, string source)
    {
        sae.Load(tensors);
        foreach (var p in sae.Parameters)
        {
            if (p.Name is null || !tensors.TryGetValue(p.Name, out var saved)) continue;
            if (!saved.Shape.SequenceEqual(p.Shape))
                throw new InvalidDataException($"{source}: tensor '{p.Name}' has shape {saved.ShapeString}, this SAE has {p.ShapeString}.");
            p.CopyFrom(saved);
        }
        if (sae is IResumableState resumable && extraState is not null) resumable.ImportResumeState(extraState);
    }

    /// <summary>Puts this snapshot back into <paramref name="sae"/> (see <see cref="Apply"/>).</summary>
    public void RestoreInto(ISaeArchitecture sae, string source) => Apply(sae, Tensors, ExtraState, source);
}
