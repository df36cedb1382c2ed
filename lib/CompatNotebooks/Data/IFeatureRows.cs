namespace CompatNotebooks.Data;

/// <summary>
/// The one narrow view of image features that models, training and embedding read through:
/// a dense matrix of <see cref="Count"/> rows of <see cref="Dimension"/> floats, row i = item i.
/// </summary>
/// <remarks>
/// Implementations may be memory-mapped (<c>FeatureMatrix</c>), in memory (<see cref="DenseFeatureRows"/>) or
/// compact (<see cref="FeatureStore"/>, whose rows are decoded on request). Code that reads many rows calls
/// <see cref="Row(int, Span{float})"/> with a buffer of its own: in-place sources return their row without copying,
/// compact ones decode into the buffer. Both members must be thread-safe.
/// </remarks>
public interface IFeatureRows
{
    /// <summary>Number of rows (items).</summary>
    int Count { get; }

    /// <summary>Floats per row (4096 for the Amazon CNN features).</summary>
    int Dimension { get; }

    /// <summary>The features of row <paramref name="row"/>, valid while the owner is alive (a source that must decode
    /// returns a fresh copy per call: prefer <see cref="Row(int, Span{float})"/> in loops).</summary>
    ReadOnlySpan<float> Row(int row);

    /// <summary>The features of row <paramref name="row"/>: the row in place when the source holds it as floats,
    /// otherwise decoded into <paramref name="scratch"/> (at least <see cref="Dimension"/> long), which the caller
    /// owns — so a caller holding two rows passes two buffers. Valid while the owner and the buffer are.</summary>
    ReadOnlySpan<float> Row(int row, Span<float> scratch) => Row(row);
}

/// <summary>Maps item identifiers (ASINs) to rows and back.</summary>
public interface IAsinIndex
{
    /// <summary>The ASIN stored at <paramref name="row"/>.</summary>
    string AsinAt(int row);

    /// <summary>Looks up the row of <paramref name="asin"/> in O(1). A catalog build calls it from several threads at
    /// once, so it must allow concurrent lookups (as a dictionary no longer written to does).</summary>
    bool TryGetRow(string asin, out int row);
}
