using System.Security.Cryptography;
using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Synthetic;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Synthetic;

public class ClothingSampleTests
{
    private const string Clothing = "Clothing_Shoes_and_Jewelry";
    private static readonly SampleDataOptions Options = new() { ItemsPerCategory = 2500, Seed = 7, Categories = [Clothing] };

    [Fact]
    public void CategoriesHaveTheRealSecondLevelsAndDeeperPaths()
    {
        using var files = new DataTestFiles();
        SampleData.Generate(files.Directory, Options);
        using var reader = MetadataReader.Read(files.PathOf(DataFiles.MetadataFileName(Clothing)), new MetadataReadOptions { OnError = MetadataErrorPolicy.Throw });
        var products = reader.ToList();
        Assert.Equal(0, reader.Report.SkippedTotal);
        var paths = products.SelectMany(p => p.Categories).ToList();
        Assert.All(paths, path => Assert.Equal("Clothing, Shoes & Jewelry", path[0]));
        var secondLevels = products.Select(p => p.Subcategory).OfType<string>().GroupBy(s => s).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        Assert.Equal(["Women", "Men", "Girls"], secondLevels.Take(3)); // the largest first, as in the real category
        Assert.Subset(secondLevels.ToHashSet(), new HashSet<string> { "Boys", "Baby", "Novelty, Costumes & More", "Luggage & Travel Gear" });
        // Deeper levels, as in the real lists: e.g. Women → Clothing → Dresses → Casual.
        Assert.Contains(paths, p => p.SequenceEqual(["Clothing, Shoes & Jewelry", "Women", "Clothing", "Dresses", "Casual"]));
        Assert.True(paths.Count(p => p.Count >= 4) > paths.Count / 2, "most paths should go below the third level");
        // A product's path follows what it is: a "Men's …" title is under Men, a "Girls' …" one under Girls.
        Assert.All(products.Where(p => p.Title is not null && p.Subcategory is not null && p.Title.Contains("Men's") && !p.Title.Contains("Women's")),
            p => Assert.Equal("Men", p.Subcategory));
        Assert.All(products.Where(p => p.Title is not null && p.Subcategory is not null && p.Title.Contains("Girls' ")),
            p => Assert.Equal("Girls", p.Subcategory));
        // Prices from the products' own ranges, not the generic 5–80 of unknown nouns.
        Assert.Contains(products, p => p.Price > 250);
        Assert.Contains(products, p => p.Price < 5);
    }

    [Fact]
    public void FilesLoadAsACatalogWithSubcategoriesAndPairs()
    {
        using var files = new DataTestFiles();
        var written = SampleData.Generate(files.Directory, Options);
        using var matrix = FeatureMatrix.Open(written[0].FeaturePath);
        Assert.Equal(written[0].FeatureRows, matrix.Count);
        Assert.Equal(0, matrix.Report.Duplicates);
        Assert.Equal(0, matrix.Report.InvalidValueRows);
        using var catalog = ProductCatalog.Load(files.Directory, Clothing);
        Assert.InRange(catalog.Subcategories.Count, 8, 10);
        Assert.Equal("Women", catalog.Subcategories[0].Name);
        Assert.True(catalog.Report.ItemsWithSubcategory > catalog.Count * 9 / 10);
    }

    [Fact]
    public void SameSeedGivesIdenticalBytesWhateverTheThreads()
    {
        using var a = new DataTestFiles();
        using var b = new DataTestFiles();
        var small = Options with { ItemsPerCategory = 300 };
        SampleData.Generate(a.Directory, small);
        SampleData.Generate(b.Directory, small with { MaxDegreeOfParallelism = 1 });
        foreach (string name in new[] { DataFiles.FeatureFileName(Clothing), DataFiles.MetadataFileName(Clothing) })
            Assert.Equal(Hash(a.PathOf(name)), Hash(b.PathOf(name)));
    }

    [Fact]
    public void TheFeatureWriterStreamsWhateverTheRowCount()
    {
        // Allocations of writing the feature file on this thread (one worker thread: the rows are computed inline).
        long Allocated(int items)
        {
            var options = new SampleDataOptions { ItemsPerCategory = items, Seed = 1, Categories = [Clothing], Dimension = 1024, MaxDegreeOfParallelism = 1 };
            var world = SampleWorld.Create(Clothing, options);
            using var files = new DataTestFiles();
            long before = GC.GetAllocatedBytesForCurrentThread();
            int rows = SampleFeatureWriter.Write(world, files.PathOf("features.b"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(rows * (10L + 4 * 1024), new FileInfo(files.PathOf("features.b")).Length);
            return allocated;
        }
        long small = Allocated(1000), large = Allocated(8000);
        // 7,000 more rows write 28 MB more; the writer may hold a little per row (its row order, 4 bytes), never the rows.
        Assert.True(large - small < 7000 * 64, $"{small:N0} bytes allocated for 1,000 items, {large:N0} for 8,000");
    }

    /// <summary>The Clothing vocabulary changed nothing for the chapter's categories: these are the bytes generated at
    /// commit d3f5b4b (before it), so the cached sample (stamped with <see cref="SampleData.GeneratorVersion"/>) stays valid.</summary>
    [Fact]
    public void TheChaptersCategoriesKeepTheirBytes()
    {
        using var files = new DataTestFiles();
        SampleData.Generate(files.Directory, new SampleDataOptions { ItemsPerCategory = 200, Seed = 3 });
        var hashes = SampleData.DefaultCategories
            .SelectMany(c => new[] { DataFiles.FeatureFileName(c), DataFiles.MetadataFileName(c) })
            .Select(name => $"{name} {Hash(files.PathOf(name))}");
        Assert.Equal(ExpectedChapterHashes, string.Join("\n", hashes));
    }

    private const string ExpectedChapterHashes =
        "image_features_Baby.b 9414E9989A4BB147F2F166324110FECD096C400A2DC2D113A8221870621B4FD9\n" +
        "meta_Baby.json.gz 0F4E4133842ECD2471B538EA2F6A1554CEB91B82124F9D23FF7C2441FF6A5F65\n" +
        "image_features_Musical_Instruments.b 14977A04422D759AEDDA356BE4E7B4D870595146CC4E501C6922063F42EC899D\n" +
        "meta_Musical_Instruments.json.gz 6F49F93A7D639DAC5DE9674B5D7E8F6F0500B5A0B7C82AA27D89057564795735";

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
