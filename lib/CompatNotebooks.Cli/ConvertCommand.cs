using System.CommandLine;
using System.Text.Json;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Location;

namespace CompatNotebooks.Cli;

/// <summary><c>compat-notebooks convert --category CAT [--data DIR] [--strict]</c>: writes the compact feature store of
/// <c>image_features_CAT.b</c> (beside it when the folder is writable, else in the cache folder), with progress.</summary>
public static class ConvertCommand
{
    /// <summary>The <c>convert</c> command with its options.</summary>
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var category = CommonOptions.Category();
        var strict = CommonOptions.Strict();
        var command = new Command("convert",
            "Converts image_features_<CAT>.b into the compact feature store the catalog reads (image_features_<CAT>.compact beside it, " +
            "or under $XDG_CACHE_HOME/compat-notebooks when the folder is read-only); progress on stderr, a summary and one JSON line on stdout. " +
            "The catalog also converts on first load, so this only does it ahead of time.\n" + ExitCodes.HelpText)
        {
            data, category, strict,
        };
        command.SetAction(result => Run(result.GetValue(data), result.GetValue(category)!, result.GetValue(strict)));
        return command;
    }

    private static int Run(string? dataDir, string category, bool strict)
    {
        string dir = DataLocation.Resolve(dataDir);
        string source = Path.Combine(Path.GetFullPath(dir), DataFiles.FeatureFileName(category));
        var options = new CatalogOptions { Strict = strict }.EffectiveFeatureFile ?? FeatureFileOptions.Default;
        string storePath = FeatureStoreFiles.DefaultPath(source);
        var summary = FeatureStoreConverter.Convert(source, storePath, options,
            new StoreProgressLine(Console.Error, Path.GetFileName(source)));
        Console.WriteLine(summary);
        Console.WriteLine($"converted in {summary.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["source"] = summary.SourcePath,
            ["store"] = summary.StorePath,
            ["records"] = summary.Records,
            ["rows"] = summary.Rows,
            ["duplicates"] = summary.Duplicates,
            ["invalid_value_rows"] = summary.InvalidValueRows,
            ["sparse_rows"] = summary.SparseRows,
            ["density"] = Math.Round(summary.Density, 6),
            ["source_bytes"] = summary.SourceBytes,
            ["store_bytes"] = summary.StoreBytes,
            ["seconds"] = Math.Round(summary.Elapsed.TotalSeconds, 3),
        }));
        return ExitCodes.Success;
    }
}
