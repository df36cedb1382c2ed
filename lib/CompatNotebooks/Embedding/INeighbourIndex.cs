namespace CompatNotebooks.Embedding;

/// <summary>Exact k-nearest-neighbour queries over the input rows (squared Euclidean distances, ties by row index).</summary>
internal interface INeighbourIndex
{
    /// <summary>A permutation of the rows (position → row) in which neighbours in space are mostly neighbours in memory.</summary>
    int[] Order { get; }

    /// <summary>
    /// The <paramref name="k"/> nearest rows to <paramref name="query"/> other than row <paramref name="self"/>, nearest
    /// first, with their squared distances.
    /// </summary>
    void Query(ReadOnlySpan<float> query, int self, int k, Span<int> neighbours, Span<double> distances);
}
