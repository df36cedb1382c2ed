using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CompatNotebooks.Plotting;
using Markdig;
using Microsoft.DotNet.Interactive.Documents;

namespace CompatNotebooks.Runner;

/// <summary>
/// A standalone HTML page of an executed notebook: markdown rendered, code with its run time, text and HTML
/// outputs, Plotly charts drawn from one inline plotly.js bundle and LaTeX math (<c>$…$</c>, <c>$$…$$</c> in markdown)
/// typeset by an inline copy of KaTeX, so the page works with no network.
/// </summary>
public static partial class HtmlReport
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private const string Css = """
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1f2328; line-height: 1.5; }
        .cell { margin: 1em 0; }
        .code { position: relative; }
        pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .6em .8em; overflow-x: auto; font-size: 13px; }
        pre.source { border-left: 4px solid #0969da; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.stdout { background: #fff; }
        pre.stderr { background: #fff8c5; }
        pre.error { background: #ffebe9; border-color: #ff8182; color: #82071e; }
        .timing { position: absolute; right: .6em; top: .3em; font-size: 11px; color: #57606a; }
        .output { margin: .4em 0 .4em 1em; overflow-x: auto; }
        table.compat-table { border-collapse: collapse; font-size: 13px; }
        table.compat-table th, table.compat-table td { border: 1px solid #d0d7de; padding: 2px 8px; text-align: right; }
        table.compat-table th { background: #f6f8fa; }
        .summary { color: #57606a; font-size: 13px; }
        """;

    /// <summary>Renders the executed <paramref name="document"/> as one HTML page.</summary>
    public static string Render(InteractiveDocument document, string title, IReadOnlyDictionary<InteractiveDocumentElement, TimeSpan> timings, TimeSpan total)
    {
        var body = new StringBuilder();
        body.Append($"<p class=\"summary\">{WebUtility.HtmlEncode(title)}.ipynb — executed {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC in {total.TotalSeconds:0.0} s</p>\n");
        foreach (var element in document.Elements)
        {
            body.Append("<div class=\"cell\">");
            if (element.KernelName == "markdown")
            {
                body.Append(Markdig.Markdown.ToHtml(DisplayMathOnItsOwnLines(element.Contents), Markdown));
            }
            else
            {
                body.Append("<div class=\"code\">");
                if (timings.TryGetValue(element, out var time))
                    body.Append($"<span class=\"timing\">{time.TotalSeconds:0.00} s</span>");
                body.Append("<pre class=\"source\"><code>").Append(WebUtility.HtmlEncode(element.Contents)).Append("</code></pre></div>");
                foreach (var output in element.Outputs)
                    body.Append("<div class=\"output\">").Append(Output(output)).Append("</div>");
            }
            body.Append("</div>\n");
        }
        // KaTeX (≈ 0.6 MB with its fonts) only on pages that have math.
        if (KatexAssets.HasMath(body.ToString()))
            body.Append(KatexAssets.Html);
        return ChartHtml.Page(title, body.ToString(), Css);
    }

    private static string Output(InteractiveDocumentOutputElement output) => output switch
    {
        TextElement text => $"<pre class=\"{(text.Name == "stderr" ? "stderr" : "stdout")}\">{WebUtility.HtmlEncode(text.Text)}</pre>",
        ErrorElement error => $"<pre class=\"error\">{WebUtility.HtmlEncode(error.ErrorName + ": " + error.ErrorValue)}</pre>",
        DisplayElement display => Data(display.Data),
        ReturnValueElement value => Data(value.Data),
        _ => "",
    };

    private static string Data(IDictionary<string, object> data)
    {
        if (data.TryGetValue("text/html", out var html))
            return html?.ToString() ?? "";
        if (data.TryGetValue("image/png", out var png))
            return $"<img src=\"data:image/png;base64,{png}\">";
        if (data.TryGetValue("image/svg+xml", out var svg))
            return svg?.ToString() ?? "";
        if (data.TryGetValue("text/plain", out var text))
            return $"<pre class=\"stdout\">{WebUtility.HtmlEncode(text?.ToString() ?? "")}</pre>";
        return "";
    }

    /// <summary>A paragraph that is only <c>$$…$$</c> on one line is display math in Jupyter and VS Code; Markdig reads it
    /// as inline math unless the delimiters stand on lines of their own, so they are put there.</summary>
    internal static string DisplayMathOnItsOwnLines(string markdown) =>
        SingleLineDisplayMath().Replace(markdown, m => $"{m.Groups[1].Value}$$\n{m.Groups[2].Value}\n{m.Groups[1].Value}$$");

    [GeneratedRegex(@"^([ \t]*)\$\$(?!\s*$)(.+?)\$\$[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex SingleLineDisplayMath();
}
