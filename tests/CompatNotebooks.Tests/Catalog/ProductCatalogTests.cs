using CompatNotebooks.Catalog;
using CompatNotebooks.Data;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Catalog;

public class ProductCatalogTests
{
    private static ProductMetadata Product(string asin, string? subcategory = null, string[]? alsoBought = null, string? title = null,
        double? price = null, string? brand = null, bool onlyTopLevel = false) => new()
        {
            Asin = asin,
            Title = title,
            Price = price,
            Brand = brand,
            Categories = subcategory is not null ? [["Musical Instruments", subcategory]] : onlyTopLevel ? [["Musical Instruments"]] : [],
            Related = new RelatedProducts { AlsoBought = alsoBought ?? [] },
        };

    // Feature rows: A B C D E F (F has no metadata); metadata also has G and H without features.
    private static DenseFeatureRows Features() =>
        new(Enumerable.Range(0, 6 * 3).Select(i => (float)i).ToArray(), 3, ["A", "B", "C", "D", "E", "F"]);

    private static List<ProductMetadata> Metadata() =>
    [
        Product("A", "Guitars", ["B", "C", "G", "A", "B", "F"], title: "Tom &amp; Jerry&#39;s Pick", price: 9.5, brand: "O&#39;Neil"),
        Product("B", "Guitars", ["A"]),
        Product("C", "Drums", ["A", "D"]),
        Product("D", onlyTopLevel: true, alsoBought: ["A", "H"]),
        Product("E"),
        Product("G", "Guitars", ["A", "B"]),
        Product("H", "Drums"),
        Product("B", "Drums", ["C"]), // duplicate line: the first wins
    ];

    [Fact]
    public void SectionOneKeepsEveryItemWithFeaturesAndCountsEverything()
    {
        using var catalog = ProductCatalog.Build(Features(), Metadata());
        var r = catalog.Report;
        Assert.Equal(6, catalog.Count);
        Assert.Equal(["A", "B", "C", "D", "E", "F"], Enumerable.Range(0, 6).Select(catalog.AsinAt));
        Assert.Equal(7, r.ItemsInMetadata);
        Assert.Equal(1, r.DuplicateMetadataLines);
        Assert.Equal(6, r.ItemsWithFeatures);
        Assert.Equal(5, r.ItemsWithBoth);
        Assert.Equal(5, r.ItemsWithSubcategory); // A B C G H
        Assert.Equal(6 + 1 + 2 + 2 + 0 + 2, r.LinksTotal);
        Assert.Equal(2, r.LinksFromItemsWithoutFeatures); // G's list
        Assert.Equal(2, r.LinksToItemsWithoutFeatures);   // A→G, D→H
        Assert.Equal(1, r.SelfLinks);                     // A→A
        Assert.Equal(1, r.DuplicateLinks);                // A→B twice
        Assert.Equal(0, r.LinksOutsideCatalog);
        // A→B, A→C, A→F, B→A, C→A, C→D, D→A
        Assert.Equal([new(0, 1), new(0, 2), new(0, 5), new(1, 0), new(2, 0), new(2, 3), new(3, 0)], catalog.AlsoBought);
        Assert.Equal(r.LinksTotal, r.LinksInCatalog + r.LinksFromItemsWithoutFeatures + r.LinksToItemsWithoutFeatures
            + r.SelfLinks + r.DuplicateLinks + r.LinksOutsideCatalog);
        Assert.IsType<DenseFeatureRows>(catalog.Features); // all rows kept: the source itself, no view
    }

    [Fact]
    public void ItemsCarryTheirMetadataAndSubcategories()
    {
        using var catalog = ProductCatalog.Build(Features(), Metadata());
        var a = catalog[0];
        Assert.Equal("Tom &amp; Jerry&#39;s Pick", a.Title);
        Assert.Equal("Tom & Jerry's Pick", a.DisplayTitle);
        Assert.Equal("O'Neil", a.DisplayBrand);
        Assert.Equal(9.5, a.Price);
        Assert.Equal("Guitars", a.Subcategory);
        Assert.Null(catalog[3].Subcategory); // only the top level
        Assert.Null(catalog[5].Title);       // features without metadata
        Assert.Equal("Guitars", catalog[1].Subcategory); // first line of B wins
        Assert.Equal([new SubcategoryCount(0, "Guitars", 2), new SubcategoryCount(1, "Drums", 1)], catalog.Subcategories);
        Assert.Equal([0, 1], catalog.ItemsIn(catalog.SubcategoryId("Guitars")).ToArray());
        Assert.Equal(-1, catalog.SubcategoryId("Keyboards"));
    }

