namespace CompatNotebooks.Sampling;

/// <summary>
/// One labelled pair of items, by row in the catalog's feature rows: <see cref="Compatible"/> is
/// true for an <c>also_bought</c> link (a positive) and false for a sampled negative.
/// Twelve bytes, so millions of pairs stay cheap.
/// </summary>
/// <param name="Item1">Row of the first item (projected by E1).</param>
/// <param name="Item2">Row of the second item (projected by E2).</param>
/// <param name="Compatible">The label y.</param>
public readonly record struct CompatPair(int Item1, int Item2, bool Compatible)
{
    /// <summary>The label as the number y ∈ {0, 1} used by the loss.</summary>
    public float Label => Compatible ? 1f : 0f;
}
