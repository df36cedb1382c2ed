using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>The metadata reader's progress reports: lines and bytes of the file on disk, increasing, ending at the
/// whole file.</summary>
public class MetadataReadProgressTests : IDisposable
{
    private readonly DataTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static IEnumerable<string> Lines(int count) =>
        Enumerable.Range(1, count).Select(n => $"{{'asin': 'A{n:D6}', 'title': 'item {n}', 'related': {{'also_bought': ['A{n + 1:D6}']}}}}");

    private sealed class Recorder : IProgress<MetadataReadProgress>
    {
        public List<MetadataReadProgress> Reports { get; } = [];

        public void Report(MetadataReadProgress value) => Reports.Add(value);
    }

    [Theory]
    [InlineData("meta_Progress.json.gz")]
    [InlineData("meta_Progress.json")]
    public void ReportsEveryBatchUpToTheWholeFile(string name)
    {
        string path = name.EndsWith(".gz") ? _files.WriteGzipLines(name, Lines(3000)) : _files.WriteBytes(name, System.Text.Encoding.UTF8.GetBytes(string.Join("\n", Lines(3000)) + "\n"));
        var recorder = new Recorder();
        using var reader = MetadataReader.Read(path, new MetadataReadOptions { Progress = recorder });
        reader.BatchLines = 100;
        Assert.Equal(3000, reader.Count());

        long length = new FileInfo(path).Length;
        var reports = recorder.Reports;
        Assert.Equal(30, reports.Count); // one per batch of 100 lines
        Assert.All(reports, r => Assert.Equal(length, r.TotalBytes));
        Assert.Equal(Enumerable.Range(1, 30).Select(b => b * 100L), reports.Select(r => r.Lines));
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesRead <= p.Second.BytesRead && p.First.Elapsed <= p.Second.Elapsed));
        Assert.All(reports, r => Assert.InRange(r.BytesRead, 1, length));
        Assert.Equal(length, reports[^1].BytesRead);
        Assert.Equal(1.0, reports[^1].Fraction);
    }
}
