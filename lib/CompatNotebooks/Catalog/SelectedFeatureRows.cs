using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

/// <summary>
/// A view of some rows of another <see cref="IFeatureRows"/> (row i = source row <c>rows[i]</c>), without
/// copying features. Used for in-memory sources; memory-mapped files use <c>FeatureMatrix.Subset</c>.
/// </summary>
internal class SelectedFeatureRows : IFeatureRows, IAsinIndex
{
    private protected readonly IFeatureRows _source;
    private readonly IAsinIndex _sourceIndex;
    private protected readonly int[] _rows;
    private readonly AsinRowTable _rowOf;

    public SelectedFeatureRows(IFeatureRows source, IAsinIndex sourceIndex, int[] rows)
    {
        _source = source;
        _sourceIndex = sourceIndex;
        _rows = rows;
        _rowOf = new AsinRowTable(rows.Length);
        for (int i = 0; i < rows.Length; i++)
            if (!_rowOf.TryAdd(sourceIndex.AsinAt(rows[i]), i, out _))
                throw new ArgumentException($"Row {rows[i]}'s ASIN {sourceIndex.AsinAt(rows[i])} is selected twice.", nameof(rows));
    }

    public int Count => _rows.Length;
    public int Dimension => _source.Dimension;
    public ReadOnlySpan<float> Row(int row) => _source.Row(_rows[row]);
    public ReadOnlySpan<float> Row(int row, Span<float> scratch) => _source.Row(_rows[row], scratch);

    public string AsinAt(int row) => _sourceIndex.AsinAt(_rows[row]);
    public bool TryGetRow(string asin, out int row) => _rowOf.TryGetRow(asin, out row);
}
