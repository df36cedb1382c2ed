using CompatNotebooks.Data;
using CompatNotebooks.Randomness;
using CompatNotebooks.Sampling;

namespace CompatNotebooks.Training;

/// <summary>
/// The order in which one epoch visits the training pairs: independently shuffled pairs, or anchors (first items)
/// in a random order with each anchor's pairs together, themselves in a random order.
/// </summary>
internal static class EpochOrder
{
    /// <summary>Copies <paramref name="pairs"/> into <paramref name="order"/>, shuffled with <paramref name="random"/> when asked.</summary>
    public static void Pairs(IReadOnlyList<CompatPair> pairs, CompatPair[] order, ref SeededRandom random, bool shuffle)
    {
        for (int i = 0; i < order.Length; i++) order[i] = pairs[i];
        if (shuffle) random.Shuffle(order.AsSpan());
    }

    /// <summary>Pair indices grouped by first item, groups in order of first appearance, indices ascending.</summary>
    public static int[][] AnchorGroups(IReadOnlyList<CompatPair> pairs)
    {
        var groups = new Dictionary<int, List<int>>();
        var firstSeen = new List<int>();
        for (int i = 0; i < pairs.Count; i++)
        {
            if (!groups.TryGetValue(pairs[i].Item1, out var list))
            {
                groups[pairs[i].Item1] = list = [];
                firstSeen.Add(pairs[i].Item1);
            }
            list.Add(i);
        }
        return firstSeen.Select(a => groups[a].ToArray()).ToArray();
    }

    /// <summary>
    /// Fills <paramref name="order"/> anchor by anchor: each group's pairs are shuffled, cut into runs of at most
    /// <paramref name="maxRun"/> pairs (0: the whole group is one run), and the runs of all anchors are visited in a
    /// random order (all drawn from <paramref name="random"/>; without <paramref name="shuffle"/> the given order).
    /// Each group is shuffled from its given order every epoch, so an epoch's order depends only on the seed and the
    /// epochs before it, however the epochs are split across calls.
    /// </summary>
    public static void ByAnchor(IReadOnlyList<CompatPair> pairs, CompatPair[] order, int[][] groups, ref SeededRandom random, bool shuffle, int maxRun = 0)
    {
        // The groups laid end to end (each shuffled), then the runs: (start in that layout, length).
        var laid = new CompatPair[order.Length];
        var runs = new List<(int Start, int Length)>(groups.Length);
        int at = 0;
        foreach (var group in groups)
        {
            int from = at;
            foreach (int i in group) laid[at++] = pairs[i];
            if (shuffle) random.Shuffle(laid.AsSpan(from, group.Length));
            int run = maxRun > 0 ? maxRun : Math.Max(1, group.Length);
            for (int r = from; r < at; r += run) runs.Add((r, Math.Min(run, at - r)));
        }
        var runOrder = runs.ToArray();
        if (shuffle) random.Shuffle(runOrder.AsSpan());
        at = 0;
        foreach (var (start, length) in runOrder)
        {
            laid.AsSpan(start, length).CopyTo(order.AsSpan(at));
            at += length;
        }
    }
}
