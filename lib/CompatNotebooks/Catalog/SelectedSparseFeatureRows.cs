using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

/// <summary>A <see cref="SelectedFeatureRows"/> view of a source that hands out its non-zeros (a feature store), so
/// the sparse trainer still reads them without a dense decode.</summary>
internal sealed class SelectedSparseFeatureRows(ISparseFeatureRows source, IAsinIndex sourceIndex, int[] rows)
    : SelectedFeatureRows(source, sourceIndex, rows), ISparseFeatureRows
{
    public int CopyNonZeros(int row, Span<ushort> indices, Span<float> values) =>
        ((ISparseFeatureRows)_source).CopyNonZeros(_rows[row], indices, values);

    public bool TryGetNonZeros(int row, out ReadOnlySpan<ushort> indices, out ReadOnlySpan<float> values) =>
        ((ISparseFeatureRows)_source).TryGetNonZeros(_rows[row], out indices, out values);
}
