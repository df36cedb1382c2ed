using System.Net;
using System.Text;
using Plotly.NET;

namespace CompatNotebooks.Plotting;

/// <summary>
/// Turns Plotly.NET charts into HTML that renders without a network: a fragment for notebook outputs and a
/// standalone page for export; and into Plotly's figure JSON for front ends that draw charts themselves.
/// </summary>
public static class ChartHtml
{
    /// <summary>
    /// The mime type of Plotly's figure JSON (<c>{"data": [...], "layout": {...}}</c>), drawn natively by front ends with
    /// a Plotly renderer (VS Code's notebook renderers, JupyterLab with Plotly's extension).
    /// </summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>The figure JSON of <paramref name="chart"/> (<c>data</c>, <c>layout</c> and <c>config</c>).</summary>
    public static string FigureJson(GenericChart chart) => GenericChart.toFigureJson(chart);

    /// <summary>
    /// A <c>div</c> plus a script that draws <paramref name="chart"/> as soon as <c>window.Plotly</c> exists.
    /// With <paramref name="includePlotlyJs"/> the inline plotly.js bundle goes first; otherwise the script waits for
    /// one defined by an earlier output on the page (notebook front ends share one page for all outputs), and only
    /// if none appears within a few seconds tries the CDN as a last resort.
    /// </summary>
    public static string Fragment(GenericChart chart, bool includePlotlyJs)
    {
        var id = "compat-chart-" + Guid.NewGuid().ToString("N");
        // "</" inside the JSON (a product title, say) would end the script element early; "<\/" is the same JSON string.
        var figure = FigureJson(chart).Replace("</", "<\\/", StringComparison.Ordinal);
        var html = new StringBuilder();
        html.Append("<div class=\"compat-chart\">");
        if (includePlotlyJs)
            html.Append(PlotlyJs.ScriptElement());
        html.Append($"<div id=\"{id}\"></div>");
        html.Append("<script type=\"text/javascript\">(function () {\n");
        html.Append($"  var figure = {figure};\n");
        html.Append($"  function draw() {{ window.Plotly.newPlot('{id}', figure.data, figure.layout, {{ responsive: true }}); }}\n");
        html.Append("  if (window.Plotly) { draw(); return; }\n");
        html.Append("  var tries = 0;\n");
        html.Append("  var timer = setInterval(function () {\n");
        html.Append("    if (window.Plotly) { clearInterval(timer); draw(); return; }\n");
        html.Append("    if (++tries === 100) {\n");
        html.Append("      clearInterval(timer);\n");
        html.Append($"      var s = document.createElement('script'); s.src = 'https://cdn.plot.ly/plotly-{PlotlyJs.Version}.min.js';\n");
        html.Append("      s.onload = draw; document.head.appendChild(s);\n");
        html.Append("    }\n");
        html.Append("  }, 50);\n");
        html.Append("})();</script></div>");
        return html.ToString();
    }

    /// <summary>A complete HTML page showing <paramref name="charts"/> with plotly.js embedded once (works offline).</summary>
    public static string Document(string title, params GenericChart[] charts)
    {
        var body = new StringBuilder();
        foreach (var chart in charts)
            body.Append(Fragment(chart, includePlotlyJs: false));
        return Page(title, body.ToString());
    }

    /// <summary>Writes <see cref="Document"/> to <paramref name="path"/> (UTF-8) and returns the full path.</summary>
    public static string Save(string path, string title, params GenericChart[] charts)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Document(title, charts), new UTF8Encoding(false));
        return full;
    }

    /// <summary>
    /// A standalone page around <paramref name="bodyHtml"/>, with the inline plotly.js bundle in the head. Any bundle
    /// copies inside the body (from notebook outputs) are dropped, so the page carries exactly one.
    /// </summary>
    public static string Page(string title, string bodyHtml, string? extraCss = null)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append($"<title>{WebUtility.HtmlEncode(title)}</title>\n");
        if (extraCss is not null)
            page.Append("<style>\n").Append(extraCss).Append("\n</style>\n");
        page.Append(PlotlyJs.ScriptElement()).Append('\n');
        page.Append("</head>\n<body>\n");
        page.Append(RemoveBundles(bodyHtml));
        page.Append("\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Removes inline plotly.js bundle elements (those written by <see cref="PlotlyJs.ScriptElement"/>).</summary>
    public static string RemoveBundles(string html)
    {
        var start = html.IndexOf("<script type=\"text/javascript\" " + PlotlyJs.BundleMarker, StringComparison.Ordinal);
        if (start < 0)
            return html;
        var result = new StringBuilder(html.Length);
        var from = 0;
        while (start >= 0)
        {
            var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
            if (end < 0)
                break;
            result.Append(html, from, start - from);
            from = end + "</script>".Length;
            start = html.IndexOf("<script type=\"text/javascript\" " + PlotlyJs.BundleMarker, from, StringComparison.Ordinal);
        }
        result.Append(html, from, html.Length - from);
        return result.ToString();
    }
}
