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
}
