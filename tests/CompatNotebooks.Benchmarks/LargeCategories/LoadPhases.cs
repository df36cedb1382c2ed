using System.Diagnostics;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Sampling;

namespace CompatNotebooks.Benchmarks.LargeCategories;

/// <summary>
/// <c>-- load-phases DIR CATEGORY</c>: where "catalog + pairs ready" goes, phase by phase, as <c>train</c> loads
/// (random negatives, test fraction 0.2, seed 1; the store must exist: run <c>convert</c> first). Each phase alone —
/// opening the store, streaming the metadata — then the whole load, in which those two overlap, then sampling and the
/// split. The join alone, on metadata already in memory, too. One line per phase (wall and CPU seconds, since the machine
/// may be busy) and a JSON line of seconds.
/// </summary>
public static class LoadPhases
{
    /// <summary>Runs the phases; 2 on a usage error.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: load-phases DIR CATEGORY");
            return 2;
        }
        string dir = Path.GetFullPath(args[0]), category = args[1];
        string featurePath = Path.Combine(dir, DataFiles.FeatureFileName(category));
        string metadataPath = Path.Combine(dir, DataFiles.MetadataFileName(category));
        var seconds = new Dictionary<string, double>();
        double Time(string phase, Action action)
        {
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            int gen2 = GC.CollectionCount(2);
            var paused = GC.GetTotalPauseDuration();
            action();
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            seconds[phase] = Math.Round(clock.Elapsed.TotalSeconds, 3);
            seconds[phase + " (cpu)"] = Math.Round(cpuSeconds, 3);
            Console.WriteLine($"{phase,-32} {clock.Elapsed.TotalSeconds,8:F2} s wall {cpuSeconds,8:F2} s cpu  {GC.CollectionCount(2) - gen2} gen-2 GCs, {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F2} s paused for GC");
            return clock.Elapsed.TotalSeconds;
        }

        Time("store: open (alone)", () =>
        {
            using var store = FeatureStoreFiles.OpenOrConvert(featurePath, null, null, out var converted);
            if (converted is not null) Console.WriteLine("  (the store was converted first: run the phases again)");
        });
        long lines = 0;
        Time("metadata: stream (alone)", () =>
        {
            using var reader = MetadataReader.Read(metadataPath);
            foreach (var _ in reader) lines++;
        });
        var products = new List<ProductMetadata>();
        using (var reader = MetadataReader.Read(metadataPath)) products.AddRange(reader);
        using (var store = FeatureStoreFiles.OpenOrConvert(featurePath, null, null, out _))
            Time("join (metadata in memory)", () => CatalogJoin.Join(store, store, products, new CatalogOptions(), owned: null));
        products = null;
        GC.Collect();
        ProductCatalog? catalog = null;
        PairSet? pairs = null;
        var total = Stopwatch.StartNew();
        Time("catalog: load (both overlapped)", () => catalog = ProductCatalog.Load(dir, category));
        using (catalog)
        {
            Time("pairs: sample", () => pairs = PairSampler.Sample(catalog!, new PairSamplingOptions { Seed = 1 }));
            Time("pairs: split", () => pairs!.Split(0.2, 1));
            seconds["ready"] = Math.Round(total.Elapsed.TotalSeconds, 3);
            Console.WriteLine($"{"catalog + pairs ready",-32} {total.Elapsed.TotalSeconds,8:F2} s ({catalog!.Count:N0} items, {lines:N0} metadata lines, {pairs!.Count:N0} pairs)");
        }
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(seconds));
        return 0;
    }
}
