using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Location;
using CompatNotebooks.Sampling;

namespace CompatNotebooks.Cli;

/// <summary>
/// <c>compat-notebooks inspect --data DIR --category Musical_Instruments [--hard-negatives] [--strict] [--seed S]</c>:
/// loads the catalog, samples the book's pairs and prints a summary, then one JSON line.
/// </summary>
public static class InspectCommand
{
    /// <summary>The <c>inspect</c> command with its options.</summary>
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var category = CommonOptions.Category();
        var strict = CommonOptions.Strict();
        var noStore = CommonOptions.NoStore();
        var hardNegatives = new Option<bool>("--hard-negatives")
        {
            Description = "exercise 9.1/9.3: items with a subcategory, same-subcategory links, same-subcategory negatives",
        };
        var bookNegatives = new Option<bool>("--book-negatives")
        {
            Description = "allow negatives that are real links or an item with itself (as the book does)",
        };
        var seed = new Option<int>("--seed") { Description = "sampling seed", DefaultValueFactory = _ => 1, HelpName = "S" };
        var negativesPerPositive = new Option<int>("--negatives-per-positive")
        {
            Description = "negatives drawn per positive",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        }.Within(0, 1000);
        var command = new Command("inspect", "Joins image_features_<CAT>.b with meta_<CAT>.json.gz, samples compatibility pairs and " +
                                             "prints the counts (skipped lines with their first messages), then one JSON line.\n" + ExitCodes.HelpText)
        {
            data, category, strict, hardNegatives, bookNegatives, seed, negativesPerPositive, noStore,
        };
        command.SetAction(result => Run(result.GetValue(data), result.GetValue(category)!, result.GetValue(strict),
            result.GetValue(hardNegatives), result.GetValue(bookNegatives), result.GetValue(seed), result.GetValue(negativesPerPositive), !result.GetValue(noStore)));
        return command;
    }

    private static int Run(string? data, string category, bool strict, bool hard, bool bookNegatives, int seed, int negativesPerPositive, bool useStore)
    {
        var sampling = new PairSamplingOptions
        {
            Negatives = hard ? NegativeSampling.SameSubcategory : NegativeSampling.Random,
            SameSubcategoryPositives = hard,
            NegativesPerPositive = negativesPerPositive,
            ExcludeKnownPositives = !bookNegatives,
            Seed = seed,
        };

        string dataDir = DataLocation.Resolve(data); // may generate the sample: not part of the load time
        var clock = Stopwatch.StartNew();
        using var catalog = ProductCatalog.Load(dataDir, category, new CatalogOptions { RequireSubcategory = hard, Strict = strict, UseFeatureStore = useStore, StoreProgress = StoreProgressLine.When(useStore) });
        double loadSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var pairs = PairSampler.Sample(catalog, sampling);
        double sampleSeconds = clock.Elapsed.TotalSeconds;

        var r = catalog.Report;
        var s = pairs.Report;
        Console.WriteLine($"{category}: {r.ItemsInMetadata:N0} products in metadata, {r.ItemsWithFeatures:N0} with features, " +
                          $"{r.ItemsWithBoth:N0} with both, {r.ItemsWithSubcategory:N0} with a subcategory");
        Console.WriteLine($"catalog: {catalog.Count:N0} items ({(hard ? "items with a subcategory" : "every item with features")}), " +
                          $"{catalog.Subcategories.Count} subcategories; largest: " +
                          string.Join(", ", catalog.Subcategories.Take(3).Select(c => $"{c.Name} ({c.ItemCount:N0})")));
        Console.WriteLine($"also_bought: {r.LinksTotal:N0} links, {r.LinksInCatalog:N0} between catalog items; left out: " +
                          $"{r.LinksFromItemsWithoutFeatures:N0} from items without features, {r.LinksToItemsWithoutFeatures:N0} to items without features, " +
                          $"{r.LinksOutsideCatalog:N0} to/from items outside the catalog, {r.SelfLinks:N0} self, {r.DuplicateLinks:N0} repeated");
        Console.WriteLine($"pairs: {pairs.PositiveCount:N0} positives{(hard ? " (same subcategory)" : "")} + {pairs.NegativeCount:N0} " +
                          $"{(hard ? "same-subcategory" : "random")} negatives = {pairs.Count:N0}; {s.UnorderedPositives:N0} distinct unordered positives; " +
                          $"{s.NegativesRedrawn:N0} negative draws rejected as known links, {s.NegativesUnavailable:N0} unavailable");
        if (r.MetadataSkipped.Count > 0)
            Console.WriteLine("metadata lines skipped: " + string.Join(", ", r.MetadataSkipped.Select(kv => $"{kv.Key}: {kv.Value:N0}")));
        if (r.FeatureFile is { } features) Console.WriteLine(features);
        foreach (var message in r.SkippedMessages())
            Console.WriteLine("  " + message);
        Console.WriteLine($"loaded in {loadSeconds:N2} s, pairs in {sampleSeconds:N2} s");

        var skipped = new Dictionary<string, long>(r.MetadataSkipped);
        if (r.FeatureFile is { } f)
        {
            if (f.Duplicates > 0) skipped["feature duplicate asin"] = f.Duplicates;
            if (f.InvalidValueRows > 0) skipped["feature nan/inf row"] = f.InvalidValueRows;
        }
        if (r.DuplicateMetadataLines > 0) skipped["metadata duplicate asin"] = r.DuplicateMetadataLines;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["category"] = category,
            ["data"] = dataDir,
            ["hard_negatives"] = hard,
            ["seed"] = sampling.Seed,
            ["items_in_metadata"] = r.ItemsInMetadata,
            ["items_with_features"] = r.ItemsWithFeatures,
            ["items_with_both"] = r.ItemsWithBoth,
            ["items_with_subcategory"] = r.ItemsWithSubcategory,
            ["catalog_items"] = catalog.Count,
            ["subcategories"] = catalog.Subcategories.Count,
            ["links_total"] = r.LinksTotal,
            ["links_in_catalog"] = r.LinksInCatalog,
            ["links_from_items_without_features"] = r.LinksFromItemsWithoutFeatures,
            ["links_to_items_without_features"] = r.LinksToItemsWithoutFeatures,
            ["links_outside_catalog"] = r.LinksOutsideCatalog,
            ["positive_pairs"] = pairs.PositiveCount,
            ["unordered_positive_pairs"] = s.UnorderedPositives,
            ["negative_pairs"] = pairs.NegativeCount,
            ["pairs"] = pairs.Count,
            ["negatives_redrawn"] = s.NegativesRedrawn,
            ["negatives_unavailable"] = s.NegativesUnavailable,
            ["skipped"] = skipped,
            ["load_seconds"] = Math.Round(loadSeconds, 3),
            ["sample_seconds"] = Math.Round(sampleSeconds, 3),
        }));
        return ExitCodes.Success;
    }
}
