using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>
/// Small data folders of category <see cref="Category"/> written by the tests (4096 floats per record, what the CLI and
/// the notebooks read): item i has ASIN <see cref="Asin"/>(i), one metadata line and subcategory Sub(i mod 2).
/// </summary>
internal static class DerivedDataSet
{
    public const string Category = "Baby";
    public const int Dimension = 4096;

    /// <summary>Bytes of one feature record (10-byte ASIN + the floats).</summary>
    public const long RecordBytes = 10 + 4 * Dimension;

    public static string Asin(int i) => $"A{i:D9}";

    public static int[] Ring(int i, int items) => [(i + 1) % items, (i + 2) % items];

    /// <summary>A data folder of <paramref name="items"/> feature records and one metadata line per item, item i
    /// linked to the items <paramref name="links"/> gives it; <paramref name="extraLines"/> inserted after line 2;
    /// with <paramref name="duplicateOf"/>, a last feature record repeating that item's ASIN.</summary>
    public static (string Features, string Metadata) Write(DataTestFiles files, int items, Func<int, int[]> links,
        string[]? extraLines = null, int? duplicateOf = null)
    {
        var records = DataTestFiles.RandomRecords(items, Dimension, seed: 5).Select((r, i) => (Asin(i), r.Values)).ToList();
        if (duplicateOf is { } d) records.Add((Asin(d), records[d].Values));
        string features = files.WriteFeatures(DataFiles.FeatureFileName(Category), records);
        var lines = Enumerable.Range(0, items).Select(i =>
            $"{{'asin': '{Asin(i)}', 'title': 'item {i}', 'related': {{'also_bought': [{string.Join(", ", links(i).Select(j => $"'{Asin(j)}'"))}]}}, " +
            $"'categories': [['{Category}', 'Sub{i % 2}']]}}").ToList();
        lines.InsertRange(2, extraLines ?? []);
        string metadata = files.WriteGzipLines(DataFiles.MetadataFileName(Category), lines);
        return (features, metadata);
    }

    /// <summary>The bad lines <see cref="WithBadInput"/> puts at lines 3–5 of the metadata: a syntax error, a list
    /// (not a dict) and a dict without an ASIN.</summary>
    public static readonly string[] BadLines = ["{'asin': 'A000000999', 'title': }", "['not', 'a', 'dict']", "{'title': 'no asin'}"];

    /// <summary>24 ring-linked items, the three <see cref="BadLines"/> and a repeat of item 3's feature record as
    /// record 24 (byte offset 24 × <see cref="RecordBytes"/>).</summary>
    public static (string Features, string Metadata) WithBadInput(DataTestFiles files, bool badFeatureRecord = true) =>
        Write(files, 24, i => Ring(i, 24), extraLines: BadLines, duplicateOf: badFeatureRecord ? 3 : null);
}
