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
    private readonly Dictionary<string, int> _rowOf;

    public SelectedFeatureRows(IFeatureRows source, IAsinIndex sourceIndex, int[] rows)
    {
        _source = source;
        _sourceIndex = sourceIndex;
        _rows = rows;
        _rowOf = new Dictionary<string, int>(rows.Length, StringComparer.Ordinal);
        for (int i = 0; i < rows.Length; i++) _rowOf.Add(sourceIndex.AsinAt(rows[i]), i);
    }

    public int Count => _rows.Length;
    public int Dimension => _source.Dimension;
    public ReadOnlySpan<float> Row(int row) => _source.Row(_rows[row]);
    public ReadOnlySpan<float> Row(int row, Span<float> scratch) => _source.Row(_rows[row], scratch);

    public string AsinAt(int row) => _sourceIndex.AsinAt(_rows[row]);
    public bool TryGetRow(string asin, out int row) => _rowOf.TryGetValue(asin, out row);
}
