using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CompatNotebooks.Data;
using CompatNotebooks.Randomness;
using CompatNotebooks.Synthetic;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Synthetic;

public class SampleDataTests
{
    private const string Instruments = "Musical_Instruments";

    [Fact]
    public void SameSeedGivesIdenticalBytesAndOtherSeedsDiffer()
    {
        var options = new SampleDataOptions { ItemsPerCategory = 150, Seed = 5, Categories = [Instruments] };
        using var a = new DataTestFiles();
        using var b = new DataTestFiles();
        using var c = new DataTestFiles();
        SampleData.Generate(a.Directory, options);
        SampleData.Generate(b.Directory, options with { MaxDegreeOfParallelism = 1 }); // thread count must not matter
        SampleData.Generate(c.Directory, options with { Seed = 6 });
        foreach (string name in new[] { DataFiles.FeatureFileName(Instruments), DataFiles.MetadataFileName(Instruments) })
        {
            Assert.Equal(Hash(a.PathOf(name)), Hash(b.PathOf(name)));
            Assert.NotEqual(Hash(a.PathOf(name)), Hash(c.PathOf(name)));
        }
    }

    [Fact]
    public void WritesTheOfficialFileNamesInTheRealLayout()
    {
        string dir = GeneratedSample.Directory;
        foreach (string category in SampleData.DefaultCategories)
        {
            var features = new FileInfo(Path.Combine(dir, $"image_features_{category}.b"));
            Assert.True(features.Exists);
            Assert.Equal(0, features.Length % (10 + 4 * 4096));
            Assert.True(File.Exists(Path.Combine(dir, $"meta_{category}.json.gz")));
        }
        // First record: a printable ASCII ASIN right-padded with spaces, then non-negative finite floats.
        var bytes = File.ReadAllBytes(Path.Combine(dir, DataFiles.FeatureFileName(Instruments)));
        string asin = Encoding.ASCII.GetString(bytes, 0, 10);
        Assert.Matches("^[0-9A-Z]{9,10} ?$", asin);
        var floats = new float[4096];
        Buffer.BlockCopy(bytes, 10, floats, 0, 4 * 4096);
        Assert.All(floats, v => Assert.True(float.IsFinite(v) && v >= 0));
        Assert.InRange(floats.Count(v => v == 0), 2048, 4000); // sparse like ReLU features
    }

    [Fact]
    public void GeneratedFilesReadBackWithZeroErrors()
    {
        string dir = GeneratedSample.Directory;
        foreach (string category in SampleData.DefaultCategories)
        {
            using var matrix = FeatureMatrix.Open(Path.Combine(dir, DataFiles.FeatureFileName(category)));
            Assert.Equal(0, matrix.Report.Duplicates);
            Assert.Equal(0, matrix.Report.InvalidValueRows);
            using var reader = MetadataReader.Read(Path.Combine(dir, DataFiles.MetadataFileName(category)),
                new MetadataReadOptions { OnError = MetadataErrorPolicy.Throw });
            var products = reader.ToList();
            Assert.Equal(GeneratedSample.Options.ItemsPerCategory, products.Count);
            Assert.Equal(0, reader.Report.SkippedTotal);
            Assert.Equal(products.Count, products.Select(p => p.Asin).Distinct().Count());
            // Short (9-character) ASINs are space-padded in the feature file and trimmed by the reader.
            Assert.Contains(products, p => p.Asin.Length == 9 && matrix.TryGetRow(p.Asin, out _));
        }
    }

    [Fact]
    public void MetadataExercisesTheParserAndMatchesWhatWasGenerated()
    {
        var world = SampleWorld.Create(Instruments, GeneratedSample.Options);
        using var reader = MetadataReader.Read(Path.Combine(GeneratedSample.Directory, DataFiles.MetadataFileName(Instruments)));
        var products = reader.ToList();
        for (int i = 0; i < products.Count; i++)
        {
            var line = SampleMetadataWriter.Line(world, i);
            Assert.Equal(line["asin"], products[i].Asin);
            Assert.Equal(line.GetValueOrDefault("title"), products[i].Title);
            Assert.Equal(line.GetValueOrDefault("price"), products[i].Price);
            Assert.Equal(line.GetValueOrDefault("brand"), products[i].Brand);
        }
        var titles = products.Select(p => p.Title).OfType<string>().ToList();
        Assert.Contains(titles, t => t.Contains('\''));
        Assert.Contains(titles, t => t.Contains('"'));
        Assert.Contains(titles, t => t.Contains('\\'));
        Assert.Contains(titles, t => t.Contains("&amp;"));
        Assert.Contains(titles, t => t.Any(c => c > 127));
        Assert.Contains(products, p => p.Title is null);
        Assert.Contains(products, p => p.Price is null);
        Assert.Contains(products, p => p.Categories.Count == 0);
        Assert.Contains(products, p => p.Categories.Count > 0 && p.Categories[0].Count == 1);
        Assert.Contains(products, p => p.Categories.Count > 1);
        // The raw file really holds quotes chosen like Python's repr and escaped backslashes.
        string text = new StreamReader(new GZipStream(File.OpenRead(reader.Path), CompressionMode.Decompress)).ReadToEnd();
        Assert.Contains("\"", text);
        Assert.Contains("\\\\", text);
    }

