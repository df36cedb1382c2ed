namespace CompatNotebooks.Data;

/// <summary>Feature rows that can hand out their non-zero entries directly — what the sparse trainer reads — so a
/// compact source never has to be decoded to dense rows and sparsified again.</summary>
public interface ISparseFeatureRows : IFeatureRows
{
    /// <summary>Writes the non-zero entries of row <paramref name="row"/> as (feature position, value) into
    /// <paramref name="indices"/> and <paramref name="values"/> (each at least <see cref="IFeatureRows.Dimension"/>
    /// long, positions increasing, values as <see cref="IFeatureRows.Row(int, Span{float})"/> returns them);
    /// returns how many were written. Thread-safe.</summary>
    int CopyNonZeros(int row, Span<ushort> indices, Span<float> values);

    /// <summary>The non-zero entries of row <paramref name="row"/> in place, when the source holds them as exactly
    /// these (position, value) arrays: spans into memory that does not move and stays valid while the source is
    /// alive (so a reader may keep pointers to them). False when the row must be copied (<see cref="CopyNonZeros"/>).</summary>
    bool TryGetNonZeros(int row, out ReadOnlySpan<ushort> indices, out ReadOnlySpan<float> values);
}
