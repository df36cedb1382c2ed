using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

/// <summary>Which feature rows become catalog items (see <see cref="ProductCatalog"/>).</summary>
public sealed record CatalogOptions
{
    /// <summary>Keep only items whose metadata has a subcategory (the second level of the first category path),
    /// as exercise 9.1 of the book does. Default false: every item with features is kept, as in section 1.</summary>
    public bool RequireSubcategory { get; init; }

    /// <summary>Keep only items that have a metadata line. Default false (the book keeps feature rows without one;
    /// <see cref="RequireSubcategory"/> implies it).</summary>
    public bool RequireMetadata { get; init; }

    /// <summary>Malformed metadata lines: true (default) skips and counts them in <see cref="CatalogReport.MetadataSkipped"/>;
    /// false stops at the first one with an exception naming the file, line and column.</summary>
    public bool SkipMalformedMetadata { get; init; } = true;

    /// <summary>How <see cref="ProductCatalog.Load"/> opens the feature file (dimension, duplicate and NaN policies,
    /// value checking); null = the data layer's defaults.</summary>
    public FeatureFileOptions? FeatureFile { get; init; }

    /// <summary>Strict mode: nothing is skipped. The first malformed metadata line stops the load with a
    /// <see cref="MetadataFormatException"/> (file, line, column), the first repeated or NaN/Inf feature record with a
    /// <see cref="FeatureFileException"/> (file, record, byte offset), whatever <see cref="SkipMalformedMetadata"/> and
    /// the policies of <see cref="FeatureFile"/> say. Default false: such lines and records are skipped, counted and
    /// the first ones listed (<see cref="CatalogReport.SkippedMessages"/>).</summary>
    public bool Strict { get; init; }

    /// <summary>The metadata reader's policy these options ask for.</summary>
    internal MetadataErrorPolicy MetadataErrors =>
        SkipMalformedMetadata && !Strict ? MetadataErrorPolicy.SkipAndCount : MetadataErrorPolicy.Throw;

    /// <summary>The feature-file options these options ask for (null = the data layer's defaults).</summary>
    public FeatureFileOptions? EffectiveFeatureFile => Strict
        ? (FeatureFile ?? FeatureFileOptions.Default) with { Duplicates = DuplicatePolicy.Throw, InvalidValues = InvalidValuePolicy.Throw, Strict = true }
        : FeatureFile;

    /// <summary>Read the features through the compact feature store (<see cref="FeatureStoreFiles"/>: converted from
    /// the <c>.b</c> file on the first load, and again when the <c>.b</c> file changes) rather than mapping the
    /// <c>.b</c> file. Default true: a category then needs about a third of the memory. False maps the <c>.b</c> file
    /// as before (no conversion, raw float32 values).</summary>
    public bool UseFeatureStore { get; init; } = true;

    /// <summary>Told while <see cref="ProductCatalog.Load"/> converts the feature file to a store.</summary>
    public IProgress<FeatureStoreProgress>? StoreProgress { get; init; }

    /// <summary>Told while <see cref="ProductCatalog.Load"/> reads the metadata file (lines, bytes of the file read),
    /// after each batch of about a thousand lines, from the thread that reads it.</summary>
    public IProgress<MetadataReadProgress>? MetadataProgress { get; init; }
}
