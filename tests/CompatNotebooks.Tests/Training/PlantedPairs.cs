using CompatNotebooks.Data;
using CompatNotebooks.Sampling;

namespace CompatNotebooks.Tests.Training;

/// <summary>
/// Small synthetic data with a planted answer: every item has a category and a hidden style; its features are sparse,
/// non-negative (like ReLU CNN features) and mix a category signature with a style signature plus noise. Positives
/// join items of the same style; negatives are drawn from the same category ("difficult" negatives), so only style
/// separates them.
/// </summary>
internal static class PlantedPairs
{
    public static (DenseFeatureRows Features, CompatPair[] Pairs) Create(int items, int dimension, int styles, int categories, int positivesPerItem, int seed)
    {
        var random = new Random(seed);
        var styleOf = new int[items];
        var categoryOf = new int[items];
        var signatures = new float[styles + categories, dimension];
        for (int s = 0; s < styles + categories; s++)
            for (int d = 0; d < dimension; d++)
                signatures[s, d] = random.NextDouble() < 0.25 ? (float)(random.NextDouble() * 2) : 0f;
        var values = new float[items * dimension];
        for (int i = 0; i < items; i++)
        {
            styleOf[i] = random.Next(styles);
            categoryOf[i] = random.Next(categories);
            for (int d = 0; d < dimension; d++)
            {
                double v = signatures[styleOf[i], d] + signatures[styles + categoryOf[i], d] + (random.NextDouble() - 0.7);
                values[i * dimension + d] = (float)Math.Max(0, v); // sparse and non-negative
            }
        }
        var byCategoryStyle = Enumerable.Range(0, items).GroupBy(i => (categoryOf[i], styleOf[i])).ToDictionary(g => g.Key, g => g.ToArray());
        var byCategory = Enumerable.Range(0, items).GroupBy(i => categoryOf[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var pairs = new List<CompatPair>();
        for (int i = 0; i < items; i++)
        {
            var same = byCategoryStyle[(categoryOf[i], styleOf[i])];
            var category = byCategory[categoryOf[i]];
            for (int p = 0; p < positivesPerItem && same.Length > 1; p++)
            {
                int j = same[random.Next(same.Length)];
                if (j == i) continue;
                pairs.Add(new CompatPair(i, j, true));
                pairs.Add(new CompatPair(i, category[random.Next(category.Length)], false));
            }
        }
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairs));
        return (new DenseFeatureRows(values, dimension), pairs.ToArray());
    }

    /// <summary>Random non-negative, partly zero features and random labelled pairs (no structure).</summary>
    public static (DenseFeatureRows Features, CompatPair[] Pairs) Random(int items, int dimension, int pairCount, int seed)
    {
        var random = new Random(seed);
        var values = new float[items * dimension];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextDouble() < 0.4 ? 0f : (float)random.NextDouble();
        var pairs = new CompatPair[pairCount];
        for (int p = 0; p < pairCount; p++)
            pairs[p] = new CompatPair(random.Next(items), random.Next(items), random.Next(2) == 1);
        return (new DenseFeatureRows(values, dimension), pairs);
    }
}
