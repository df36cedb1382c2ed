using CompatNotebooks.Catalog;
using CompatNotebooks.Sampling;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Sampling;

public class PairSamplerTests
{
    private static readonly Lazy<ProductCatalog> Sectioned = new(() => ProductCatalog.Load(GeneratedSample.Directory, "Musical_Instruments"));
    private static readonly Lazy<ProductCatalog> WithSubcategory = new(() =>
        ProductCatalog.Load(GeneratedSample.Directory, "Musical_Instruments", new CatalogOptions { RequireSubcategory = true }));

    private static PairSamplingOptions Difficult(int seed = 1) =>
        new() { Negatives = NegativeSampling.SameSubcategory, SameSubcategoryPositives = true, Seed = seed };

    private static (int, int, bool) Sort(CompatPair p) => (p.Item1, p.Item2, p.Compatible);

    private static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    [Fact]
    public void PositivesAreTheCatalogLinksEachFollowedByItsNegative()
    {
        var catalog = Sectioned.Value;
        var set = PairSampler.Sample(catalog, new PairSamplingOptions { Seed = 4 });
        Assert.Equal(catalog.AlsoBought.Count, set.PositiveCount);
        Assert.Equal(set.PositiveCount, set.NegativeCount);
        Assert.Equal(catalog.AlsoBought, set.Pairs.Where(p => p.Compatible).Select(p => new CatalogLink(p.Item1, p.Item2)));
        Assert.Equal(catalog.AlsoBought.Select(l => Key(l.From, l.To)).Distinct().Count(), set.Report.UnorderedPositives);
        Assert.All(set.Pairs, p => Assert.InRange(p.Item1, 0, catalog.Count - 1));
        Assert.All(set.Pairs, p => Assert.InRange(p.Item2, 0, catalog.Count - 1));
    }

    [Fact]
    public void NegativesAreNeverKnownLinksOrSelfPairsUnlessAskedForTheBooksWay()
    {
        var catalog = Sectioned.Value;
        var known = catalog.AlsoBought.Select(l => Key(l.From, l.To)).ToHashSet();
        foreach (var negatives in new[] { NegativeSampling.Random, NegativeSampling.SameSubcategory })
        {
            var set = PairSampler.Sample(catalog, new PairSamplingOptions { Negatives = negatives, Seed = 8 });
            Assert.All(set.Pairs.Where(p => !p.Compatible), p => Assert.False(p.Item1 == p.Item2 || known.Contains(Key(p.Item1, p.Item2))));
            Assert.True(set.Report.NegativesRedrawn > 0); // the sample is dense enough that some draws hit links
        }
        var book = PairSampler.Sample(catalog, new PairSamplingOptions { Negatives = NegativeSampling.SameSubcategory, ExcludeKnownPositives = false, Seed = 8 });
        Assert.Equal(0, book.Report.NegativesRedrawn);
        Assert.Contains(book.Pairs, p => !p.Compatible && known.Contains(Key(p.Item1, p.Item2)));
    }

    [Fact]
    public void DifficultModeUsesSameSubcategoryPositivesAndNegatives()
    {
        var catalog = WithSubcategory.Value;
        var set = PairSampler.Sample(catalog, Difficult());
        Assert.True(set.PositiveCount > 100);
        Assert.All(set.Pairs, p =>
        {
            Assert.True(catalog.SubcategoryOf(p.Item1) >= 0);
            Assert.Equal(catalog.SubcategoryOf(p.Item1), catalog.SubcategoryOf(p.Item2));
        });
        int sameSubcategoryLinks = catalog.AlsoBought.Count(l => catalog.SubcategoryOf(l.From) == catalog.SubcategoryOf(l.To));
        Assert.Equal(sameSubcategoryLinks, set.PositiveCount);
        Assert.Equal(catalog.AlsoBought.Count - sameSubcategoryLinks, set.Report.LinksNotSameSubcategory);
        // Negatives keep the positive's first item, as in the book's In[16].
        CompatPair? positive = null;
        foreach (var pair in set.Pairs)
            if (pair.Compatible) positive = pair;
            else Assert.Equal(positive!.Value.Item1, pair.Item1);
        Assert.Equal(set.PositiveCount, set.NegativeCount + set.Report.NegativesUnavailable);
    }

    [Fact]
    public void RandomNegativesCrossSubcategories()
    {
        var catalog = WithSubcategory.Value;
        var set = PairSampler.Sample(catalog, new PairSamplingOptions { Seed = 2 });
        var negatives = set.Pairs.Where(p => !p.Compatible).ToList();
        Assert.Contains(negatives, p => catalog.SubcategoryOf(p.Item1) != catalog.SubcategoryOf(p.Item2));
        Assert.Contains(set.Pairs, p => p.Compatible && catalog.SubcategoryOf(p.Item1) != catalog.SubcategoryOf(p.Item2));
        double expected = (double)negatives.Count(p => catalog.SubcategoryOf(p.Item1) == catalog.SubcategoryOf(p.Item2)) / negatives.Count;
        Assert.Equal(expected, set.SameSubcategoryNegativeShare(catalog), 12);
        Assert.InRange(expected, 0.0, 0.9);
        Assert.Equal(1.0, PairSampler.Sample(catalog, Difficult()).SameSubcategoryNegativeShare(catalog));
    }

