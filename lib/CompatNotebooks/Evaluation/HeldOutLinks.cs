using CompatNotebooks.Sampling;

namespace CompatNotebooks.Evaluation;

/// <summary>
/// Held-out <c>also_bought</c> links (first item → second item) for judging a ranking: taken from the compatible
/// pairs of a held-out set, sampled deterministically, grouped by their first item.
/// </summary>
public static class HeldOutLinks
{
    /// <summary>The distinct (first, second) items of the compatible pairs, in order of first appearance.</summary>
    public static IReadOnlyList<(int From, int To)> Of(IEnumerable<CompatPair> pairs) =>
        pairs.Where(p => p.Compatible).Select(p => (From: p.Item1, To: p.Item2)).Distinct().ToList();

    /// <summary>
    /// At most <paramref name="count"/> links in a fixed pseudo-random order (a hash of the two rows), so the sample
    /// spreads over the whole list and is the same on every run.
    /// </summary>
    public static IReadOnlyList<(int From, int To)> Sample(IEnumerable<(int From, int To)> links, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return links.OrderBy(l => (l.From * 7919L + l.To) % 104729).Take(count).ToList();
    }

    /// <summary>The item that is the first item of the most links (the lowest row among ties).</summary>
    /// <exception cref="ArgumentException">There are no links.</exception>
    public static int MostLinkedItem(IEnumerable<(int From, int To)> links) =>
        links.GroupBy(l => l.From).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (int?)g.Key).FirstOrDefault()
        ?? throw new ArgumentException("there are no links", nameof(links));

    /// <summary>The second items of the links whose first item is <paramref name="item"/>.</summary>
    public static IReadOnlySet<int> LinkedFrom(IEnumerable<(int From, int To)> links, int item) =>
        links.Where(l => l.From == item).Select(l => l.To).ToHashSet();
}
