using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

/// <summary>A <see cref="SelectedFeatureRows"/> view of a source that hands out its non-zeros (a feature store), so
/// the sparse trainer still reads them without a dense decode.</summary>
internal sealed class SelectedSparseFeatureRows(ISparseFeatureRows source, IAsinIndex sourceIndex, int[] rows)
    : SelectedFeatureRows(source, sourceIndex, rows), ISparseFeatureRows, IRowPrefetch
{
    bool IRowPrefetch.InMapping => _source is IRowPrefetch { InMapping: true };

    long IRowPrefetch.BytesPerRow => (_source as IRowPrefetch)?.BytesPerRow ?? 4L * Dimension;

    /// <summary>The view's rows are the source's in the same order, so a block of them lies within one range of the
    /// source's rows (with the rows left out between them).</summary>
    bool IRowPrefetch.WillNeed(int firstRow, int rowCount)
    {
        int end = Math.Min(Count, firstRow + rowCount);
        if (_source is not IRowPrefetch source || firstRow < 0 || end <= firstRow) return false;
        return source.WillNeed(_rows[firstRow], _rows[end - 1] - _rows[firstRow] + 1);
    }

    public int CopyNonZeros(int row, Span<ushort> indices, Span<float> values) =>
        ((ISparseFeatureRows)_source).CopyNonZeros(_rows[row], indices, values);

    public bool TryGetNonZeros(int row, out ReadOnlySpan<ushort> indices, out ReadOnlySpan<float> values) =>
        ((ISparseFeatureRows)_source).TryGetNonZeros(_rows[row], out indices, out values);
}
