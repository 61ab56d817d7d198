namespace SaePlatform.Tensors.Randomness;

/// <summary>The complete state of a <see cref="SaeRandom"/>, for checkpoints.</summary>
/// <param name="Seed">The seed (the Philox key).</param>
/// <param name="Stream">The stream id (high half of the Philox counter).</param>
/// <param name="Position">Number of 32-bit words consumed so far (low half of the counter is Position / 4).</param>
public readonly record struct SaeRandomState(ulong Seed, ulong Stream, ulong Position);
