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

    public static float[] From2D(float[,] rows)
    {
        int n = rows.GetLength(0), d = rows.GetLength(1);
        if (d < 1) throw new ArgumentException("t-SNE input rows have no columns.", nameof(rows));
        var copy = new float[n * d];
        Buffer.BlockCopy(rows, 0, copy, 0, copy.Length * sizeof(float));
        Check(copy, n, d);
        return copy;
    }

    public static float[] FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("t-SNE needs at least 2 rows; got 0.", nameof(rows));
        int d = rows[0]?.Length ?? throw new ArgumentException("t-SNE input row 0 is null.", nameof(rows));
        var copy = new float[rows.Count * d];
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i] ?? throw new ArgumentException($"t-SNE input row {i} is null.", nameof(rows));
            if (r.Length != d) throw new ArgumentException($"t-SNE input row {i} has {r.Length} values, row 0 has {d}.", nameof(rows));
            r.CopyTo(copy, i * d);
        }
        Check(copy, rows.Count, d);
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
