using CompatNotebooks.Data;

namespace CompatNotebooks.Catalog;

/// <summary>
/// The chapter's items: image features joined with product metadata. Item i is row i of <see cref="Features"/>
/// (a view over the feature file, never a second copy), in feature-file order like the book's <c>asinPos</c>;
/// each item carries its title, subcategory, price, brand and image; <see cref="AlsoBought"/> holds the
/// co-purchase links between catalog items as row pairs, the raw material of the positive pairs.
/// </summary>
/// <remarks>
/// Section 1 of the book keeps every item that has features; exercise 9.1 keeps only items with a subcategory
/// (<see cref="CatalogOptions.RequireSubcategory"/>). Whatever the join leaves out is counted in <see cref="Report"/>.
/// Dispose the catalog to release the memory-mapped feature file when it was opened by <c>Load</c>.
/// </remarks>
public sealed partial class ProductCatalog : IDisposable
{
    private readonly string[] _asins;
    private readonly string?[] _titles;
    private readonly string?[] _brands;
    private readonly string?[] _imageUrls;
    private readonly double[] _prices;          // NaN = no price
    private readonly int[] _subcategoryOf;      // -1 = none
    private readonly int[] _subcategoryStart;   // CSR: items of subcategory s are _subcategoryItems[start[s]..start[s+1]]
    private readonly int[] _subcategoryItems;
    private readonly CatalogLink[] _links;
    private readonly SubcategoryCount[] _subcategories;
    private readonly Dictionary<string, int> _subcategoryIds;
    private readonly IDisposable? _owned;

    internal ProductCatalog(IFeatureRows features, IAsinIndex index, string[] asins, string?[] titles, string?[] brands,
        string?[] imageUrls, double[] prices, int[] subcategoryOf, SubcategoryCount[] subcategories, CatalogLink[] links,
        CatalogReport report, IDisposable? owned)
    {
        Features = features;
        Index = index;
        _asins = asins;
        _titles = titles;
        _brands = brands;
        _imageUrls = imageUrls;
        _prices = prices;
        _subcategoryOf = subcategoryOf;
        _subcategories = subcategories;
        _subcategoryIds = subcategories.ToDictionary(s => s.Name, s => s.Id, StringComparer.Ordinal);
        _links = links;
        _report = report;
        _owned = owned;
        (_subcategoryStart, _subcategoryItems) = GroupBySubcategory(subcategoryOf, subcategories);
    }

    /// <summary>Features of the catalog items: row i = item i.</summary>
    public IFeatureRows Features { get; }

    /// <summary>ASIN ↔ item row.</summary>
    public IAsinIndex Index { get; }

    /// <summary>Number of items.</summary>
    public int Count => _asins.Length;

    /// <summary>Item <paramref name="row"/> with its metadata.</summary>
    public CatalogItem this[int row] => new(row, _asins[row], _titles[row], SubcategoryName(row),
        double.IsNaN(_prices[row]) ? null : _prices[row], _brands[row], _imageUrls[row]);

    /// <summary>All items, in row order.</summary>
    public IEnumerable<CatalogItem> Items => Enumerable.Range(0, Count).Select(i => this[i]);

    /// <summary>ASIN of item <paramref name="row"/>.</summary>
    public string AsinAt(int row) => _asins[row];

    /// <summary>The row of <paramref name="asin"/>.</summary>
    /// <exception cref="KeyNotFoundException">The item is not in the catalog.</exception>
    public int RowOf(string asin) =>
        Index.TryGetRow(asin, out var row) ? row : throw new KeyNotFoundException($"{asin} is not in the catalog");

    /// <summary>Subcategory id of item <paramref name="row"/> (index into <see cref="Subcategories"/>), or −1.</summary>
    public int SubcategoryOf(int row) => _subcategoryOf[row];

    /// <summary>Subcategory name of item <paramref name="row"/>, or null.</summary>
    public string? SubcategoryName(int row) => _subcategoryOf[row] < 0 ? null : _subcategories[_subcategoryOf[row]].Name;

    /// <summary>Subcategories of the catalog items with their item counts, largest first.</summary>
    public IReadOnlyList<SubcategoryCount> Subcategories => _subcategories;

    /// <summary>Id of the subcategory called <paramref name="name"/>, or −1.</summary>
    public int SubcategoryId(string name) => _subcategoryIds.GetValueOrDefault(name, -1);

    /// <summary>Rows of the items in subcategory <paramref name="subcategoryId"/>, ascending.</summary>
    public ReadOnlySpan<int> ItemsIn(int subcategoryId) =>
        _subcategoryItems.AsSpan(_subcategoryStart[subcategoryId], _subcategoryStart[subcategoryId + 1] - _subcategoryStart[subcategoryId]);

    /// <summary><c>also_bought</c> links whose two ends are catalog items, in metadata order.</summary>
    public IReadOnlyList<CatalogLink> AlsoBought => _links;

    internal CatalogLink[] Links => _links;

    /// <summary>Counts of what the join kept and left out.</summary>
    public CatalogReport Report => _report;

    private CatalogReport _report;

    /// <summary>Releases this catalog's feature view and, if <c>Load</c> opened it, the memory-mapped file
    /// (a mapping is unmapped once every view of it is disposed).</summary>
    public void Dispose()
    {
        if (!ReferenceEquals(Features, _owned)) (Features as FeatureMatrix)?.Dispose();
        _owned?.Dispose();
    }

    /// <summary>
    /// Joins <paramref name="features"/> (rows with their ASIN index, e.g. a <c>FeatureMatrix</c> or
    /// <see cref="DenseFeatureRows"/>) with <paramref name="metadata"/>, streaming the metadata once.
    /// The caller keeps ownership of <paramref name="features"/>.
    /// </summary>
    public static ProductCatalog Build(IFeatureRows features, IAsinIndex index, IEnumerable<ProductMetadata> metadata, CatalogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(metadata);
        return CatalogJoin.Join(features, index, metadata, options ?? new CatalogOptions(), owned: null);
    }

    /// <summary>Joins a memory-mapped feature matrix with <paramref name="metadata"/>; the catalog's features are a
    /// <see cref="FeatureMatrix.Subset"/> view when items are left out. The caller keeps ownership of <paramref name="features"/>.</summary>
    public static ProductCatalog Build(FeatureMatrix features, IEnumerable<ProductMetadata> metadata, CatalogOptions? options = null) =>
        Build(features, features, metadata, options);

    /// <summary>Builds a catalog from an in-memory feature set (see <see cref="Build(IFeatureRows, IAsinIndex, IEnumerable{ProductMetadata}, CatalogOptions?)"/>).</summary>
    public static ProductCatalog Build(DenseFeatureRows features, IEnumerable<ProductMetadata> metadata, CatalogOptions? options = null) =>
        Build(features, features, metadata, options);

    private static (int[] Start, int[] Items) GroupBySubcategory(int[] subcategoryOf, SubcategoryCount[] subcategories)
    {
        var start = new int[subcategories.Length + 1];
        foreach (int s in subcategoryOf) if (s >= 0) start[s + 1]++;
        for (int s = 0; s < subcategories.Length; s++) start[s + 1] += start[s];
        var items = new int[start[^1]];
        var next = start[..^1].ToArray();
        for (int i = 0; i < subcategoryOf.Length; i++)
            if (subcategoryOf[i] >= 0) items[next[subcategoryOf[i]]++] = i;
        return (start, items);
    }
}
