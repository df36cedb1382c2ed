using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>The typed fast path (known keys straight into the record) against the generic path (dict, then
/// mapper): same records, same errors, same counts — on a generated sample and on tricky lines.</summary>
public class MetadataFastPathTests : IDisposable
{
    private readonly DataTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly JsonSerializerOptions Canonical = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
        MaxDepth = 1024, // the nesting test lines
    };

    /// <summary>Everything a record holds, as text (Extra values included, in order).</summary>
    private static string Show(ProductMetadata? p) => p is null ? "<null>" : JsonSerializer.Serialize(p, Canonical);

    private static readonly MetadataReadOptions Generic = new() { TypedFastPath = false };

    [Fact]
    public void FastPathTakesAndAgreesOnEveryLineOfTheGeneratedSample()
    {
        foreach (string category in new[] { "Baby", "Musical_Instruments" })
        {
            string path = Path.Combine(GeneratedSample.Directory, $"meta_{category}.json.gz");
            using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var text = new StreamReader(stream);
            int lines = 0;
            while (text.ReadLine() is { } line)
            {
                lines++;
                var fast = MetadataReader.TryParseTyped(line, MetadataReader.LooksLikeJson(line), null);
                Assert.NotNull(fast); // the regular shape never falls back
                var generic = MetadataReader.Read(path, Generic).ParseGeneric(line, MetadataReader.LooksLikeJson(line), lines, null);
                Assert.Equal(Show(generic), Show(fast));
            }
            Assert.True(lines > 500);
        }
    }

    [Fact]
    public void ReaderGivesTheSameRecordsWithAndWithoutTheFastPathOnTheSample()
    {
        string path = Path.Combine(GeneratedSample.Directory, "meta_Musical_Instruments.json.gz");
        var fast = MetadataReader.Read(path).Select(Show).ToList();
        var generic = MetadataReader.Read(path, Generic).Select(Show).ToList();
        Assert.Equal(generic, fast);
        Assert.Contains(fast, s => s.Contains("also_bought", StringComparison.OrdinalIgnoreCase) || s.Contains("AlsoBought"));
    }

    public static TheoryData<string> TrickyLines => new()
    {
        "{'asin': 'A1', 'title': 'x', 'title': 'y'}",                       // repeated key: last wins
        "{'asin': 'A1', 'title': 'x', 'title': None}",                      // repeated key, last None
        "{'asin': 'A1', 'other': [1], 'other': None}",                      // repeated unknown key
        "{'asin': 'A1', 'related': {'x': [1], 'x': None}}",                 // repeated unknown relation
        "{'asin': 'A1', 'related': {'also_bought': ['B'], 'also_bought': None}}",
        "{'asin': 'A1', 'also_buy': ['B'], 'also_buy': None}",
        "{'asin': None, 'title': 'x'}",
        "{'asin': '', 'title': 'x'}",
        "{'title': 'x'}",
        "{}",
        "{'asin': 7}",
        "{'asin': 'A1', 'asin': 'A2'}",
        "{'asin': 'A1', 'title': 5}",
        "{'asin': 'A1', 'title': None, 'brand': None, 'price': None, 'categories': None, 'related': None}",
        "{'asin': 'A1', 'price': '$1,299.50'}",
        "{'asin': 'A1', 'price': '$10.99 - $20.00'}",
        "{'asin': 'A1', 'price': 3}",
        "{'asin': 'A1', 'price': [3]}",
        "{'asin': 'A1', 'description': ['a', 'b']}",
        "{'asin': 'A1', 'description': ['a', 3]}",
        "{'asin': 'A1', 'categories': [['A', 'B'], []], 'salesRank': {'A': 3}}",
        "{'asin': 'A1', 'categories': [['A', 3]]}",
        "{'asin': 'A1', 'categories': ['A']}",
        "{'asin': 'A1', 'categories': [], 'related': {}}",
        "{'asin': 'A1', 'salesRank': {'A': 'x'}}",
        "{'asin': 'A1', 'related': {'also_bought': ['B', 5]}}",
        "{'asin': 'A1', 'related': {'also_bought': ('B', 'C'), 'bought_together': ['D',], 'zz': {'k': 1.5e3}}}",
        "{'asin': 'A1', 'related': ['B']}",
        "{'asin': u'A1', 'title': r'a\\d' \"b\" 'c', 'imUrl': 'http://x/\\'q\\'.jpg'}",
        "{\"asin\": \"A1\", \"title\": \"Kid's \\u00e9 \\/ \\\"x\\\"\", 'brand': 'Caf\\xe9'}",
        "{'asin': 'A1', 'title': 'Caf\\xe9 \\U0001F3B8 \\N{DASH}'}",
        "{'asin': 'A1', 'title': 'unterminated}",
        "{'asin': 'A1', 'title': 'x',}  # a comment",
        "{'asin': 'A1', 'title': 'x'} extra",
        "{'asin': 'A1', 'x': __import__('os').system('true')}",
        "{'asin': 'A1', 'related': {'also_bought': [" + string.Join(", ", Enumerable.Repeat("'B'", 3)) + "]}, 'deep': " + new string('[', 199) + new string(']', 199) + "}",
        "{'asin': 'A1', 'deep': " + new string('[', 205) + new string(']', 205) + "}",
        "{\"asin\": \"A1\", \"also_buy\": [\"B\"], \"also_view\": null, \"category\": [\"M\", \"Drums\"], \"imageURL\": [\"http://i\"], \"fit\": true, \"rank\": NaN}",
        "{\"asin\": \"A1\", \"category\": [], \"imageURL\": []}",
        "  { 'asin' : 'A1' , 'related' : { 'also_viewed' : [ 'B' , 'C' , ] , } , }  ",
        "{'asin': 'A1', 'categories': [['A', 'B']], 'categories': [['C', 'D']]}",
        "['not', 'a', 'dict']",
        "{'asin', 'A1'}",
    };

    [Theory]
    [MemberData(nameof(TrickyLines))]
    public void FastAndGenericPathsAgreeOnTrickyLines(string line)
    {
        string path = _files.WriteGzipLines("meta_Tricky.json.gz", ["{'asin': 'OK1'}", line, "{'asin': 'OK2'}"]);
        Assert.Equal(Outcome(path, Generic), Outcome(path, new MetadataReadOptions()));
        Assert.Equal(Outcome(path, Generic with { OnError = MetadataErrorPolicy.SkipAndCount }),
                     Outcome(path, new MetadataReadOptions { OnError = MetadataErrorPolicy.SkipAndCount }));
    }

    /// <summary>Records, or the error (file, line, column, reason, message), plus the report's counts.</summary>
    private static string Outcome(string path, MetadataReadOptions options)
    {
        using var reader = MetadataReader.Read(path, options);
        try
        {
            var records = reader.Select(Show).ToList();
            var r = reader.Report;
            return string.Join("\n", records) + $"\nrecords {r.Records} lines {r.Lines} skipped {r.SkippedTotal} " +
                   string.Join(",", r.Skipped.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) + " " +
                   string.Join("|", r.ErrorMessages);
        }
        catch (MetadataFormatException error)
        {
            return $"error line {error.Line} column {error.Column} reason {error.Reason}: {error.Message}";
        }
    }
}
