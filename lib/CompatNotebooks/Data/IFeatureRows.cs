namespace CompatNotebooks.Data;

/// <summary>
/// The one narrow view of image features that models, training and embedding read through:
/// a dense matrix of <see cref="Count"/> rows of <see cref="Dimension"/> floats, row i = item i.
/// </summary>
/// <remarks>
/// Implementations may be memory-mapped (<c>FeatureMatrix</c>) or in memory (<see cref="DenseFeatureRows"/>).
/// <see cref="Row"/> must be thread-safe and cheap (no copy) because trainers call it per pair on many threads.
/// </remarks>
public interface IFeatureRows
{
    /// <summary>Number of rows (items).</summary>
    int Count { get; }

    /// <summary>Floats per row (4096 for the Amazon CNN features).</summary>
    int Dimension { get; }

    /// <summary>The features of row <paramref name="row"/>, valid while the owner is alive.</summary>
    ReadOnlySpan<float> Row(int row);
}

/// <summary>Maps item identifiers (ASINs) to rows and back.</summary>
public interface IAsinIndex
{
    /// <summary>The ASIN stored at <paramref name="row"/>.</summary>
    string AsinAt(int row);

    /// <summary>Looks up the row of <paramref name="asin"/> in O(1).</summary>
    bool TryGetRow(string asin, out int row);
}