    [Fact]
    public void SameSeedSamePairsOtherSeedOtherPairs()
    {
        var catalog = Sectioned.Value;
        var a = PairSampler.Sample(catalog, Difficult(11) with { SameSubcategoryPositives = false });
        var b = PairSampler.Sample(catalog, Difficult(11) with { SameSubcategoryPositives = false });
        var c = PairSampler.Sample(catalog, Difficult(12) with { SameSubcategoryPositives = false });
        Assert.Equal(a.Pairs, b.Pairs);
        Assert.NotEqual(a.Pairs, c.Pairs);
        Assert.Equal(a.Shuffle(3).Pairs, b.Shuffle(3).Pairs);
        Assert.NotEqual(a.Shuffle(3).Pairs, a.Shuffle(4).Pairs);
        Assert.Equal(a.Pairs.OrderBy(Sort), a.Shuffle(3).Pairs.OrderBy(Sort)); // a permutation
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void SplitNeverPutsAnUnorderedPositiveOnBothSides(double fraction)
    {
        var catalog = Sectioned.Value;
        var set = PairSampler.Sample(catalog, new PairSamplingOptions { Seed = 5, NegativesPerPositive = 2 });
        Assert.True(set.Report.UnorderedPositives < set.PositiveCount); // the sample has A→B and B→A links
        var (train, test) = set.Split(fraction, seed: 9);
        Assert.Equal(set.Count, train.Count + test.Count);
        Assert.Equal(set.Pairs.OrderBy(Sort), train.Pairs.Concat(test.Pairs).OrderBy(Sort));
        int target = (int)Math.Round(fraction * set.Count);
        Assert.InRange(test.Count, target, target + 2 * 3); // whole groups: at most one group (≤ 2 links × 3 pairs) over
        var trainPositives = train.Pairs.Where(p => p.Compatible).Select(p => Key(p.Item1, p.Item2)).ToHashSet();
        Assert.DoesNotContain(test.Pairs, p => p.Compatible && trainPositives.Contains(Key(p.Item1, p.Item2)));
        var (train2, test2) = set.Split(fraction, seed: 9);
        Assert.Equal(test.Pairs, test2.Pairs);
        Assert.Equal(train.Pairs, train2.Pairs);
        Assert.NotEqual(test.Pairs, set.Split(fraction, seed: 10).Test.Pairs);
    }

    [Fact]
    public void SplitByCountAndEdgeCases()
    {
        var set = PairSampler.Sample(Sectioned.Value, new PairSamplingOptions { Seed = 6 });
        var (train, test) = set.SplitCount(testCount: 1000, seed: 1);
        Assert.InRange(test.Count, 1000, 1000 + 3);
        Assert.Equal(set.Count - test.Count, train.Count);
        Assert.Equal(0, set.Split(0.0, 1).Test.Count);
        Assert.Equal(0, set.Split(1.0, 1).Train.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Split(1.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Split(-1, 1));
    }

    [Fact]
    public void NegativesPerPositiveAndUnavailableNegativesAreCounted()
    {
        var catalog = WithSubcategory.Value;
        var three = PairSampler.Sample(catalog, Difficult() with { NegativesPerPositive = 3 });
        Assert.Equal(3L * three.PositiveCount, three.NegativeCount + three.Report.NegativesUnavailable);
        var none = PairSampler.Sample(catalog, Difficult() with { NegativesPerPositive = 0 });
        Assert.Equal(0, none.NegativeCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => PairSampler.Sample(catalog, new PairSamplingOptions { NegativesPerPositive = -1 }));
    }

    [Fact]
    public void TinySubcategoryWithOnlyLinkedItemsReportsUnavailableNegatives()
    {
        var features = new CompatNotebooks.Data.DenseFeatureRows(new float[3 * 2], 2, ["A", "B", "C"]);
        var metadata = new[]
        {
            new CompatNotebooks.Data.ProductMetadata { Asin = "A", Categories = [["X", "Pair"]], Related = new() { AlsoBought = ["B"] } },
            new CompatNotebooks.Data.ProductMetadata { Asin = "B", Categories = [["X", "Pair"]] },
            new CompatNotebooks.Data.ProductMetadata { Asin = "C", Categories = [["X", "Other"]] },
        };
        using var catalog = ProductCatalog.Build(features, metadata);
        var set = PairSampler.Sample(catalog, Difficult());
        Assert.Equal(1, set.PositiveCount);
        Assert.Equal(0, set.NegativeCount);
        Assert.Equal(1, set.Report.NegativesUnavailable);
        Assert.Equal(PairSampler.MaxDraws, set.Report.NegativesRedrawn);
    }
}
