using BenchmarkDotNet.Attributes;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Sampling;
using CompatNotebooks.Synthetic;

namespace CompatNotebooks.Benchmarks.Catalog;

/// <summary>
/// Catalog join and pair sampling on a full-size generated Musical_Instruments (84,901 products, ≈ 1.35 GB of
/// features; generated into $COMPAT_BENCH_DIR or /tmp/compat-bench-full on first use). The Python baseline and
/// peak RSS are measured by run-catalog-bench.sh beside it.
/// dotnet run -c Release --project tests/CompatNotebooks.Benchmarks -- --filter '*CatalogBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class CatalogBenchmarks
{
    private const string Category = "Musical_Instruments";
    private string _dir = "";
    private ProductCatalog? _catalog;
    private PairSet? _pairs;

    /// <summary>Exercise 9.1/9.3 (items with a subcategory, same-subcategory positives and negatives) or section 1.</summary>
    [Params(false, true)]
    public bool HardNegatives { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Environment.GetEnvironmentVariable("COMPAT_BENCH_DIR") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "compat-bench-full");
        if (!File.Exists(Path.Combine(_dir, DataFiles.FeatureFileName(Category))) || !File.Exists(Path.Combine(_dir, DataFiles.MetadataFileName(Category))))
            SampleData.Generate(_dir, new SampleDataOptions { ItemsPerCategory = 84_901, Categories = [Category] });
        _catalog = Load();
        _pairs = PairSampler.Sample(_catalog, Options());
    }

    [GlobalCleanup]
    public void Cleanup() => _catalog?.Dispose();

    private ProductCatalog Load() => ProductCatalog.Load(_dir, Category, new CatalogOptions { RequireSubcategory = HardNegatives });

    private PairSamplingOptions Options() => new()
    {
        Negatives = HardNegatives ? NegativeSampling.SameSubcategory : NegativeSampling.Random,
        SameSubcategoryPositives = HardNegatives,
        Seed = 1,
    };

    /// <summary>Open the mapped features (values checked), stream the metadata, join.</summary>
    [Benchmark]
    public int LoadCatalog()
    {
        using var catalog = Load();
        return catalog.Count;
    }

    /// <summary>Positives + one negative each (known links rejected) on the loaded catalog.</summary>
    [Benchmark]
    public int SamplePairs() => PairSampler.Sample(_catalog!, Options()).Count;

    /// <summary>Shuffle and 10 % test split by unordered positive pair.</summary>
    [Benchmark]
    public int SplitPairs() => _pairs!.Split(0.1, seed: 1).Test.Count;
}
