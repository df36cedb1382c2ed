using System.IO.Compression;
using System.Text;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;

namespace CompatNotebooks.Tests.Data;

/// <summary>Issue 13, data side: nothing lost silently. Each case builds its small damaged input here.</summary>
public class DataReliabilityTests : IDisposable
{
    private const int Dimension = 16;
    private readonly DataTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly FeatureFileOptions Options = new() { Dimension = Dimension };

    private static IEnumerable<string> ProductLines(int count) =>
        Enumerable.Range(0, count).Select(i =>
            $"{{'asin': 'B{i:D9}', 'title': 'Product number {i} with a title long enough to fill the archive', " +
            $"'price': {i % 50}.99, 'related': {{'also_bought': ['B{(i + 1) % count:D9}', 'B{(i + 7) % count:D9}']}}, " +
            $"'categories': [['Baby', 'Group {i % 5}']]}}");

    // ---- 1: symbolic links ----

    [Fact]
    public void SymlinkedFeatureFileIsMeasuredAndMappedThroughTheLink()
    {
        string target = _files.WriteFeatures("real.b", DataTestFiles.RandomRecords(5, Dimension, 1));
        string link = _files.PathOf("image_features_Linked.b");
        File.CreateSymbolicLink(link, target);

        using var matrix = FeatureMatrix.Open(link, Options);
        Assert.Equal(5, matrix.Count);
        using var reader = new FeatureFileReader(link, Options);
        Assert.Equal(5, reader.Count());
    }

    [Fact]
    public void ChainOfRelativeLinksIsFollowed()
    {
        _files.WriteFeatures("real.b", DataTestFiles.RandomRecords(3, Dimension, 2));
        File.CreateSymbolicLink(_files.PathOf("hop.b"), "real.b");
        File.CreateSymbolicLink(_files.PathOf("image_features_Hop.b"), "hop.b");
        using var matrix = FeatureMatrix.Open(_files.PathOf("image_features_Hop.b"), Options);
        Assert.Equal(3, matrix.Count);
    }

    [Fact]
    public void DanglingLinkAndLinkLoopHaveTheirOwnMessages()
    {
        string dangling = _files.PathOf("dangling.b");
        File.CreateSymbolicLink(dangling, _files.PathOf("gone.b"));
        var error = Assert.Throws<FeatureFileException>(() => FeatureMatrix.Open(dangling, Options));
        Assert.Contains("dangling", error.Message);
        Assert.Contains("gone.b", error.Message);

        string a = _files.PathOf("loop-a.b"), b = _files.PathOf("loop-b.b");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        var loop = Assert.Throws<FeatureFileException>(() => new FeatureFileReader(a, Options));
        Assert.Contains("link loop", loop.Message);
        Assert.Contains("loop-a.b", loop.Message);

        var metadataLoop = Assert.ThrowsAny<IOException>(() => MetadataReader.Read(a));
        Assert.Contains("link loop", metadataLoop.Message);
        var metadataDangling = Assert.Throws<FileNotFoundException>(() => MetadataReader.Read(dangling));
        Assert.Contains("dangling", metadataDangling.Message);
    }

    [Fact]
    public void CatalogLoadsAFolderOfLinks()
    {
        var records = Enumerable.Range(0, 20).Select(i => ($"B{i:D9}", Enumerable.Range(0, Dimension).Select(j => (float)((i + j) % 3)).ToArray()));
        string features = _files.WriteFeatures("shared-features.b", records);
        string metadata = _files.WriteGzipLines("shared-meta.json.gz", ProductLines(20));
        string linked = Path.Combine(_files.Directory, "linked");
        Directory.CreateDirectory(linked);
        File.CreateSymbolicLink(Path.Combine(linked, DataFiles.FeatureFileName("Baby")), features);
        File.CreateSymbolicLink(Path.Combine(linked, DataFiles.MetadataFileName("Baby")), metadata);

        using var catalog = ProductCatalog.Load(linked, "Baby", new CatalogOptions { FeatureFile = Options });
        Assert.Equal(20, catalog.Report.ItemsInMetadata);
        Assert.Equal(20, catalog.Report.ItemsWithBoth);
    }

