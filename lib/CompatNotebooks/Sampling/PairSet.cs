using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Randomness;

namespace CompatNotebooks.Sampling;

/// <summary>
/// Labelled pairs in one compact array (12 bytes each) with their counts. Each pair belongs to a group — one
/// unordered positive pair {A, B} together with its negatives — and <see cref="Split(double, int)"/> keeps groups
/// whole, so a positive never appears (in either direction) in both train and test.
/// </summary>
public sealed class PairSet
{
    private readonly CompatPair[] _pairs;
    private readonly int[] _groups;

    internal PairSet(CompatPair[] pairs, int[] groups, SamplingReport report)
    {
        _pairs = pairs;
        _groups = groups;
        Report = report;
        foreach (var p in pairs) if (p.Compatible) PositiveCount++;
    }

    /// <summary>The pairs (backed by one array; do not cast and modify).</summary>
    public IReadOnlyList<CompatPair> Pairs => _pairs;

    /// <summary>The pairs as a span, for tight loops.</summary>
    public ReadOnlySpan<CompatPair> AsSpan() => _pairs;

    /// <summary>Number of pairs.</summary>
    public int Count => _pairs.Length;

    /// <summary>Pairs labelled compatible.</summary>
    public int PositiveCount { get; }

    /// <summary>Pairs labelled incompatible.</summary>
    public int NegativeCount => Count - PositiveCount;

    /// <summary>What the sampler did (for sets made by <see cref="Split(double, int)"/> or <see cref="SplitCount"/>: the original sample's report).</summary>
    public SamplingReport Report { get; }

    /// <summary>
    /// Share of the negative pairs whose two items have the same subcategory in <paramref name="catalog"/>: about 1
    /// for difficult negatives, much lower for random ones. Items without a subcategory match nothing; NaN without
    /// negatives.
    /// </summary>
    public double SameSubcategoryNegativeShare(ProductCatalog catalog)
    {
        int negatives = 0, same = 0;
        foreach (var p in _pairs)
        {
            if (p.Compatible) continue;
            negatives++;
            int s = catalog.SubcategoryOf(p.Item1);
            if (s >= 0 && s == catalog.SubcategoryOf(p.Item2)) same++;
        }
        return negatives == 0 ? double.NaN : (double)same / negatives;
    }

    /// <summary>A copy in a random order fixed by <paramref name="seed"/> (the book's <c>random.shuffle(compat)</c>).</summary>
    public PairSet Shuffle(int seed = 1)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        new SeededRandom((ulong)seed).Shuffle(order.AsSpan());
        return Take(order);
    }

    /// <summary>
    /// Splits into train and test with about <paramref name="testFraction"/> of the pairs in test: whole groups
    /// go to test in a random order until it holds at least that many, then both sides are shuffled.
    /// </summary>
    public (PairSet Train, PairSet Test) Split(double testFraction, int seed = 1)
    {
        if (!(testFraction is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "A fraction between 0 and 1.");
        return SplitCount((int)Math.Round(testFraction * Count), seed);
    }

    /// <summary>
    /// Splits into train and test with at least <paramref name="testCount"/> pairs in test (more by less than one
    /// group: groups are never cut), chosen at random by <paramref name="seed"/>; both sides shuffled.
    /// </summary>
    public (PairSet Train, PairSet Test) SplitCount(int testCount, int seed = 1)
    {
        if (testCount < 0 || testCount > Count)
            throw new ArgumentOutOfRangeException(nameof(testCount), testCount, $"Between 0 and {Count}.");
        // Pairs by group (counting sort), then groups in a random order.
        int groupCount = 0;
        foreach (int g in _groups) groupCount = Math.Max(groupCount, g + 1);
        var start = new int[groupCount + 1];
        foreach (int g in _groups) start[g + 1]++;
        for (int g = 0; g < groupCount; g++) start[g + 1] += start[g];
        var members = new int[Count];
        var next = start[..^1].ToArray();
        for (int i = 0; i < Count; i++) members[next[_groups[i]]++] = i;
        var groupOrder = Enumerable.Range(0, groupCount).ToArray();
        var random = new SeededRandom((ulong)seed);
        random.Shuffle(groupOrder.AsSpan());

        var test = new List<int>(testCount);
        var train = new List<int>(Count - testCount);
        foreach (int g in groupOrder)
        {
            var target = test.Count < testCount ? test : train;
            for (int m = start[g]; m < start[g + 1]; m++) target.Add(members[m]);
        }
        var trainOrder = train.ToArray();
        var testOrder = test.ToArray();
        random.Shuffle(trainOrder.AsSpan());
        random.Shuffle(testOrder.AsSpan());
        return (Take(trainOrder), Take(testOrder));
    }

    private PairSet Take(int[] indices)
    {
        var pairs = new CompatPair[indices.Length];
        var groups = new int[indices.Length];
        // A gather at random places: bound by memory latency, so it pays to have every core waiting at once.
        const int chunk = 1 << 16;
        Parallel.For(0, (indices.Length + chunk - 1) / chunk, c =>
        {
            for (int i = c * chunk, end = Math.Min(indices.Length, i + chunk); i < end; i++)
            {
                pairs[i] = _pairs[indices[i]];
                groups[i] = _groups[indices[i]];
            }
        });
        return new PairSet(pairs, groups, Report);
    }
}
