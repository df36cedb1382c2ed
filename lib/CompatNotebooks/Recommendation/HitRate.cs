namespace CompatNotebooks.Recommendation;

/// <summary>How well a ranking recovers held-out <c>also_bought</c> links.</summary>
/// <param name="Queries">Links evaluated.</param>
/// <param name="Hits">Links whose second item ranked in the top <paramref name="K"/> for the first item.</param>
/// <param name="K">Cut-off of the ranking.</param>
/// <param name="MeanRank">Mean 1-based rank of the linked item among all candidates.</param>
/// <param name="Candidates">Items ranked per query (catalog size minus the query itself).</param>
public sealed record HitRate(int Queries, int Hits, int K, double MeanRank, int Candidates)
{
    /// <summary>Hits / queries.</summary>
    public double Rate => Queries == 0 ? double.NaN : (double)Hits / Queries;

    /// <summary>What ranking at random would score: K / candidates.</summary>
    public double RandomRate => Candidates == 0 ? double.NaN : Math.Min(1.0, (double)K / Candidates);

    /// <summary>Links a random ranking would be expected to find: <see cref="RandomRate"/> × queries, rounded.</summary>
    public long RandomHits => Candidates == 0 ? 0 : (long)Math.Round(RandomRate * Queries);
}