    // ---- 2, 3: truncated and corrupt gzip, no usable line ----

    [Theory]
    [InlineData(1000)] // inside the compressed data: no end-of-stream marker
    [InlineData(4)]    // only the length trailer cut
    [InlineData(8)]    // the whole CRC + length trailer cut
    public void TruncatedGzipIsAnErrorNamingTheFileAndTheLastCompleteLine(int cut)
    {
        string whole = _files.WriteGzipLines("meta_Whole.json.gz", ProductLines(3000));
        var bytes = File.ReadAllBytes(whole);
        Assert.True(bytes.Length > 4 * cut);
        string path = _files.WriteBytes("meta_Cut.json.gz", bytes[..^cut]); // head -c -N

        using var reader = MetadataReader.Read(path, new MetadataReadOptions { OnError = MetadataErrorPolicy.SkipAndCount });
        int seen = 0;
        var error = Assert.Throws<MetadataFileException>(() => { foreach (var _ in reader) seen++; });
        Assert.Equal(path, error.Path);
        Assert.Contains("meta_Cut.json.gz", error.Message);
        Assert.Contains("end-of-stream marker", error.Message);
        Assert.Equal(seen, error.LastCompleteLine);
        Assert.Contains($"line {seen:N0}, the last complete line", error.Message);
        Assert.Equal(0, reader.Report.SkippedTotal); // never a counted skip
        Assert.False(reader.Report.Completed);
    }

    [Fact]
    public void GzipWithABadCrcIsAnErrorNamingTheFile()
    {
        var bytes = File.ReadAllBytes(_files.WriteGzipLines("meta_Ok.json.gz", ProductLines(50)));
        bytes[^6] ^= 0x40; // CRC-32 of the trailer
        string path = _files.WriteBytes("meta_Crc.json.gz", bytes);
        var error = Assert.Throws<MetadataFileException>(() => MetadataReader.Read(path).ToList());
        Assert.Contains("meta_Crc.json.gz", error.Message);
        Assert.Contains("corrupt gzip", error.Message);
    }

    [Fact]
    public void CorruptGzipIsAnErrorNamingTheFile()
    {
        var bytes = new byte[4000];
        new Random(3).NextBytes(bytes);
        bytes[0] = 0x1F;
        bytes[1] = 0x8B; // looks like gzip, is not
        string path = _files.WriteBytes("meta_Corrupt.json.gz", bytes);
        var error = Assert.Throws<MetadataFileException>(() => MetadataReader.Read(path).ToList());
        Assert.Contains("meta_Corrupt.json.gz", error.Message);
        Assert.Contains("corrupt gzip", error.Message);
        Assert.Contains("before the first complete line", error.Message);
    }

    [Fact]
    public void MetadataWithNoUsableLineIsAnError()
    {
        string empty = _files.WriteBytes("meta_Empty.json", []);
        var none = Assert.Throws<MetadataFileException>(() => MetadataReader.Read(empty).ToList());
        Assert.Contains("meta_Empty.json", none.Message);
        Assert.Contains("holds no line", none.Message);

        string emptyArchive = _files.WriteGzipBytes("meta_EmptyArchive.json.gz", []);
        Assert.Contains("holds no line", Assert.Throws<MetadataFileException>(() => MetadataReader.Read(emptyArchive).ToList()).Message);

        var noise = new byte[3000];
        new Random(4).NextBytes(noise);
        noise[0] = (byte)'x'; // not the gzip magic: read as text lines
        string random = _files.WriteBytes("meta_Noise.json", noise);
        var skipAll = new MetadataReadOptions { OnError = MetadataErrorPolicy.SkipAndCount };
        var garbage = Assert.Throws<MetadataFileException>(() => MetadataReader.Read(random, skipAll).ToList());
        Assert.Contains("meta_Noise.json", garbage.Message);
        Assert.Contains("no product found", garbage.Message);
        Assert.Contains("skipped", garbage.Message);

        string allBad = _files.WriteGzipLines("meta_Bad.json.gz", ["[1, 2]", "{'title': 'no asin'}", "", "not a literal"]);
        var bad = Assert.Throws<MetadataFileException>(() => MetadataReader.Read(allBad, skipAll).ToList());
        Assert.Contains("no product found in 4 lines (1 blank, 3 skipped", bad.Message);
        Assert.Equal(4, bad.LastCompleteLine);
    }

