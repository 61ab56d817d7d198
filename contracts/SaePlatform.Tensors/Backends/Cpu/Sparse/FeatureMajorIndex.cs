namespace SaePlatform.Tensors.Backends.Cpu.Sparse;

/// <summary>
/// The transpose of a CSR pattern's structure (CSC): the stored entries grouped by feature, each group in
/// ascending row order. Built by a stable counting sort, so it is deterministic; lets a kernel give
/// each thread whole features (rows of W_dec, columns of W_enc) to write without races.
/// </summary>
internal readonly struct FeatureMajorIndex
{
    /// <summary>Entries of feature j are <c>Entries[Offsets[j]..Offsets[j+1])</c>.</summary>
    public readonly int[] Offsets;

    /// <summary>Position of each entry in the CSR arrays.</summary>
    public readonly int[] Entries;

    /// <summary>Row (sample) of each entry, parallel to <see cref="Entries"/>.</summary>
    public readonly int[] Rows;

    private FeatureMajorIndex(int[] offsets, int[] entries, int[] rows)
    {
        Offsets = offsets;
        Entries = entries;
        Rows = rows;
    }

    public static FeatureMajorIndex Build(int rows, int features, int[] rowOffsets, int[] indices)
    {
        int nnz = rowOffsets[rows];
        var offsets = new int[features + 1];
        for (int e = 0; e < nnz; e++) offsets[indices[e] + 1]++;
        for (int j = 0; j < features; j++) offsets[j + 1] += offsets[j];
        var cursor = offsets.AsSpan(0, features).ToArray();
        var entries = GC.AllocateUninitializedArray<int>(nnz);
        var entryRows = GC.AllocateUninitializedArray<int>(nnz);
        for (int r = 0; r < rows; r++)
            for (int e = rowOffsets[r]; e < rowOffsets[r + 1]; e++)
            {
                int slot = cursor[indices[e]]++;
                entries[slot] = e;
                entryRows[slot] = r;
            }
        return new FeatureMajorIndex(offsets, entries, entryRows);
    }
}
