namespace CompatNotebooks.Catalog;

/// <summary>
/// What the join of features and metadata found, so nothing is dropped silently: every metadata line, feature
/// row and <c>also_bought</c> entry ends up in exactly one of these counts.
/// </summary>
public sealed record CatalogReport
{
    /// <summary>Distinct products (ASINs) in the metadata.</summary>
    public int ItemsInMetadata { get; init; }

    /// <summary>Metadata lines repeating an ASIN seen before (the first line wins).</summary>
    public int DuplicateMetadataLines { get; init; }

    /// <summary>Rows of the feature file (items with features).</summary>
    public int ItemsWithFeatures { get; init; }

    /// <summary>Products with both a metadata line and features.</summary>
    public int ItemsWithBoth { get; init; }

    /// <summary>Metadata products that have a subcategory (second level of the first category path).</summary>
    public int ItemsWithSubcategory { get; init; }

    /// <summary>Items kept in the catalog (rows of <see cref="ProductCatalog.Features"/>).</summary>
    public int CatalogItems { get; init; }

    /// <summary>Distinct subcategories among catalog items.</summary>
    public int Subcategories { get; init; }

    /// <summary>All <c>also_bought</c> entries in the metadata.</summary>
    public long LinksTotal { get; init; }

    /// <summary>Links kept: both ends are catalog items (<see cref="ProductCatalog.AlsoBought"/>).</summary>
    public long LinksInCatalog { get; init; }

    /// <summary>Links listed by a product that has no features.</summary>
    public long LinksFromItemsWithoutFeatures { get; init; }

    /// <summary>Links whose target has no features (mostly products outside this category's files).</summary>
    public long LinksToItemsWithoutFeatures { get; init; }

    /// <summary>Links whose two ends have features but one is not a catalog item (e.g. it has no subcategory
    /// when <see cref="CatalogOptions.RequireSubcategory"/> is set).</summary>
    public long LinksOutsideCatalog { get; init; }

    /// <summary>Links from a product to itself (dropped: a pair of one item carries no compatibility).</summary>
    public long SelfLinks { get; init; }

    /// <summary>Repeated entries within one product's <c>also_bought</c> list (kept once).</summary>
    public long DuplicateLinks { get; init; }

    /// <summary>Metadata lines skipped by the reader, by reason (empty when none).</summary>
    public IReadOnlyDictionary<string, long> MetadataSkipped { get; init; } = new Dictionary<string, long>();

    /// <summary>The feature file's own report (duplicates, NaN rows…), when the features are a <see cref="Data.FeatureMatrix"/>.</summary>
    public Data.FeatureFileReport? FeatureFile { get; init; }

    /// <summary>The metadata reader's report (lines, blank lines, skipped lines with messages), when loaded from a file.</summary>
    public Data.MetadataReadReport? MetadataFile { get; init; }

    /// <summary>Wall-clock time of the load or build.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>How many skipped-line messages per file <see cref="SkippedMessages"/> shows by default.</summary>
    public const int DefaultMessagesShown = 3;

    /// <summary>Metadata lines the reader skipped.</summary>
    public long SkippedMetadataLines => MetadataFile?.SkippedTotal ?? MetadataSkipped.Values.Sum();

    /// <summary>Feature records left out of the rows (repeated ASINs, NaN/Inf rows).</summary>
    public long SkippedFeatureRecords => FeatureFile is { } f ? f.Duplicates + f.InvalidValueRows : 0;

    /// <summary>
    /// The first skipped metadata lines (file, line, column, problem) and feature records (file, record, byte offset,
    /// reason), at most <paramref name="perFile"/> of each, each kind followed by how many more there were; empty when
    /// nothing was skipped. The CLI prints these under its counts and the notebooks show them under the report.
    /// </summary>
    /// <param name="perFile">Messages shown per file (the reports keep the first ten).</param>
    public IReadOnlyList<string> SkippedMessages(int perFile = DefaultMessagesShown)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perFile);
        var lines = new List<string>();
        if (SkippedMetadataLines > 0)
        {
            var listed = (MetadataFile?.SkippedLines ?? []).Take(perFile).Select(s => s.Message).ToList();
            lines.AddRange(listed);
            long more = SkippedMetadataLines - listed.Count;
            if (more > 0) lines.Add($"… and {more:N0} more skipped metadata lines");
        }
        if (FeatureFile is { } features && SkippedFeatureRecords > 0)
        {
            var listed = features.Examples.Take(perFile).Select(e =>
                $"Feature file '{features.Path}', record {e.RecordIndex} (byte offset {e.ByteOffset}): skipped, {e.Reason}").ToList();
            lines.AddRange(listed);
            long more = SkippedFeatureRecords - listed.Count;
            if (more > 0) lines.Add($"… and {more:N0} more skipped feature records");
        }
        return lines;
    }
}
