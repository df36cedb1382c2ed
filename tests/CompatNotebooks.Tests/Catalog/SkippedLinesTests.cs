using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Catalog;

/// <summary>
/// Issue 13 item 9 in the engine: the catalog report lists the first skipped metadata lines and feature records
/// (file, line and column or record and byte offset, reason), and <see cref="CatalogOptions.Strict"/> makes the
/// first of them an error naming it.
/// </summary>
public class SkippedLinesTests
{
    private static readonly long DuplicateOffset = 24 * DerivedDataSet.RecordBytes;

    [Fact]
    public void The_report_lists_the_first_skipped_lines_and_records_with_where_they_are()
    {
        using var files = new DataTestFiles();
        var (features, metadata) = DerivedDataSet.WithBadInput(files);
        using var catalog = ProductCatalog.Load(files.Directory, DerivedDataSet.Category);
        var report = catalog.Report;

        Assert.Equal(3, report.SkippedMetadataLines);
        Assert.Equal(1, report.SkippedFeatureRecords);
        Assert.Equal(24, catalog.Count);
        var lines = report.MetadataFile!.SkippedLines;
        Assert.Equal([3L, 4L, 5L], lines.Select(l => l.Line));
        Assert.Equal([MetadataSkipReasons.Syntax, MetadataSkipReasons.NotADict, MetadataSkipReasons.MissingAsin], lines.Select(l => l.Reason));

        var messages = report.SkippedMessages();
        Assert.Equal(4, messages.Count);
        Assert.StartsWith($"Metadata file '{metadata}', line 3, column {lines[0].Column}: ", messages[0]);
        Assert.StartsWith($"Metadata file '{metadata}', line 4, column ", messages[1]);
        Assert.StartsWith($"Metadata file '{metadata}', line 5, column ", messages[2]);
        Assert.Equal($"Feature file '{features}', record 24 (byte offset {DuplicateOffset}): skipped, duplicate ASIN {DerivedDataSet.Asin(3)} " +
                     $"(first at record 3, byte offset {3 * DerivedDataSet.RecordBytes})", messages[3]);

        var one = report.SkippedMessages(perFile: 1);
        Assert.Equal([messages[0], "… and 2 more skipped metadata lines", messages[3]], one);
    }

    [Fact]
    public void Nothing_skipped_means_no_messages()
    {
        using var files = new DataTestFiles();
        DerivedDataSet.Write(files, 24, i => DerivedDataSet.Ring(i, 24));
        using var catalog = ProductCatalog.Load(files.Directory, DerivedDataSet.Category, new CatalogOptions { Strict = true });
        Assert.Empty(catalog.Report.SkippedMessages());
        Assert.Equal(0, catalog.Report.SkippedMetadataLines + catalog.Report.SkippedFeatureRecords);
    }

    [Fact]
    public void Strict_stops_at_the_first_bad_metadata_line_whatever_the_other_options_say()
    {
        using var files = new DataTestFiles();
        var (_, metadata) = DerivedDataSet.WithBadInput(files, badFeatureRecord: false);
        var e = Assert.Throws<MetadataFormatException>(() => ProductCatalog.Load(files.Directory, DerivedDataSet.Category,
            new CatalogOptions { Strict = true, SkipMalformedMetadata = true }));
        Assert.Equal(metadata, e.Path);
        Assert.Equal(3, e.Line);
        Assert.StartsWith($"Metadata file '{metadata}', line 3, column ", e.Message);
    }

    [Fact]
    public void Strict_stops_at_the_first_bad_feature_record_whatever_the_feature_policies_say()
    {
        using var files = new DataTestFiles();
        var (features, _) = DerivedDataSet.WithBadInput(files);
        var lenient = FeatureFileOptions.Default with { Duplicates = DuplicatePolicy.KeepFirst, InvalidValues = InvalidValuePolicy.SkipRow };
        using (var skipping = ProductCatalog.Load(files.Directory, DerivedDataSet.Category, new CatalogOptions { FeatureFile = lenient }))
            Assert.Equal(1, skipping.Report.SkippedFeatureRecords);

        var e = Assert.Throws<FeatureFileException>(() => ProductCatalog.Load(files.Directory, DerivedDataSet.Category,
            new CatalogOptions { Strict = true, FeatureFile = lenient }));
        Assert.Equal(features, e.Path);
        Assert.Equal(24, e.RecordIndex);
        Assert.Equal(DuplicateOffset, e.ByteOffset);
        Assert.Contains($"duplicate ASIN {DerivedDataSet.Asin(3)}", e.Message);
        Assert.EndsWith(FeatureFileHints.StrictDuplicate, e.Message);
        var plain = Assert.Throws<FeatureFileException>(() => ProductCatalog.Load(files.Directory, DerivedDataSet.Category,
            new CatalogOptions { FeatureFile = lenient with { Duplicates = DuplicatePolicy.Throw } }));
        Assert.EndsWith(FeatureFileHints.KeepFirst, plain.Message);
    }

    [Fact]
    public void Strict_stops_at_a_nan_record_that_the_feature_options_would_skip()
    {
        using var files = new DataTestFiles();
        var records = DataTestFiles.RandomRecords(4, DerivedDataSet.Dimension, seed: 2).Select((r, i) => (DerivedDataSet.Asin(i), r.Values)).ToList();
        records[2].Values[7] = float.NaN;
        files.WriteFeatures(DataFiles.FeatureFileName(DerivedDataSet.Category), records);
        files.WriteGzipLines(DataFiles.MetadataFileName(DerivedDataSet.Category), records.Select(r => $"{{'asin': '{r.Item1}'}}"));
        var skipRows = new CatalogOptions { FeatureFile = FeatureFileOptions.Default with { InvalidValues = InvalidValuePolicy.SkipRow } };
        using (var skipping = ProductCatalog.Load(files.Directory, DerivedDataSet.Category, skipRows))
            Assert.Contains(skipping.Report.SkippedMessages(), m => m.Contains("record 2 (byte offset", StringComparison.Ordinal));

        var e = Assert.Throws<FeatureFileException>(() => ProductCatalog.Load(files.Directory, DerivedDataSet.Category, skipRows with { Strict = true }));
        Assert.Equal(2, e.RecordIndex);
        Assert.EndsWith(FeatureFileHints.StrictInvalidValue, e.Message);
    }
}
