using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Sampling;

namespace CompatNotebooks.Benchmarks.Training;

/// <summary>The benchmark's data: a catalog, its same-subcategory pair set and a fixed train/test split.</summary>
internal sealed class TrainingBenchData : IDisposable
{
    private TrainingBenchData(ProductCatalog catalog, PairSet all, PairSet train, PairSet test, TimeSpan loadTime)
    {
        Catalog = catalog;
        All = all;
        Train = train;
        Test = test;
        LoadTime = loadTime;
    }

    public ProductCatalog Catalog { get; }
    public IFeatureRows Features => Catalog.Features;
    public PairSet All { get; }
    public PairSet Train { get; }
    public PairSet Test { get; }
    public TimeSpan LoadTime { get; }

    public static TrainingBenchData Load(string dataDir, string category, NegativeSampling negatives, double testFraction, int seed)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var catalog = ProductCatalog.Load(dataDir, category, new CatalogOptions { RequireSubcategory = negatives == NegativeSampling.SameSubcategory });
        var pairs = PairSampler.Sample(catalog, new PairSamplingOptions { Negatives = negatives, SameSubcategoryPositives = negatives == NegativeSampling.SameSubcategory, Seed = seed });
        var (train, test) = pairs.Split(testFraction, seed);
        return new TrainingBenchData(catalog, pairs, train, test, clock.Elapsed);
    }

    /// <summary>Fraction of zero values over an evenly spaced sample of rows.</summary>
    public double ZeroFraction(int sampleRows = 2000)
    {
        long zeros = 0, total = 0;
        int step = Math.Max(1, Features.Count / sampleRows);
        for (int r = 0; r < Features.Count; r += step)
        {
            var row = Features.Row(r);
            foreach (var v in row) if (v == 0) zeros++;
            total += row.Length;
        }
        return (double)zeros / total;
    }

    public void Dispose() => Catalog.Dispose();
}
