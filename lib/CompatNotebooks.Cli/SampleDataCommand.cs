using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CompatNotebooks.Data;
using CompatNotebooks.Synthetic;

namespace CompatNotebooks.Cli;

/// <summary><c>compat-notebooks sample-data --out DIR [--items N] [--seed S] [--categories CAT,CAT | --category CAT]</c>: writes the generated sample dataset.</summary>
public static class SampleDataCommand
{
    /// <summary>The <c>sample-data</c> command with its options.</summary>
    public static Command Create()
    {
        var defaults = new SampleDataOptions();
        var output = new Option<string>("--out") { Description = "folder to write into", HelpName = "DIR", Required = true };
        var items = new Option<int>("--items")
        {
            Description = "products per category (84901 ≈ the real Musical Instruments size, 1.3 GB)",
            DefaultValueFactory = _ => defaults.ItemsPerCategory,
            HelpName = "N",
        }.Within(10, 5_000_000);
        var seed = new Option<int>("--seed")
        {
            Description = "generator seed; same seed and size → identical bytes",
            DefaultValueFactory = _ => defaults.Seed,
            HelpName = "S",
        };
        var categories = new Option<string?>("--categories")
        {
            Description = $"comma-separated categories, e.g. Clothing_Shoes_and_Jewelry (real second levels; 1500000 ≈ its real size, 24.6 GB) [default: {string.Join(',', defaults.Categories)}]",
            HelpName = "CAT,CAT",
        };
        categories.Aliases.Add("--category"); // the spelling of the other commands' option, for one category
        var command = new Command("sample-data", "Writes image_features_<CAT>.b and meta_<CAT>.json.gz (real formats, planted structure) into DIR.\n" + ExitCodes.HelpText)
        {
            output, items, seed, categories,
        };
        command.SetAction(result =>
        {
            var options = defaults with
            {
                ItemsPerCategory = result.GetValue(items),
                Seed = result.GetValue(seed),
                Categories = result.GetValue(categories)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? defaults.Categories,
            };
            return Run(result.GetValue(output)!, options);
        });
        return command;
    }

    private static int Run(string outDir, SampleDataOptions options)
    {
        OutputPaths.CheckDirectory("--out", outDir);
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
        return ExitCodes.Success;
    }
}