    // ---- 8: a feature file changed while mapped ----

    [Fact]
    public void FeatureFileModifiedInPlaceWhileMappedIsAnError()
    {
        string path = _files.WriteFeatures("image_features_Live.b", DataTestFiles.RandomRecords(8, Dimension, 5));
        using var matrix = FeatureMatrix.Open(path, Options);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = 20;
            file.WriteByte(0x42);
        }
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5)); // whatever the file system's clock granularity
        var error = Assert.Throws<FeatureFileException>(() => matrix.Subset([0, 1]));
        Assert.Contains("changed while it was in use", error.Message);
        Assert.Contains("image_features_Live.b", error.Message);
    }

    [Fact]
    public void FeatureFileShortenedWhileMappedIsAnErrorBeforeAnyRowIsRead()
    {
        var records = DataTestFiles.RandomRecords(8, Dimension, 6);
        string path = _files.WriteFeatures("image_features_Short.b", records);
        using var matrix = FeatureMatrix.Open(path, Options);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            file.SetLength(file.Length / 2);
        var error = Assert.Throws<FeatureFileException>(() => matrix.ToDense());
        Assert.Contains("length is now", error.Message);
        Assert.Throws<FeatureFileException>(matrix.ThrowIfChanged);
    }

    [Fact]
    public void FeatureFileReplacedByRenameLeavesTheMappingIntact()
    {
        string path = _files.WriteFeatures("image_features_Swap.b", DataTestFiles.RandomRecords(4, Dimension, 7));
        using var matrix = FeatureMatrix.Open(path, Options);
        string other = _files.WriteFeatures("next.b", DataTestFiles.RandomRecords(6, Dimension, 8));
        File.Move(other, path, overwrite: true);
        matrix.ThrowIfChanged(); // the mapped file itself did not change
        Assert.Equal(2, matrix.Subset([0, 1]).Count);
    }

    // ---- 16: bad prices ----

    [Fact]
    public void NegativeAndInfinitePricesAreKeptAsMissingAndCounted()
    {
        string path = _files.WriteGzipLines("meta_Prices.json.gz",
        [
            "{'asin': 'A1', 'price': -3.5}",
            "{'asin': 'A2', 'price': 1e999}",
            "{'asin': 'A3', 'price': 12.0}",
            "{\"asin\": \"A4\", \"price\": NaN}",
            "{'asin': 'A5', 'price': -1e999}",
            "{'asin': 'A6', 'price': -2}",
        ]);
        foreach (bool fastPath in new[] { true, false })
        {
            using var reader = MetadataReader.Read(path, new MetadataReadOptions { TypedFastPath = fastPath });
            var products = reader.ToList();
            Assert.Equal([null, null, 12.0, null, null, null], products.Select(p => p.Price).ToArray());
            Assert.Equal(-3.5, products[0].Extra["price"]); // nothing lost
            var dropped = reader.Report.DroppedPrices;
            Assert.Equal(2, dropped[MetadataPriceReasons.Negative]);
            Assert.Equal(2, dropped[MetadataPriceReasons.Infinite]);
            Assert.Equal(1, dropped[MetadataPriceReasons.NotANumber]);
            Assert.Contains(reader.Report.ErrorMessages, m => m.Contains("line 1") && m.Contains("A1") && m.Contains("negative price"));
            Assert.Contains("prices kept as missing", reader.Report.ToString());
        }
    }

    [Fact]
    public void BareInfInAMetadataLineIsASyntaxErrorWithItsColumn()
    {
        string path = _files.WriteGzipLines("meta_Inf.json.gz", ["{'asin': 'A1', 'price': inf}"]);
        var error = Assert.Throws<MetadataFormatException>(() => MetadataReader.Read(path).ToList());
        Assert.Equal(MetadataSkipReasons.Syntax, error.Reason);
        Assert.Equal(25, error.Column);
    }
}