    [Fact]
    public void SkewIsRealistic()
    {
        using var reader = MetadataReader.Read(Path.Combine(GeneratedSample.Directory, DataFiles.MetadataFileName(Instruments)));
        var products = reader.ToList();
        var bySubcategory = products.Where(p => p.Subcategory is not null).GroupBy(p => p.Subcategory).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(bySubcategory.Count >= 8);
        Assert.True(bySubcategory[0] > 4 * bySubcategory[^1], "subcategory sizes should be unequal");
        var byBrand = products.Where(p => p.Brand is not null).GroupBy(p => p.Brand).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(byBrand[0] > 5 * byBrand[^1], "brands should be skewed");
        Assert.InRange(products.Count(p => p.Price is not null), products.Count * 3 / 4, products.Count - 1);
        var inDegree = products.SelectMany(p => p.Related.AlsoBought).GroupBy(a => a).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(inDegree[0] > 10 * inDegree[inDegree.Count / 2], "popularity should follow a heavy tail");
    }

    [Fact]
    public void PlantedStyleDrivesAlsoBought()
    {
        var world = SampleWorld.Create(Instruments, GeneratedSample.Options);
        var random = new SeededRandom(3);
        double positive = 0, negative = 0, samePositive = 0, sameNegative = 0;
        int positives = 0, sameCount = 0;
        for (int i = 0; i < world.MetadataItems; i++)
            foreach (int j in world.AlsoBought(i).Where(j => j >= 0))
            {
                positives++;
                positive += world.StyleDistance(i, j);
                negative += world.StyleDistance(i, random.NextInt(world.TotalItems));
                if (world.Subcategory[i] != world.Subcategory[j]) continue;
                // Same-subcategory ("difficult") comparison: a random member of i's subcategory.
                int k;
                do k = random.NextInt(world.TotalItems); while (world.Subcategory[k] != world.Subcategory[i] || k == i);
                sameCount++;
                samePositive += world.StyleDistance(i, j);
                sameNegative += world.StyleDistance(i, k);
            }
        Assert.True(positives > 1000);
        Assert.True(positive / positives < 0.6 * (negative / positives), $"positives {positive / positives:F2} vs random {negative / positives:F2}");
        Assert.True(samePositive / sameCount < 0.8 * (sameNegative / sameCount), $"same-subcategory positives {samePositive / sameCount:F2} vs negatives {sameNegative / sameCount:F2}");
    }

    [Fact]
    public void FeaturesCarryTheStyle()
    {
        // Linked items are closer in feature space than random pairs: the signal reaches the 4096-d rows.
        var world = SampleWorld.Create(Instruments, GeneratedSample.Options);
        using var matrix = FeatureMatrix.Open(Path.Combine(GeneratedSample.Directory, DataFiles.FeatureFileName(Instruments)));
        var random = new SeededRandom(4);
        double linked = 0, unlinked = 0;
        int count = 0;
        for (int i = 0; i < world.MetadataItems && count < 2000; i++)
        {
            if (!matrix.TryGetRow(world.Asins[i], out int a)) continue;
            foreach (int j in world.AlsoBought(i))
            {
                if (j < 0 || !matrix.TryGetRow(world.Asins[j], out int b)) continue;
                int c = random.NextInt(matrix.Count);
                linked += System.Numerics.Tensors.TensorPrimitives.Distance(matrix.Row(a), matrix.Row(b));
                unlinked += System.Numerics.Tensors.TensorPrimitives.Distance(matrix.Row(a), matrix.Row(c));
                count++;
            }
        }
        Assert.True(linked < 0.95 * unlinked, $"linked {linked / count:F1} vs random {unlinked / count:F1}");
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleData.Generate(Path.GetTempPath(), new SampleDataOptions { ItemsPerCategory = 1 }));
        Assert.Throws<ArgumentException>(() => SampleData.Generate(Path.GetTempPath(), new SampleDataOptions { Categories = ["Musical Instruments"] }));
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
