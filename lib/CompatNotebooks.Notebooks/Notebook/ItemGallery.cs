using System.Globalization;
using System.Net;
using System.Text;
using CompatNotebooks.Catalog;
using CompatNotebooks.Location;
using CompatNotebooks.Recommendation;
using CompatNotebooks.Training;

namespace CompatNotebooks.Notebook;

/// <summary>
/// Ranked catalog items as an HTML table: rank, product image (loaded from its URL when online; hidden when it cannot
/// load), title, subcategory, price and score, with chosen rows highlighted (e.g. held-out <c>also_bought</c> links).
/// </summary>
public sealed class ItemGallery
{
    private ItemGallery(string title, string html, string text)
    {
        Title = title;
        Html = html;
        Text = text;
    }

    /// <summary>Caption of the table.</summary>
    public string Title { get; }

    /// <summary>The table as HTML (what notebooks show).</summary>
    public string Html { get; }

    /// <summary>The table as plain text.</summary>
    public string Text { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>Builds the table for <paramref name="ranked"/> items of <paramref name="catalog"/>.</summary>
    /// <param name="catalog">Where titles, subcategories, prices and images come from.</param>
    /// <param name="ranked">Items, best first.</param>
    /// <param name="title">Caption.</param>
    /// <param name="scoreName">Header of the score column.</param>
    /// <param name="score">Turns a ranking score into the shown value (e.g. the logistic function for a probability).</param>
    /// <param name="highlight">Rows to mark (e.g. true held-out links).</param>
    /// <param name="images">False leaves the image column out (the generated sample's image URLs are invented).</param>
    public static ItemGallery Of(ProductCatalog catalog, IEnumerable<RankedItem> ranked, string title, string scoreName = "score",
        Func<double, double>? score = null, IReadOnlySet<int>? highlight = null, bool images = true)
    {
        var html = new StringBuilder();
        var text = new StringBuilder(title).Append('\n');
        html.Append(NotebookFormatters.TableStyle).Append("<table class=\"compat-table compat-gallery\"><caption style=\"text-align:left;font-weight:bold\">")
            .Append(WebUtility.HtmlEncode(title)).Append("</caption><thead><tr><th>#</th>").Append(images ? "<th></th>" : "").Append("<th>title</th><th>subcategory</th><th>price</th><th>")
            .Append(WebUtility.HtmlEncode(scoreName)).Append("</th></tr></thead><tbody>");
        var rank = 0;
        foreach (var item in ranked)
        {
            rank++;
            var product = catalog[item.Row];
            var value = (score ?? (s => s))(item.Score).ToString("0.000", CultureInfo.InvariantCulture);
            var marked = highlight?.Contains(item.Row) == true;
            var price = product.Price is { } p ? p.ToString("0.00", CultureInfo.InvariantCulture) : "";
            html.Append(marked ? "<tr style=\"background:#dafbe1\">" : "<tr>")
                .Append($"<td>{rank}</td>");
            if (images)
            {
                html.Append("<td>");
                if (product.ImageUrl is { Length: > 0 } url)
                    html.Append($"<img src=\"{WebUtility.HtmlEncode(url)}\" alt=\"\" loading=\"lazy\" style=\"max-height:60px;max-width:80px\" onerror=\"this.style.display='none'\">");
                html.Append("</td>");
            }
            html.Append($"<td style=\"text-align:left\">{WebUtility.HtmlEncode(product.DisplayTitle ?? product.Asin)}{(marked ? " ✔" : "")}</td>")
                .Append($"<td style=\"text-align:left\">{WebUtility.HtmlEncode(product.Subcategory ?? "")}</td><td>{price}</td><td>{value}</td></tr>");
            text.Append($"{rank,3}. {product.DisplayTitle ?? product.Asin} [{product.Subcategory}] {price} {scoreName} {value}{(marked ? "  (held-out link)" : "")}\n");
        }
        html.Append("</tbody></table>");
        return new ItemGallery(title, html.ToString(), text.ToString());
    }

    /// <summary>
    /// True when <paramref name="dataDirectory"/> holds the generated sample (it carries the sample's stamp file),
    /// whose image URLs point nowhere, so a notebook can leave the image column out.
    /// </summary>
    public static bool IsGeneratedSample(string dataDirectory) =>
        File.Exists(Path.Combine(dataDirectory, DataLocation.StampFileName));

    /// <summary>Two galleries next to each other (e.g. the model's ranking and the raw-feature neighbours).</summary>
    public static SideBySide Beside(ItemGallery left, ItemGallery right) => new(left, right);
}

/// <summary>Two galleries shown side by side.</summary>
/// <param name="Left">Left table.</param>
/// <param name="Right">Right table.</param>
public sealed record SideBySide(ItemGallery Left, ItemGallery Right)
{
    /// <summary>Both tables in a two-column flex layout.</summary>
    public string Html => $"<div style=\"display:flex;gap:2em;align-items:flex-start;flex-wrap:wrap\"><div>{Left.Html}</div><div>{Right.Html}</div></div>";

    /// <inheritdoc/>
    public override string ToString() => Left.Text + "\n" + Right.Text;
}
