namespace SaePlatform.Plugins.Files.Rows;

/// <summary>
/// The shape rule for arrays read as rows: rank 2 (rows x width) or more (leading dimensions flattened into rows).
/// A 1-D array is ambiguous (one row, or many rows of width 1) and a scalar is no table at all, so both are refused
/// with the file's name instead of being read as one row, which an error about batch_size would blame later.
/// </summary>
internal static class RowShape
{
    /// <exception cref="InvalidDataException">The array has fewer than 2 dimensions (message names the file and the shape).</exception>
    public static void Check(string name, IReadOnlyList<long> shape)
    {
        if (shape.Count >= 2)
        {
            if (shape[^1] == 0) throw new InvalidDataException($"{name}: rows have 0 values (shape ({string.Join(", ", shape)})).");
            return;
        }
        var text = shape.Count == 0 ? "()" : $"({shape[0]},)";
        throw new InvalidDataException(
            $"{name}: the array has shape {text}, {shape.Count}-D; rows of activations need 2 dimensions (rows x width). " +
            "Save it as x.reshape(1, -1) for one row or x.reshape(-1, 1) for rows of width 1.");
    }
}
