namespace CompatNotebooks.Catalog;

/// <summary>One catalog item: row <see cref="Row"/> of <see cref="ProductCatalog.Features"/>, with the metadata
/// the chapter uses (strings as written in the file; <see cref="DisplayTitle"/> decodes HTML entities).</summary>
/// <param name="Row">Item index = row in the catalog's features.</param>
/// <param name="Asin">Product id.</param>
/// <param name="Title">Title as written, or null (no metadata line or no title).</param>
/// <param name="Subcategory">Second level of the first category path, or null.</param>
/// <param name="Price">Price in dollars, or null.</param>
/// <param name="Brand">Brand as written, or null.</param>
/// <param name="ImageUrl">Image URL, or null.</param>
public readonly record struct CatalogItem(int Row, string Asin, string? Title, string? Subcategory, double? Price, string? Brand, string? ImageUrl)
{
    /// <summary>The title with HTML entities (<c>&amp;amp;</c>, <c>&amp;#39;</c>…) decoded, for display.</summary>
    public string? DisplayTitle => Title is null ? null : System.Net.WebUtility.HtmlDecode(Title);

    /// <summary>The brand with HTML entities decoded, for display.</summary>
    public string? DisplayBrand => Brand is null ? null : System.Net.WebUtility.HtmlDecode(Brand);
}

/// <summary>An <c>also_bought</c> link between two catalog items ("customers who bought <see cref="From"/> also bought <see cref="To"/>").</summary>
/// <param name="From">Row of the item whose metadata lists the link.</param>
/// <param name="To">Row of the listed item.</param>
public readonly record struct CatalogLink(int From, int To);

/// <summary>A subcategory and how many catalog items it holds.</summary>
/// <param name="Id">Index in <see cref="ProductCatalog.Subcategories"/> (largest first).</param>
/// <param name="Name">Name as written in the metadata.</param>
/// <param name="ItemCount">Catalog items in it.</param>
public sealed record SubcategoryCount(int Id, string Name, int ItemCount);
