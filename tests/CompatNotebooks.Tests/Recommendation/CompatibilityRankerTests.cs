using CompatNotebooks.Data;
using CompatNotebooks.Evaluation;
using CompatNotebooks.Models;
using CompatNotebooks.Recommendation;
using CompatNotebooks.Tests.Training;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Recommendation;

public sealed class CompatibilityRankerTests
{
    // Four items on a line in a 2-d feature space; identity projections (D = K = 2), so style = features.
    private static readonly DenseFeatureRows Items = new DenseFeatureRows([0f, 0f, 1f, 0f, 3f, 0f, 10f, 0f], 2, ["A", "B", "C", "D"]);

    private static CompatibilityRanker RankerOf(CompatibilityParameters parameters, DenseFeatureRows features)
    {
        using var model = CompatibilityModel.Create(parameters);
        return new CompatibilityRanker(model, features);
    }

    private static CompatibilityParameters Identity(CompatibilityKind kind, float c = 0) =>
        new(kind, 2, 2, [1f, 0f, 0f, 1f], [1f, 0f, 0f, 1f], c);

    [Fact]
    public void Euclidean_ranking_puts_the_nearest_style_first_and_never_the_query()
    {
        var ranker = RankerOf(Identity(CompatibilityKind.Euclidean, c: 1), Items);
        var top = ranker.Top(query: 1, count: 3);
        Assert.Equal([0, 2, 3], top.Select(t => t.Row)); // distances² 1, 4, 81
        Assert.Equal(1 - 1.0, top[0].Score, 6);
        Assert.Equal(1 - 81.0, top[2].Score, 6);
    }

    [Fact]
    public void Inner_product_ranking_prefers_large_aligned_styles()
    {
        var ranker = RankerOf(Identity(CompatibilityKind.InnerProduct), Items);
        Assert.Equal(3, ranker.Top(query: 1, count: 1)[0].Row);
    }

    [Fact]
    public void Hit_rate_counts_links_ranked_within_k_and_ties_against()
    {
        var ranker = RankerOf(Identity(CompatibilityKind.Euclidean), Items);
        var result = ranker.Evaluate([(0, 1), (3, 0)], k: 1);
        Assert.Equal(2, result.Queries);
        Assert.Equal(1, result.Hits); // B is A's nearest; A is D's farthest (rank 3)
        Assert.Equal(2.0, result.MeanRank);
        Assert.Equal(1.0 / 3, result.RandomRate, 9);

        var constant = RankerOf(new CompatibilityParameters(CompatibilityKind.Euclidean, 2, 2, new float[4], new float[4], 0), Items);
        Assert.Equal(0, constant.Evaluate([(0, 1)], k: 1).Hits);
    }

    [Fact]
    public void Both_evaluations_report_every_link_ranked_in_increasing_order()
    {
        (int, int)[] links = [(0, 1), (1, 2), (2, 3), (3, 0), (1, 0), (2, 2)]; // the self-link is skipped, not reported
        var ranker = RankerOf(Identity(CompatibilityKind.Euclidean), Items);
        var modelReports = new List<long>();
        Assert.Equal(5, ranker.Evaluate(links, k: 2, new FusedTrainerTests.SyncProgress<long>(modelReports.Add)).Queries);
        Assert.Equal([1L, 2, 3, 4, 5], modelReports);

        var featureReports = new List<long>();
        Assert.Equal(5, FeatureNeighbours.Evaluate(Items, links, k: 2, new FusedTrainerTests.SyncProgress<long>(featureReports.Add)).Queries);
        Assert.Equal([1L, 2, 3, 4, 5], featureReports);
    }

    [Fact]
    public void Held_out_links_are_distinct_positives_sampled_the_same_way_every_time()
    {
        CompatNotebooks.Sampling.CompatPair[] pairs = [new(0, 1, true), new(0, 2, false), new(0, 1, true), new(1, 0, true), new(0, 3, true), new(2, 3, true)];
        var links = HeldOutLinks.Of(pairs);
        Assert.Equal([(0, 1), (1, 0), (0, 3), (2, 3)], links);
        Assert.Equal(0, HeldOutLinks.MostLinkedItem(links));
        Assert.Equal(1, HeldOutLinks.MostLinkedItem([(2, 3), (1, 0)])); // a tie goes to the lower row
        Assert.Equal(new HashSet<int> { 1, 3 }, HeldOutLinks.LinkedFrom(links, 0));
        var sample = HeldOutLinks.Sample(links, 3);
        Assert.Equal(3, sample.Count);
        Assert.Equal(sample, HeldOutLinks.Sample(links.Reverse(), 3));
        Assert.Subset(links.ToHashSet(), sample.ToHashSet());
        Assert.Throws<ArgumentException>(() => HeldOutLinks.MostLinkedItem([]));
    }

    [Fact]
    public void Feature_neighbours_rank_by_cosine()
    {
        var rows = new DenseFeatureRows([1f, 0f, 1f, 0.1f, 0f, 1f], 2, ["A", "B", "C"]);
        Assert.Equal(1, FeatureNeighbours.Top(rows, 0, 1)[0].Row);
        Assert.Equal(1, FeatureNeighbours.Evaluate(rows, [(0, 1)], k: 1).Hits);
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureNeighbours.Top(rows, 3, 1));
    }
}
