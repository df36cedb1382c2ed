using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Randomness;
using CompatNotebooks.Sampling;
using FsCheck.Xunit;

namespace CompatNotebooks.Tests.Sampling;

public class PairSetPropertyTests
{
    /// <summary>A small random catalog: <paramref name="items"/> items in 3 subcategories with random links
    /// (including both directions of some pairs, so groups of 2 links exist).</summary>
    private static ProductCatalog RandomCatalog(int items, int links, ulong seed)
    {
        var random = new SeededRandom(seed);
        var asins = Enumerable.Range(0, items).Select(i => $"A{i:D9}").ToArray();
        var alsoBought = asins.Select(_ => new List<string>()).ToArray();
        for (int l = 0; l < links; l++)
        {
            int a = random.NextInt(items), b = random.NextInt(items);
            alsoBought[a].Add(asins[b]);
            if (random.NextDouble() < 0.3) alsoBought[b].Add(asins[a]);
        }
        var metadata = asins.Select((asin, i) => new ProductMetadata
        {
            Asin = asin,
            Categories = [["Top", "Sub" + (i % 3)]],
            Related = new RelatedProducts { AlsoBought = alsoBought[i] },
        });
        return ProductCatalog.Build(new DenseFeatureRows(new float[items], 1, asins), metadata);
    }

    [Property(MaxTest = 60)]
    public bool SplitKeepsEveryUnorderedPositiveOnOneSide(int seed, byte fractionPercent, bool difficult, byte negatives)
    {
        using var catalog = RandomCatalog(40, 150, (ulong)seed);
        var set = PairSampler.Sample(catalog, new PairSamplingOptions
        {
            Negatives = difficult ? NegativeSampling.SameSubcategory : NegativeSampling.Random,
            NegativesPerPositive = negatives % 4,
            Seed = seed,
        });
        double fraction = (fractionPercent % 101) / 100.0;
        var (train, test) = set.Split(fraction, unchecked(seed + 1));
        static long Key(CompatPair p) => Math.Min(p.Item1, p.Item2) * 1_000_000L + Math.Max(p.Item1, p.Item2);
        var trainKeys = train.Pairs.Where(p => p.Compatible).Select(Key).ToHashSet();
        return train.Count + test.Count == set.Count
            && test.Count >= (int)Math.Round(fraction * set.Count)
            && !test.Pairs.Any(p => p.Compatible && trainKeys.Contains(Key(p)))
            && set.Pairs.Where(p => !p.Compatible).All(p => p.Item1 != p.Item2)
            && (!difficult || set.Pairs.All(p => p.Compatible || catalog.SubcategoryOf(p.Item1) == catalog.SubcategoryOf(p.Item2)));
    }
}
