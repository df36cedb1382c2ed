using CompatNotebooks.Catalog;
using CompatNotebooks.Notebook;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Notebook;

/// <summary>The notebook view of a catalog report: counts, then the skipped lines with the engine's first messages.</summary>
public sealed class CatalogReportViewTests
{
    [Fact]
    public void Text_and_print_list_the_skipped_lines_after_the_counts_and_nothing_when_clean()
    {
        using var files = new DataTestFiles();
        DerivedDataSet.WithBadInput(files);
        using var catalog = ProductCatalog.Load(files.Directory, DerivedDataSet.Category);
        var messages = catalog.Report.SkippedMessages();
        string[] expected =
        [
            "metadata lines skipped: syntax: 1, not a dict: 1, missing asin: 1",
            "feature records skipped: 1",
            .. messages,
        ];
        Assert.Equal(expected, CatalogReportView.SkippedLines(catalog.Report));

        var printed = new StringWriter();
        CatalogReportView.PrintSkipped(catalog.Report, printed);
        Assert.Equal(string.Concat(expected.Select(l => l + Environment.NewLine)), printed.ToString());

        var text = CatalogReportView.Text(catalog.Report);
        int counts = text.IndexOf("CatalogItems", StringComparison.Ordinal);
        Assert.True(counts >= 0 && counts < text.IndexOf(messages[^1], StringComparison.Ordinal), text);

        using var clean = new DataTestFiles();
        DerivedDataSet.Write(clean, 24, i => DerivedDataSet.Ring(i, 24));
        using var cleanCatalog = ProductCatalog.Load(clean.Directory, DerivedDataSet.Category);
        var none = new StringWriter();
        CatalogReportView.PrintSkipped(cleanCatalog.Report, none);
        Assert.Equal("", none.ToString());
        Assert.DoesNotContain("skipped:", CatalogReportView.Html(cleanCatalog.Report));
    }
}