    [Fact]
    public void ExerciseNineOneKeepsOnlyItemsWithASubcategoryAsAView()
    {
        var features = Features();
        using var catalog = ProductCatalog.Build(features, Metadata(), new CatalogOptions { RequireSubcategory = true });
        Assert.Equal(["A", "B", "C"], catalog.Items.Select(i => i.Asin));
        Assert.Equal(features.Row(2).ToArray(), catalog.Features.Row(2).ToArray());
        Assert.True(catalog.Index.TryGetRow("C", out int row));
        Assert.Equal(2, row);
        Assert.False(catalog.Index.TryGetRow("D", out _));
        // A→F, C→D and D→A have an end outside the catalog now.
        Assert.Equal(3, catalog.Report.LinksOutsideCatalog);
        Assert.Equal([new(0, 1), new(0, 2), new(1, 0), new(2, 0)], catalog.AlsoBought);
        Assert.Equal(3, catalog.Report.CatalogItems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadMatchesAnIndependentCountOnGeneratedData(bool requireSubcategory)
    {
        const string category = "Musical_Instruments";
        string dir = GeneratedSample.Directory;
        // Independent count, the book's way: ASIN → row from the streaming reader, then the metadata lists.
        var featureAsins = new List<string>();
        using (var reader = new FeatureFileReader(Path.Combine(dir, DataFiles.FeatureFileName(category))))
            foreach (var (asin, _) in reader) featureAsins.Add(asin);
        var products = MetadataReader.Read(Path.Combine(dir, DataFiles.MetadataFileName(category))).ToList();
        var subcategoryOf = products.Where(p => p.Categories.Count > 0 && p.Categories[0].Count >= 2)
            .ToDictionary(p => p.Asin, p => p.Categories[0][1]);
        var asinPos = new Dictionary<string, int>();
        foreach (string asin in featureAsins)
            if (!requireSubcategory || subcategoryOf.ContainsKey(asin)) asinPos[asin] = asinPos.Count;
        int positives = products.Sum(p => p.Related.AlsoBought.Count(a2 => asinPos.ContainsKey(p.Asin) && asinPos.ContainsKey(a2)));

        using var catalog = ProductCatalog.Load(dir, category, new CatalogOptions { RequireSubcategory = requireSubcategory });
        var r = catalog.Report;
        Assert.Equal(asinPos.Count, catalog.Count);
        Assert.Equal(asinPos.Keys, Enumerable.Range(0, catalog.Count).Select(catalog.AsinAt));
        Assert.Equal(positives, catalog.AlsoBought.Count + (int)r.SelfLinks + (int)r.DuplicateLinks);
        Assert.Equal(products.Count, r.ItemsInMetadata);
        Assert.Equal(featureAsins.Count, r.ItemsWithFeatures);
        Assert.Equal(products.Count(p => featureAsins.Contains(p.Asin)), r.ItemsWithBoth);
        Assert.Equal(subcategoryOf.Count, r.ItemsWithSubcategory);
        Assert.Equal(products.Sum(p => p.Related.AlsoBought.Count), r.LinksTotal);
        Assert.Equal(products.Sum(p => p.Related.AlsoBought.Count(a => !featureAsins.Contains(a) && featureAsins.Contains(p.Asin))),
            r.LinksToItemsWithoutFeatures);
        Assert.True(r.LinksToItemsWithoutFeatures > 0 && r.LinksFromItemsWithoutFeatures > 0); // the sample plants both
        Assert.Empty(r.MetadataSkipped);
        Assert.NotNull(r.FeatureFile);
        Assert.Equal(subcategoryOf.Where(kv => asinPos.ContainsKey(kv.Key)).GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Count()),
            catalog.Subcategories.ToDictionary(s => s.Name, s => s.ItemCount));
        Assert.Equal(catalog.Count, catalog.Features.Count);
        // Row i of the features is item i: compare with the file's own row for that ASIN.
        using var matrix = FeatureMatrix.Open(Path.Combine(dir, DataFiles.FeatureFileName(category)));
        for (int i = 0; i < catalog.Count; i += 97)
        {
            Assert.True(matrix.TryGetRow(catalog.AsinAt(i), out int fileRow));
            // The catalog reads the compact store by default: float32 values for sparse rows, float16 (within 2⁻¹¹) for denser ones.
            var expected = matrix.Row(fileRow).ToArray();
            var actual = catalog.Features.Row(i).ToArray();
            Assert.IsAssignableFrom<ISparseFeatureRows>(catalog.Features); // the store, or a view of some of its rows
            Assert.Equal(expected.Length, actual.Length);
            for (int j = 0; j < expected.Length; j++)
                Assert.True(Math.Abs(expected[j] - actual[j]) <= Math.Abs(expected[j]) / 2048 + 1e-7, $"item {i} value {j}: {actual[j]} vs {expected[j]}");
        }
    }

    [Fact]
    public void MissingFilesAreNamed()
    {
        using var files = new DataTestFiles();
        var e = Assert.Throws<FileNotFoundException>(() => ProductCatalog.Load(files.Directory, "Musical_Instruments"));
        Assert.Contains("image_features_Musical_Instruments.b", e.Message);
    }

    [Fact]
    public void MalformedMetadataIsSkippedAndCountedOrStops()
    {
        using var files = new DataTestFiles();
        files.WriteFeatures("image_features_Toy.b", [("A", new float[4096]), ("B", new float[4096])]);
        files.WriteGzipLines("meta_Toy.json.gz",
        [
            "{'asin': 'A', 'related': {'also_bought': ['B']}, 'categories': [['Toy', 'Cars']]}",
            "{'asin': 'B', __import__('os').system('true')}",
            "{'asin': 'B', 'categories': [['Toy', 'Cars']]}",
        ]);
        using var catalog = ProductCatalog.Load(files.Directory, "Toy");
        Assert.Equal(1, catalog.Report.MetadataSkipped.Values.Sum());
        Assert.Single(catalog.AlsoBought);
        var e = Assert.ThrowsAny<FormatException>(() => ProductCatalog.Load(files.Directory, "Toy", new CatalogOptions { SkipMalformedMetadata = false }));
        Assert.Contains("meta_Toy.json.gz", e.Message);
    }

    [Fact]
    public void BadFeatureFileStopsTheLoadWithItsNameAndStopsTheMetadataThread()
    {
        using var files = new DataTestFiles();
        files.WriteBytes("image_features_Toy.b", new byte[10 + 4 * 4096 + 7]); // truncated second record
        files.WriteGzipLines("meta_Toy.json.gz", Enumerable.Range(0, 50_000).Select(i => $"{{'asin': 'A{i:D9}'}}"));
        var e = Assert.ThrowsAny<IOException>(() => ProductCatalog.Load(files.Directory, "Toy"));
        Assert.Contains("image_features_Toy.b", e.Message);
    }
}
