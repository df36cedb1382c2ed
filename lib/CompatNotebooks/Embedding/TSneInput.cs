namespace CompatNotebooks.Embedding;

/// <summary>Copies caller rows into one row-major float array and rejects what t-SNE cannot embed.</summary>
internal static class TSneInput
{
    /// <summary>Validated copy of <paramref name="rows"/> (N×D row-major).</summary>
    public static float[] FromRowMajor(ReadOnlySpan<float> rows, int dimension)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "t-SNE input dimension must be ≥ 1.");
        if (rows.Length % dimension != 0)
            throw new ArgumentException($"t-SNE input has {rows.Length} values, not a multiple of the dimension {dimension}.", nameof(rows));
        var copy = rows.ToArray();
        Check(copy, copy.Length / dimension, dimension);
        return copy;
    }

    /// <summary>N ≥ 2, every value finite (the first bad row is named), and not all rows identical.</summary>
    public static void Check(float[] rows, int n, int d)
    {
        if (d < 1) throw new ArgumentException("t-SNE input rows have no columns.");
        if (n < 2) throw new ArgumentException($"t-SNE needs at least 2 rows; got {n}.");
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c++)
            {
                float v = rows[i * d + c];
                if (!float.IsFinite(v))
                    throw new ArgumentException($"t-SNE input row {i} (0-based), column {c} is {v}; every value must be finite.");
            }
        for (int i = 1; i < n; i++)
            if (!rows.AsSpan(i * d, d).SequenceEqual(rows.AsSpan(0, d))) return;
        throw new ArgumentException($"t-SNE input: all {n} rows are identical, so there is no structure to embed.");
    }
}
