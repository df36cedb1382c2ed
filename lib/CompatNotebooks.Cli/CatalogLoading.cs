using CompatNotebooks.Catalog;
using CompatNotebooks.Data;

namespace CompatNotebooks.Cli;

/// <summary>The catalog options of <c>inspect</c> and <c>train</c>, and the skipped lines they show under the counts.</summary>
public static class CatalogLoading
{
    /// <summary>How many skipped-line messages are shown per file.</summary>
    public const int MessagesShown = 3;

    /// <summary>Catalog options for the CLI: with <paramref name="strict"/>, a malformed metadata line or a repeated
    /// feature ASIN stops the load (NaN/Inf values always do).</summary>
    /// <param name="strict">Stop at bad input instead of skipping it.</param>
    /// <param name="requireSubcategory">Keep only items with a subcategory.</param>
    /// <param name="featureFile">How to read the feature file (null: defaults).</param>
    /// <param name="useStore">Read the features through the compact store (converted on first load, with progress on
    /// stderr) rather than mapping the <c>.b</c> file.</param>
    public static CatalogOptions Options(bool strict, bool requireSubcategory, FeatureFileOptions? featureFile = null, bool useStore = true)
    {
        var features = featureFile ?? FeatureFileOptions.Default;
        return new CatalogOptions
        {
            RequireSubcategory = requireSubcategory,
            SkipMalformedMetadata = !strict,
            FeatureFile = strict ? features with { Duplicates = DuplicatePolicy.Throw } : featureFile,
            UseFeatureStore = useStore,
            StoreProgress = useStore ? new StoreProgressLine(Console.Error, "the feature file") : null,
        };
    }

    /// <summary>The first skipped metadata lines (file, line, column, problem) and feature records (file, record, byte
    /// offset, reason), then how many more there were; empty when nothing was skipped.</summary>
    public static IReadOnlyList<string> SkippedMessages(CatalogReport report)
    {
        var lines = new List<string>();
        if (report.MetadataFile is { } metadata && metadata.SkippedTotal > 0)
        {
            lines.AddRange(metadata.ErrorMessages.Take(MessagesShown));
            long more = metadata.SkippedTotal - Math.Min(MessagesShown, metadata.ErrorMessages.Count);
            if (more > 0) lines.Add($"… and {more:N0} more skipped metadata lines");
        }
        if (report.FeatureFile is { } features && features.Duplicates + features.InvalidValueRows > 0)
        {
            lines.AddRange(features.Examples.Take(MessagesShown).Select(e =>
                $"Feature file '{features.Path}', record {e.RecordIndex} (byte offset {e.ByteOffset}): skipped, {e.Reason}"));
            long more = features.Duplicates + features.InvalidValueRows - Math.Min(MessagesShown, features.Examples.Count);
            if (more > 0) lines.Add($"… and {more:N0} more skipped feature records");
        }
        return lines;
    }

    /// <summary>Writes <see cref="SkippedMessages"/> indented, one per line.</summary>
    public static void WriteSkipped(TextWriter writer, CatalogReport report)
    {
        foreach (var line in SkippedMessages(report))
            writer.WriteLine("  " + line);
    }
}
