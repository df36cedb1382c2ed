using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Randomness;

namespace CompatNotebooks.Sampling;

/// <summary>
/// Builds the book's <c>compat</c> list from a catalog: every <c>also_bought</c> link between catalog items is a
/// positive (optionally only links within one subcategory, exercise 9.1), each followed by
/// <see cref="PairSamplingOptions.NegativesPerPositive"/> negatives drawn uniformly (section 1) or from the first
/// item's subcategory ("difficult", exercise 9.3). Deterministic for a seed (<see cref="SeededRandom"/>, whose
/// algorithm is fixed in this library, not <see cref="System.Random"/>).
/// </summary>
public static class PairSampler
{
    /// <summary>Draws tried for one negative before it is counted as unavailable.</summary>
    public const int MaxDraws = 100;

    /// <summary>Samples positive and negative pairs from <paramref name="catalog"/>.</summary>
    public static PairSet Sample(ProductCatalog catalog, PairSamplingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new PairSamplingOptions();
        options.Validate();
        var links = catalog.Links;
        int items = catalog.Count;

        // Every catalog link, either direction, is a known positive; the pair's id is the group a split keeps whole.
        var pairIds = new UnorderedPairTable(links.Length);
        var groupOfLink = new int[links.Length];
        for (int i = 0; i < links.Length; i++) groupOfLink[i] = pairIds.GetOrAdd(links[i].From, links[i].To);
        bool excludeKnown = options.ExcludeKnownPositives;

        var selected = new List<int>(links.Length); // indices into links
        long notSameSubcategory = 0;
        for (int i = 0; i < links.Length; i++)
        {
            var link = links[i];
            if (options.SameSubcategoryPositives)
            {
                int s = catalog.SubcategoryOf(link.From);
                if (s < 0 || s != catalog.SubcategoryOf(link.To)) { notSameSubcategory++; continue; }
            }
            selected.Add(i);
        }

        int perPositive = options.NegativesPerPositive;
        var pairs = new CompatPair[checked(selected.Count * (1 + perPositive))];
        var groups = new int[pairs.Length];
        var groupSeen = new bool[pairIds.Count];
        int unorderedPositives = 0;
        var random = new SeededRandom((ulong)options.Seed);
        int n = 0;
        long redrawn = 0, unavailable = 0, withoutSubcategory = 0;
        foreach (int linkIndex in selected)
        {
            var link = links[linkIndex];
            int group = groupOfLink[linkIndex];
            if (!groupSeen[group]) { groupSeen[group] = true; unorderedPositives++; }
            groups[n] = group;
            pairs[n++] = new CompatPair(link.From, link.To, true);
            int subcategory = catalog.SubcategoryOf(link.From);
            bool difficult = options.Negatives == NegativeSampling.SameSubcategory;
            if (difficult && subcategory < 0) withoutSubcategory += perPositive;
            for (int k = 0; k < perPositive; k++)
            {
                bool found = false;
                for (int draw = 0; draw < MaxDraws && !found; draw++)
                {
                    // Book section 1: both items at random. Difficult: the positive's first item and a random
                    // member of its subcategory (the whole catalog when it has none).
                    int a = difficult ? link.From : random.NextInt(items);
                    int b;
                    if (difficult && subcategory >= 0)
                    {
                        var members = catalog.ItemsIn(subcategory);
                        b = members[random.NextInt(members.Length)];
                    }
                    else b = random.NextInt(items);
                    if (excludeKnown && (a == b || pairIds.Contains(a, b))) { redrawn++; continue; }
                    groups[n] = group;
                    pairs[n++] = new CompatPair(a, b, false);
                    found = true;
                }
                if (!found) unavailable++;
            }
        }
        if (n < pairs.Length)
        {
            Array.Resize(ref pairs, n);
            Array.Resize(ref groups, n);
        }
        var report = new SamplingReport
        {
            LinksConsidered = links.Length,
            LinksNotSameSubcategory = notSameSubcategory,
            Positives = selected.Count,
            UnorderedPositives = unorderedPositives,
            Negatives = n - selected.Count,
            NegativesRedrawn = redrawn,
            NegativesUnavailable = unavailable,
            NegativesWithoutSubcategory = withoutSubcategory,
        };
        return new PairSet(pairs, groups, report);
    }
}
