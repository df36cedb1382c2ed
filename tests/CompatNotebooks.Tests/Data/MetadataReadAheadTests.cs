using System.Text;
using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>The read-ahead pipeline (gunzip + line split on a second thread, batches parsed in parallel, taken in
/// file order): order, line numbers
/// of errors in later batches, counts, errors of the reading thread, early stop.</summary>
public class MetadataReadAheadTests : IDisposable
{
    private readonly DataTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static IEnumerable<string> Lines(int count, int badLine, int blankEvery)
    {
        for (int n = 1; n <= count; n++)
        {
            if (n == badLine) yield return "{'asin': 'BAD', 'title': 'oops' 'x': 1}";
            else if (blankEvery > 0 && n % blankEvery == 0) yield return "   ";
            else yield return $"{{'asin': 'A{n:D6}', 'related': {{'also_bought': ['A{n + 1:D6}']}}}}";
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1024)]
    public void AnErrorInALaterBatchNamesItsOwnLine(int batchLines)
    {
        string path = _files.WriteGzipLines("meta_Late.json.gz", Lines(5000, badLine: 4321, blankEvery: 0));
        using var reader = MetadataReader.Read(path);
        reader.BatchLines = batchLines;
        int seen = 0;
        var error = Assert.Throws<MetadataFormatException>(() => { foreach (var _ in reader) seen++; });
        Assert.Equal(4321, error.Line);
        Assert.Equal(4320, seen);
        Assert.Contains("line 4321", error.Message);
    }

    [Theory]
    [InlineData(false)] // batches parsed in parallel
    [InlineData(true)]  // the string pool: one batch at a time
    public void SkipAndCountCountsEveryLineAcrossBatchesInOrder(bool poolStrings)
    {
        string path = _files.WriteGzipLines("meta_Skip.json.gz", Lines(5000, badLine: 4321, blankEvery: 97));
        using var reader = MetadataReader.Read(path, new MetadataReadOptions { OnError = MetadataErrorPolicy.SkipAndCount, PoolStrings = poolStrings });
        reader.BatchLines = 13;
        var asins = reader.Select(p => p.Asin).ToList();
        var report = reader.Report;
        Assert.Equal(5000, report.Lines);
        Assert.Equal(5000 / 97, report.BlankLines);
        Assert.Equal(1, report.SkippedTotal);
        Assert.Equal(5000 - 5000 / 97 - 1, report.Records);
        Assert.Equal(report.Records, asins.Count);
        var expected = Enumerable.Range(1, 5000).Where(n => n != 4321 && n % 97 != 0).Select(n => $"A{n:D6}");
        Assert.Equal(expected, asins);
        Assert.Contains(report.ErrorMessages, m => m.Contains("line 4321"));
        Assert.True(report.Completed);
    }

    [Fact]
    public void StoppingEarlyStopsTheReadingThreadAndALaterEnumerationStartsOver()
    {
        string path = _files.WriteGzipLines("meta_Stop.json.gz", Lines(3000, badLine: 0, blankEvery: 0));
        using var reader = MetadataReader.Read(path);
        reader.BatchLines = 5;
        Assert.Equal(["A000001", "A000002", "A000003"], reader.Take(3).Select(p => p.Asin));
        Assert.False(reader.Report.Completed);
        Assert.Equal(3000, reader.Count());
        Assert.True(reader.Report.Completed);
    }

    [Fact]
    public void AReadErrorComesAfterTheLinesBeforeItAndClosesTheStream()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 100).Select(n => $"line {n}\n")));
        var stream = new FailingStream(text, failAfter: text.Length / 2);
        var lines = new List<string>();
        using (var batches = new LineBatchReader(stream, batchBytes: 64, batchLines: 3))
        {
            var error = Assert.Throws<IOException>(() =>
            {
                while (batches.TryNext(out var batch))
                {
                    for (int i = 0; i < batch.Count; i++)
                    {
                        Assert.Equal(batch.FirstLine + i, lines.Count + 1);
                        lines.Add(Encoding.UTF8.GetString(batch.Line(i)));
                    }
                    batches.Recycle(batch);
                }
            });
            Assert.Equal("disk on fire", error.Message);
        }
        Assert.True(stream.Disposed);
        Assert.True(lines.Count > 10);
        Assert.Equal(Enumerable.Range(1, lines.Count).Select(n => $"line {n}"), lines); // in order, none lost before the error
    }

    [Fact]
    public void DisposingMidStreamStopsTheReaderAndClosesTheStream()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 100_000).Select(n => $"line {n}\n")));
        var stream = new FailingStream(text, failAfter: int.MaxValue);
        var batches = new LineBatchReader(stream, batchBytes: 256, batchLines: 4);
        Assert.True(batches.TryNext(out var first));
        Assert.Equal(1, first.FirstLine);
        batches.Dispose();
        Assert.True(stream.Disposed);
    }

    /// <summary>Serves bytes in small reads, then throws an IOException.</summary>
    private sealed class FailingStream(byte[] data, int failAfter) : Stream
    {
        private int _position;
        public bool Disposed { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter) throw new IOException("disk on fire");
            int n = Math.Min(Math.Min(count, 17), Math.Min(data.Length, failAfter) - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        protected override void Dispose(bool disposing) { Disposed = true; base.Dispose(disposing); }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
