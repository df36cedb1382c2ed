using CompatNotebooks.Catalog;
using CompatNotebooks.Data;

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

        // Every catalog link, either direction, is a known positive; also the key of the pair's group.
        var known = options.ExcludeKnownPositives ? new HashSet<long>(links.Length) : null;
        if (known is not null) foreach (var link in links) known.Add(UnorderedKey(link.From, link.To));

        var selected = new List<CatalogLink>(links.Length);
        long notSameSubcategory = 0;
        foreach (var link in links)
        {
            if (options.SameSubcategoryPositives)
            {
                int s = catalog.SubcategoryOf(link.From);
                if (s < 0 || s != catalog.SubcategoryOf(link.To)) { notSameSubcategory++; continue; }
            }
            selected.Add(link);
        }

        int perPositive = options.NegativesPerPositive;
        var pairs = new CompatPair[checked(selected.Count * (1 + perPositive))];
        var groups = new int[pairs.Length];
        var groupOf = new Dictionary<long, int>(selected.Count);
        var random = new SeededRandom(options.Seed);
        int n = 0;
        long redrawn = 0, unavailable = 0, withoutSubcategory = 0;
        foreach (var link in selected)
        {
            long key = UnorderedKey(link.From, link.To);
            if (!groupOf.TryGetValue(key, out int group)) groupOf.Add(key, group = groupOf.Count);
            groups[n] = group;
            pairs[n++] = new CompatPair(link.From, link.To, true);
            for (int k = 0; k < perPositive; k++)
            {
                bool found = false;
                for (int draw = 0; draw < MaxDraws && !found; draw++)
                {
                    int a, b;
                    if (options.Negatives == NegativeSampling.Random || catalog.SubcategoryOf(link.From) < 0)
                    {
                        if (options.Negatives == NegativeSampling.SameSubcategory && draw == 0) withoutSubcategory++;
                        if (options.Negatives == NegativeSampling.Random) { a = random.NextInt(items); b = random.NextInt(items); }
                        else { a = link.From; b = random.NextInt(items); }
                    }
                    else
                    {
                        var sameSubcategory = catalog.ItemsIn(catalog.SubcategoryOf(link.From));
                        a = link.From;
                        b = sameSubcategory[random.NextInt(sameSubcategory.Length)];
                    }
                    if (known is not null && (a == b || known.Contains(UnorderedKey(a, b)))) { redrawn++; continue; }
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
            UnorderedPositives = groupOf.Count,
            Negatives = n - selected.Count,
            NegativesRedrawn = redrawn,
            NegativesUnavailable = unavailable,
            NegativesWithoutSubcategory = withoutSubcategory,
        };
        return new PairSet(pairs, groups, report);
    }

    private static long UnorderedKey(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
}
