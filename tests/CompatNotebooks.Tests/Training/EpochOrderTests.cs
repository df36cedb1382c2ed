using CompatNotebooks.Data;
using CompatNotebooks.Randomness;
using CompatNotebooks.Sampling;
using CompatNotebooks.Training;

namespace CompatNotebooks.Tests.Training;

public class EpochOrderTests
{
    // 30 anchors with 6 pairs each, given anchor-interleaved so that grouping has something to do.
    private static CompatPair[] Pairs() =>
        [.. from j in Enumerable.Range(0, 6) from a in Enumerable.Range(0, 30) select new CompatPair(a, 100 + 6 * a + j, j % 2 == 0)];

    [Fact]
    public void ByAnchorKeepsEachAnchorsPairsTogetherAndVisitsEveryPairOnce()
    {
        var pairs = Pairs();
        var order = new CompatPair[pairs.Length];
        var random = new SeededRandom(3);
        EpochOrder.ByAnchor(pairs, order, EpochOrder.AnchorGroups(pairs), ref random, shuffle: true);
        Assert.Equal(pairs.OrderBy(p => p.Item2), order.OrderBy(p => p.Item2));
        var anchors = order.Select(p => p.Item1).ToArray();
        int runs = 1 + Enumerable.Range(1, anchors.Length - 1).Count(i => anchors[i] != anchors[i - 1]);
        Assert.Equal(30, runs); // one contiguous run per anchor
    }

    [Fact]
    public void ByAnchorShufflesAnchorsAndThePairsWithinEachAnchor()
    {
        var pairs = Pairs();
        var groups = EpochOrder.AnchorGroups(pairs);
        var random = new SeededRandom(5);
        var first = new CompatPair[pairs.Length];
        var second = new CompatPair[pairs.Length];
        EpochOrder.ByAnchor(pairs, first, groups, ref random, shuffle: true);
        EpochOrder.ByAnchor(pairs, second, groups, ref random, shuffle: true);
        int[] AnchorSequence(CompatPair[] o) => o.Where((_, i) => i % 6 == 0).Select(p => p.Item1).ToArray();
        Assert.NotEqual(Enumerable.Range(0, 30), AnchorSequence(first));
        Assert.NotEqual(AnchorSequence(first), AnchorSequence(second));
        // Within an anchor the given order is ascending Item2; a random order leaves most anchors unsorted.
        int unsorted = first.Chunk(6).Count(c => !c.Select(p => p.Item2).SequenceEqual(c.Select(p => p.Item2).Order()));
        Assert.True(unsorted >= 20, $"only {unsorted} of 30 anchors had their pairs reordered");
        // The groups themselves are not disturbed: the same seed reproduces the same epochs.
        var again = new CompatPair[pairs.Length];
        var replay = new SeededRandom(5);
        EpochOrder.ByAnchor(pairs, again, groups, ref replay, shuffle: true);
        Assert.Equal(first, again);
    }

    [Fact]
    public void RunLengthCutsEachAnchorsPairsIntoShuffledRuns()
    {
        var pairs = Pairs();
        var order = new CompatPair[pairs.Length];
        var random = new SeededRandom(7);
        EpochOrder.ByAnchor(pairs, order, EpochOrder.AnchorGroups(pairs), ref random, shuffle: true, maxRun: 2);
        Assert.Equal(pairs.OrderBy(p => p.Item2), order.OrderBy(p => p.Item2));
        var anchors = order.Select(p => p.Item1).ToArray();
        int segments = 1 + Enumerable.Range(1, anchors.Length - 1).Count(i => anchors[i] != anchors[i - 1]);
        // 90 runs of 2; two runs of one anchor land side by side only by chance.
        Assert.InRange(segments, 80, 90);
        Assert.All(Enumerable.Range(0, 90), r => Assert.Equal(anchors[2 * r], anchors[2 * r + 1]));
    }

    [Fact]
    public void WithoutShuffleAnchorsComeInOrderOfFirstAppearance()
    {
        var pairs = Pairs();
        var order = new CompatPair[pairs.Length];
        var random = new SeededRandom(1);
        EpochOrder.ByAnchor(pairs, order, EpochOrder.AnchorGroups(pairs), ref random, shuffle: false);
        Assert.Equal(pairs.OrderBy(p => p.Item1).ThenBy(p => p.Item2), order);
    }

    [Fact]
    public void PairsAreShuffledIndependentlyByDefaultAndAnchorRunsAreEight()
    {
        var options = new FusedTrainerOptions();
        Assert.False(options.GroupByFirstItem);
        Assert.Equal(8, options.AnchorRunLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => (options with { AnchorRunLength = -1 }).Validate());
    }
}
