using System.Text;
using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>Streaming typed metadata from gzip: Python-literal and JSON lines, errors with file/line/column,
/// skip-and-count.</summary>
public class MetadataReaderTests : IDisposable
{
    private readonly DataTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string PythonLine =
        "{'asin': 'B0001', 'title': \"Kid's Guitar &amp; Case\", 'price': 12.5, 'imUrl': 'http://x/1.jpg', " +
        "'related': {'also_bought': ['B0002', 'B0003'], 'also_viewed': ['B0004'], 'bought_together': ['B0002'], 'x_other': ['Z']}, " +
        "'salesRank': {'Musical Instruments': 1234}, 'categories': [['Musical Instruments', 'Guitars', 'Acoustic'], ['Toys']], " +
        "'brand': 'Acme', 'description': 'Caf\\xe9 \\u00e9', 'new_key': [1, 2], 'old_key': None}";

    private const string JsonLine =
        "{\"asin\": \"B0005\", \"title\": \"Drum \\/ Sticks\", \"price\": \"$7.99\", \"also_buy\": [\"B0001\"], " +
        "\"also_view\": [\"B0002\", \"B0003\"], \"category\": [\"Musical Instruments\", \"Drums\"], \"main_cat\": \"Musical Instruments\", \"rank\": null, \"fit\": true, \"brand\": null}";

    [Fact]
    public void ReadsTypedProductsFromPythonAndJsonLines()
    {
        string path = _files.WriteGzipLines("meta_Test.json.gz", [PythonLine, "", JsonLine]);
        using var reader = MetadataReader.Read(path);
        var products = reader.ToList();
        Assert.Equal(2, products.Count);

        var p = products[0];
        Assert.Equal("B0001", p.Asin);
        Assert.Equal("Kid's Guitar &amp; Case", p.Title);          // kept as written
        Assert.Equal("Kid's Guitar & Case", p.DisplayTitle);
        Assert.Equal(12.5, p.Price);
        Assert.Equal("http://x/1.jpg", p.ImageUrl);
        Assert.Equal("Acme", p.Brand);
        Assert.Equal("Café é", p.Description);
        Assert.Equal(["B0002", "B0003"], p.Related.AlsoBought);
        Assert.Equal(["B0004"], p.Related.AlsoViewed);
        Assert.Equal(["B0002"], p.Related.BoughtTogether);
        Assert.Empty(p.Related.BuyAfterViewing);
        Assert.Equal(1234L, p.SalesRank["Musical Instruments"]);
        Assert.Equal("Guitars", p.Subcategory);
        Assert.Equal(2, p.Categories.Count);
        Assert.Equal(new List<object?> { 1L, 2L }, p.Extra["new_key"]);
        Assert.Equal(new List<object?> { "Z" }, p.Extra["related.x_other"]);
        Assert.True(p.Extra.TryGetValue("old_key", out var oldKey)); // an unknown key's None is kept
        Assert.Null(oldKey);

        var j = products[1];
        Assert.Equal("B0005", j.Asin);
        Assert.Equal("Drum / Sticks", j.Title);
        Assert.Equal(7.99, j.Price);
        Assert.Equal(["B0001"], j.Related.AlsoBought);
        Assert.Equal(["B0002", "B0003"], j.Related.AlsoViewed);
        Assert.Equal("Drums", j.Subcategory);
        Assert.Equal(true, j.Extra["fit"]);
        Assert.Equal("Musical Instruments", j.Extra["main_cat"]);
        Assert.True(j.Extra.TryGetValue("rank", out var rank)); // an unknown key's null is kept
        Assert.Null(rank);
        Assert.Null(j.Brand);                                     // a known key's null means absent
        Assert.False(j.Extra.ContainsKey("brand"));

        Assert.Equal(3, reader.Report.Lines);
        Assert.Equal(2, reader.Report.Records);
        Assert.Equal(1, reader.Report.BlankLines);
        Assert.True(reader.Report.Completed);
    }

    [Fact]
    public void PlainUncompressedFilesWorkToo()
    {
        string path = _files.WriteBytes("meta.json", Encoding.UTF8.GetBytes("{'asin': 'A'}\r\n{'asin': 'B'}"));
        Assert.Equal(["A", "B"], MetadataReader.Read(path).Select(p => p.Asin).ToArray());
    }

