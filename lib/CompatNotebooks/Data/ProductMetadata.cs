namespace CompatNotebooks.Data;

/// <summary>
/// One line of <c>meta_&lt;Category&gt;.json.gz</c>, typed. Strings are kept exactly as written in the file
/// (HTML entities such as <c>&amp;amp;</c> included); use <see cref="DisplayTitle"/> for display.
/// </summary>
public sealed record ProductMetadata
{
    /// <summary>The product id (10 characters in the 2014 data).</summary>
    public required string Asin { get; init; }

    /// <summary>Title as written, or null when absent.</summary>
    public string? Title { get; init; }

    /// <summary>Price in dollars, or null when absent.</summary>
    public double? Price { get; init; }

    /// <summary>Why the line's numeric price was dropped (a <see cref="MetadataPriceReasons"/> value), or null.</summary>
    internal string? PriceProblem { get; init; }

    /// <summary>Image URL, or null.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>Brand as written, or null.</summary>
    public string? Brand { get; init; }

    /// <summary>Description as written, or null.</summary>
    public string? Description { get; init; }

    /// <summary>Sales rank by top-level category (empty when absent).</summary>
    public IReadOnlyDictionary<string, long> SalesRank { get; init; } = EmptyRanks;

    /// <summary>Category paths, e.g. [["Musical Instruments", "Guitars", ...], ...] (empty when absent).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Categories { get; init; } = [];

    /// <summary>Related-product lists (<c>also_bought</c> etc.).</summary>
    public RelatedProducts Related { get; init; } = RelatedProducts.None;

    /// <summary>Keys of the line this type has no property for, with their parsed values
    /// (dictionaries, lists, strings, long, double, bool or null), so nothing is lost.</summary>
    public IReadOnlyDictionary<string, object?> Extra { get; init; } = EmptyExtra;

    /// <summary>The title with HTML entities decoded, for display.</summary>
    public string? DisplayTitle => Title is null ? null : System.Net.WebUtility.HtmlDecode(Title);

    /// <summary>The brand with HTML entities decoded, for display.</summary>
    public string? DisplayBrand => Brand is null ? null : System.Net.WebUtility.HtmlDecode(Brand);

    /// <summary>The book's subcategory: the second level of the first category path, or null.</summary>
    public string? Subcategory => Categories.Count > 0 && Categories[0].Count > 1 ? Categories[0][1] : null;

    internal static readonly IReadOnlyDictionary<string, long> EmptyRanks = new Dictionary<string, long>();
    internal static readonly IReadOnlyDictionary<string, object?> EmptyExtra = new Dictionary<string, object?>();
}

/// <summary>The <c>related</c> field: lists of ASINs (empty when absent). The later JSON release's flat
/// <c>also_buy</c>/<c>also_view</c> fields map to <see cref="AlsoBought"/>/<see cref="AlsoViewed"/>.</summary>
public sealed record RelatedProducts
{
    /// <summary>"Customers who bought this also bought" — the chapter's compatibility signal.</summary>
    public IReadOnlyList<string> AlsoBought { get; init; } = [];

    /// <summary>"Customers who viewed this also viewed".</summary>
    public IReadOnlyList<string> AlsoViewed { get; init; } = [];

    /// <summary>"Frequently bought together".</summary>
    public IReadOnlyList<string> BoughtTogether { get; init; } = [];

    /// <summary>"Bought after viewing".</summary>
    public IReadOnlyList<string> BuyAfterViewing { get; init; } = [];

    /// <summary>No related products.</summary>
    public static RelatedProducts None { get; } = new();
}
