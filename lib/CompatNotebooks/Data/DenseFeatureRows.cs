namespace CompatNotebooks.Data;

/// <summary>
/// Features held in one managed array: for tests, small examples and computed matrices
/// (real files go through the memory-mapped <c>FeatureMatrix</c>).
/// </summary>
public sealed class DenseFeatureRows : IFeatureRows, IAsinIndex
{
    private readonly float[] _values;
    private readonly string[] _asins;
    private readonly Dictionary<string, int> _rowOf;

    /// <summary>Wraps <paramref name="values"/> (row-major, <c>asins.Count × dimension</c>) without copying.</summary>
    public DenseFeatureRows(float[] values, int dimension, IReadOnlyList<string>? asins = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (values.Length % dimension != 0)
            throw new ArgumentException($"{values.Length} values do not make whole rows of {dimension}.", nameof(values));
        _values = values;
        Dimension = dimension;
        Count = values.Length / dimension;
        _asins = asins?.ToArray() ?? Enumerable.Range(0, Count).Select(i => i.ToString("D10")).ToArray();
        if (_asins.Length != Count)
            throw new ArgumentException($"{_asins.Length} ASINs for {Count} rows.", nameof(asins));
        _rowOf = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (int i = 0; i < Count; i++)
            if (!_rowOf.TryAdd(_asins[i], i))
                throw new ArgumentException($"Duplicate ASIN '{_asins[i]}' at rows {_rowOf[_asins[i]]} and {i}.", nameof(asins));
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>The backing row-major array.</summary>
    public float[] Values => _values;

    /// <inheritdoc />
    public ReadOnlySpan<float> Row(int row) => _values.AsSpan(row * Dimension, Dimension);

    /// <inheritdoc />
    public string AsinAt(int row) => _asins[row];

    /// <inheritdoc />
    public bool TryGetRow(string asin, out int row) => _rowOf.TryGetValue(asin, out row);
}
