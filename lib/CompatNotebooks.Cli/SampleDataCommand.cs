using System.Diagnostics;
using System.Text.Json;
using CompatNotebooks.Data;
using CompatNotebooks.Synthetic;

namespace CompatNotebooks.Cli;

/// <summary><c>compat-notebooks sample-data --out DIR [--items N] [--seed S]</c>: writes the generated sample dataset.</summary>
public static class SampleDataCommand
{
    private const string Usage =
        "usage: compat-notebooks sample-data --out DIR [--items N] [--seed S] [--categories Baby,Musical_Instruments]\n" +
        "  Writes image_features_<Cat>.b and meta_<Cat>.json.gz (real formats, planted structure) into DIR.\n" +
        "  --items N   products per category (default 3000; 84901 ≈ the real Musical Instruments size, 1.3 GB)\n" +
        "  --seed S    generator seed (default 2014); same seed and size → identical bytes";

    /// <summary>Runs the subcommand; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = Arguments.Parse("sample-data", args, options: ["out", "items", "seed", "categories"]);
        if (a.HelpRequested) { Console.WriteLine(Usage); return 0; }
        var defaults = new SampleDataOptions();
        var options = defaults with
        {
            ItemsPerCategory = a.Int32("items", defaults.ItemsPerCategory, min: 10, max: 5_000_000),
            Seed = a.Int32("seed", defaults.Seed),
            Categories = a.String("categories")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? defaults.Categories,
        };
        string outDir = a.Required("out");
        var clock = Stopwatch.StartNew();
        var files = SampleData.Generate(outDir, options);
        double seconds = clock.Elapsed.TotalSeconds;
        foreach (var f in files)
            Console.WriteLine($"{f.Category}: {f.FeatureRows:N0} feature rows ({new FileInfo(f.FeaturePath).Length / 1e6:N1} MB), " +
                              $"{f.MetadataLines:N0} metadata lines ({new FileInfo(f.MetadataPath).Length / 1e6:N1} MB gz)");
        Console.WriteLine($"wrote {files.Count * 2} files to {Path.GetFullPath(outDir)} in {seconds:N2} s (seed {options.Seed})");
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["out"] = Path.GetFullPath(outDir),
            ["seed"] = options.Seed,
            ["items_per_category"] = options.ItemsPerCategory,
            ["categories"] = files.ToDictionary(f => f.Category, f => new { feature_rows = f.FeatureRows, metadata_lines = f.MetadataLines }),
            ["seconds"] = Math.Round(seconds, 3),
        }));
        return 0;
    }
}