    [Theory]
    [InlineData("{'asin': 'A', 'title': __import__('os').system('rm -rf /')}", 24, MetadataSkipReasons.Syntax, "a call of '__import__'")]
    [InlineData("{'asin': 'A', 'price': 1 + 2}", 26, MetadataSkipReasons.Syntax, "expected ',' or '}'")]
    [InlineData("{'asin': 'A', 'title': 'unterminated}", 24, MetadataSkipReasons.Syntax, "unterminated string")]
    [InlineData("['not', 'a', 'dict']", 1, MetadataSkipReasons.NotADict, "not a dict")]
    [InlineData("{'title': 'no asin'}", 1, MetadataSkipReasons.MissingAsin, "no 'asin' key")]
    [InlineData("{'asin': 42}", 1, MetadataSkipReasons.MissingAsin, "'asin' must be a non-empty string")]
    [InlineData("{'asin': 'A', 'title': 5}", 1, MetadataSkipReasons.FieldType, "'title' must be a string")]
    [InlineData("{'asin': 'A', 'related': {'also_bought': [1]}}", 1, MetadataSkipReasons.FieldType, "'related.also_bought' must be a list of strings")]
    [InlineData("{'asin': 'A', 'salesRank': {'Toys': 'first'}}", 1, MetadataSkipReasons.FieldType, "'salesRank' must be integer ranks")]
    [InlineData("{'asin': 'A', 'categories': ['flat']}", 1, MetadataSkipReasons.FieldType, "'categories' must be a list of lists")]
    public void BadLineThrowsWithFileLineAndColumn(string badLine, int column, string reason, string problem)
    {
        string path = _files.WriteGzipLines("meta_Bad.json.gz", ["{'asin': 'OK1'}", "{'asin': 'OK2'}", badLine, "{'asin': 'OK3'}"]);
        using var reader = MetadataReader.Read(path);
        var seen = new List<string>();
        var error = Assert.Throws<MetadataFormatException>(() => { foreach (var p in reader) seen.Add(p.Asin); });
        Assert.Equal(["OK1", "OK2"], seen);
        Assert.Equal(3, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Equal(reason, error.Reason);
        Assert.Contains($"Metadata file '{path}', line 3, column {column}:", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void InvalidUtf8IsAnErrorWithItsColumn()
    {
        var bytes = Encoding.UTF8.GetBytes("{'asin': 'A', 'title': 'ab").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("'}\n")).ToArray();
        string path = _files.WriteGzipBytes("meta_Utf.json.gz", bytes);
        var error = Assert.Throws<MetadataFormatException>(() => MetadataReader.Read(path).ToList());
        Assert.Equal(1, error.Line);
        Assert.Equal(27, error.Column);
        Assert.Equal(MetadataSkipReasons.Encoding, error.Reason);
    }

    [Fact]
    public void SkipAndCountKeepsGoingAndReportsByReason()
    {
        string path = _files.WriteGzipLines("meta_Mixed.json.gz",
        [
            "{'asin': 'A'}", "{'title': 'x'}", "eval('1')", "{'asin': 'B', 'title': 3}", "   ", "{'asin': 'C'}", "{'nope': 1}",
        ]);
        var reader = MetadataReader.Read(path, new MetadataReadOptions { OnError = MetadataErrorPolicy.SkipAndCount, MaxErrorMessages = 2 });
        Assert.Equal(["A", "C"], reader.Select(p => p.Asin).ToArray());
        var report = reader.Report;
        Assert.Equal(7, report.Lines);
        Assert.Equal(2, report.Records);
        Assert.Equal(1, report.BlankLines);
        Assert.Equal(4, report.SkippedTotal);
        Assert.Equal(2, report.Skipped[MetadataSkipReasons.MissingAsin]);
        Assert.Equal(1, report.Skipped[MetadataSkipReasons.Syntax]);
        Assert.Equal(1, report.Skipped[MetadataSkipReasons.FieldType]);
        Assert.Equal(2, report.ErrorMessages.Count);
        Assert.Contains("line 2, column 1", report.ErrorMessages[0]);
        Assert.Contains("line 3, column 1: a call of 'eval'", report.ErrorMessages[1]);
        Assert.Contains("4 skipped", report.ToString());
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        string path = _files.PathOf("meta_None.json.gz");
        var error = Assert.Throws<FileNotFoundException>(() => MetadataReader.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ManyLinesStreamWithSharedAsinStrings()
    {
        var lines = Enumerable.Range(0, 5000).Select(i =>
            PythonLiteral.Format(new Dictionary<string, object?>
            {
                ["asin"] = $"A{i:D9}",
                ["title"] = $"Item {i} \"quoted\" it's",
                ["related"] = new Dictionary<string, object?> { ["also_bought"] = new[] { $"A{(i + 1) % 5000:D9}", "A000000000" } },
            }));
        string path = _files.WriteGzipLines("meta_Many.json.gz", lines);
        var products = MetadataReader.Read(path, new MetadataReadOptions { PoolStrings = true }).ToList();
        Assert.Equal(5000, products.Count);
        Assert.Equal("Item 42 \"quoted\" it's", products[42].Title);
        Assert.Equal("A000000043", products[42].Related.AlsoBought[0]);
        Assert.Same(products[1].Related.AlsoBought[1], products[2].Related.AlsoBought[1]); // pooled
    }
}
