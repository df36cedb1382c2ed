using System.Net;
using System.Text;
using CompatNotebooks.Catalog;

namespace CompatNotebooks.Notebook;

/// <summary>
/// How a notebook shows a <see cref="CatalogReport"/> (registered by <see cref="NotebookFormatters.Register"/>): the
/// counts as a two-column table, then what the load skipped — by reason, and the first messages of each file (file,
/// line and column, or record and byte offset, and the reason), the same lines <c>compat-notebooks inspect</c> prints.
/// </summary>
public static class CatalogReportView
{
    // Shown elsewhere or as the lines under the table, not as table rows.
    private static readonly string[] NotCounts = [nameof(CatalogReport.FeatureFile), nameof(CatalogReport.MetadataFile), nameof(CatalogReport.MetadataSkipped)];

    /// <summary>The report as HTML: the counts table, then the skipped lines (nothing more when none was skipped).</summary>
    public static string Html(CatalogReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(NotebookFormatters.DataFrameHtml(DataFrames.Properties(report, NotCounts)));
        var skipped = SkippedLines(report);
        if (skipped.Count > 0)
        {
            html.Append("<div class=\"compat-skipped\" style=\"font-family:monospace;font-size:smaller;margin-top:4px\">");
            foreach (var line in skipped)
                html.Append("<div>").Append(WebUtility.HtmlEncode(line)).Append("</div>");
            html.Append("</div>");
        }
        return html.ToString();
    }

    /// <summary>The report as plain text: the counts, then the skipped lines indented.</summary>
    public static string Text(CatalogReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(DataFrameText.Render(DataFrames.Properties(report, NotCounts)));
        foreach (var line in SkippedLines(report))
            text.Append("  ").Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>Prints <see cref="SkippedLines"/> to the cell's output, one per line, and nothing when nothing was
    /// skipped: for notebooks that show their own counts instead of the whole report.</summary>
    /// <param name="report">The load's report.</param>
    /// <param name="writer">Where to print; null = standard output (the cell's output in a notebook).</param>
    public static void PrintSkipped(CatalogReport report, TextWriter? writer = null)
    {
        writer ??= Console.Out;
        foreach (var line in SkippedLines(report))
            writer.WriteLine(line);
    }

    /// <summary>The lines under the counts: skipped metadata lines by reason, then
    /// <see cref="CatalogReport.SkippedMessages"/>.</summary>
    public static IReadOnlyList<string> SkippedLines(CatalogReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string>();
        if (report.MetadataSkipped.Count > 0)
            lines.Add("metadata lines skipped: " + string.Join(", ", report.MetadataSkipped.Select(kv => $"{kv.Key}: {kv.Value:N0}")));
        if (report.SkippedFeatureRecords > 0)
            lines.Add($"feature records skipped: {report.SkippedFeatureRecords:N0}");
        lines.AddRange(report.SkippedMessages());
        return lines;
    }
}
