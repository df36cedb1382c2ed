using System.Globalization;
using System.Net;
using CompatNotebooks.Catalog;
using CompatNotebooks.Plotting;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace CompatNotebooks.Notebook;

/// <summary>
/// The display formatters the notebooks rely on, registered by <see cref="NotebookSetup.Prepare"/>: Plotly.NET
/// charts as offline-capable HTML plus Plotly's figure JSON (<see cref="ChartHtml.PlotlyMimeType"/>, which front ends
/// with a Plotly renderer draw natively and the others ignore), progress bars, catalog reports with their skipped
/// lines (<see cref="CatalogReportView"/>), and DataFrames as compact tables. Registered in-process because package
/// kernel extensions are not loaded by our runner, and registered in the VS Code kernel too so both show the same thing.
/// </summary>
public static class NotebookFormatters
{
    private static int _bundleEmitted;

    /// <summary>Rows of a DataFrame shown before the table is cut (the row count is always printed).</summary>
    public const int DataFrameRowLimit = 25;

    /// <summary>Registers every formatter (call through <see cref="NotebookSetup.Prepare"/>).</summary>
    public static void Register()
    {
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartFragment(chart)), HtmlFormatter.MimeType);
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartHtml.FigureJson(chart)), ChartHtml.PlotlyMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlFormatter.MimeType, ChartHtml.PlotlyMimeType);

        Formatter.Register<ProgressState>((state, writer) => writer.Write(ProgressHtml(state)), HtmlFormatter.MimeType);
        Formatter.Register<ProgressState>((state, writer) => writer.Write(state.ToString()), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(ProgressState), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);

        Formatter.Register<NotebookEnvironment>((env, writer) => writer.Write(EnvironmentHtml(env)), HtmlFormatter.MimeType);
        Formatter.Register<NotebookEnvironment>((env, writer) => writer.Write(env.ToString()), PlainTextFormatter.MimeType);

        Formatter.Register<LiveChartView>((view, writer) => writer.Write(view.Html), HtmlFormatter.MimeType);
        Formatter.Register<LiveChartView>((view, writer) => writer.Write(view.Text), PlainTextFormatter.MimeType);
        Formatter.Register<LiveChartView>((view, writer) => writer.Write(view.FigureJson), ChartHtml.PlotlyMimeType);
        Formatter.Register<PlotlyBundleView>((_, writer) => writer.Write(PlotlyJs.ScriptElement()), HtmlFormatter.MimeType);
        Formatter.Register<PlotlyBundleView>((bundle, writer) => writer.Write(bundle.ToString()), PlainTextFormatter.MimeType);

        Formatter.Register<ItemGallery>((gallery, writer) => writer.Write(gallery.Html), HtmlFormatter.MimeType);
        Formatter.Register<ItemGallery>((gallery, writer) => writer.Write(gallery.Text), PlainTextFormatter.MimeType);
        Formatter.Register<SideBySide>((pair, writer) => writer.Write(pair.Html), HtmlFormatter.MimeType);
        Formatter.Register<SideBySide>((pair, writer) => writer.Write(pair.ToString()), PlainTextFormatter.MimeType);

        Formatter.Register<CatalogReport>((report, writer) => writer.Write(CatalogReportView.Html(report)), HtmlFormatter.MimeType);
        Formatter.Register<CatalogReport>((report, writer) => writer.Write(CatalogReportView.Text(report)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(CatalogReport), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);

        Formatter.Register<DataFrame>((frame, writer) => writer.Write(DataFrameHtml(frame)), HtmlFormatter.MimeType);
        // Plain-text fallback: aligned, rounded columns (DataFrame.ToString runs numbers together).
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(DataFrameText.Render(frame)), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrame), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }

    /// <summary>
    /// The first cell's output: the one line of <see cref="NotebookEnvironment.ToString"/> and, when nothing since
    /// <see cref="ResetPlotlyBundle"/> carried it, the inline plotly.js bundle (hidden: a script element).
    /// </summary>
    /// <remarks>
    /// The bundle goes in the setup cell's output rather than in the notebook's first chart: that cell runs first in
    /// every session and again after a kernel restart, and nobody re-runs or clears it to redo a chart. Re-running the
    /// first chart's cell would replace its output with one that no longer carries the bundle (already claimed), and
    /// the saved notebook and its nbconvert HTML would then hold no copy at all.
    /// </remarks>
    public static string EnvironmentHtml(NotebookEnvironment environment) =>
        $"<pre class=\"compat-environment\">{WebUtility.HtmlEncode(environment.ToString())}</pre>"
        + (ClaimPlotlyBundle() ? PlotlyJs.ScriptElement() : "");

    /// <summary>True for the first caller after <see cref="ResetPlotlyBundle"/>: that output must carry plotly.js.</summary>
    public static bool ClaimPlotlyBundle() => Interlocked.Exchange(ref _bundleEmitted, 1) == 0;

    /// <summary>Makes the next chart carry the plotly.js bundle again (a new notebook run, a cleared page).</summary>
    public static void ResetPlotlyBundle() => Interlocked.Exchange(ref _bundleEmitted, 0);

    /// <summary>
    /// The chart fragment: a chart carries the inline plotly.js bundle only if no output since
    /// <see cref="ResetPlotlyBundle"/> did (normally the first cell's <see cref="EnvironmentHtml"/> has it); charts use
    /// the <c>window.Plotly</c> it defined (outputs of one notebook share a page).
    /// </summary>
    public static string ChartFragment(GenericChart chart) =>
        ChartHtml.Fragment(chart, includePlotlyJs: ClaimPlotlyBundle());

    /// <summary>HTML progress bar with label, counts, elapsed time and status.</summary>
    public static string ProgressHtml(ProgressState state)
    {
        var percent = (state.Finished ? 1.0 : state.Fraction) * 100;
        var bar = state.Total > 0 || state.Finished
            ? $"<progress max=\"100\" value=\"{percent.ToString("0.#", CultureInfo.InvariantCulture)}\" style=\"width:16em;vertical-align:middle\"></progress> "
            : "";
        return $"<div class=\"compat-progress\" style=\"font-family:monospace\">{bar}{WebUtility.HtmlEncode(state.ToString())}</div>";
    }

    /// <summary>
    /// The style of our tables, carried by each table so it looks the same in any front end (VS Code's notebook
    /// outputs do not get the report's stylesheet). Colours are translucent so light and dark themes both work.
    /// </summary>
    public const string TableStyle =
        "<style>table.compat-table{border-collapse:collapse;font-size:13px}table.compat-table th,table.compat-table td" +
        "{border:1px solid rgba(128,128,128,.35);padding:2px 8px;text-align:right}table.compat-table th{background:rgba(128,128,128,.12)}</style>";

    /// <summary>A DataFrame as an HTML table: the first <see cref="DataFrameRowLimit"/> rows and the row count.</summary>
    public static string DataFrameHtml(DataFrame frame)
    {
        var html = new System.Text.StringBuilder(TableStyle).Append("<table class=\"compat-table\"><thead><tr>");
        foreach (var column in frame.Columns)
            html.Append("<th>").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        var shown = Math.Min(frame.Rows.Count, DataFrameRowLimit);
        for (long row = 0; row < shown; row++)
        {
            html.Append("<tr>");
            foreach (var column in frame.Columns)
                html.Append(column.DataType == typeof(string) ? "<td style=\"text-align:left\">" : "<td>")
                    .Append(WebUtility.HtmlEncode(Cell(column[row]))).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        var note = frame.Rows.Count > shown ? $"{shown} of {frame.Rows.Count:N0} rows shown" : $"{frame.Rows.Count:N0} rows";
        html.Append($"<div style=\"font-size:smaller;color:#666\">{note} × {frame.Columns.Count} columns</div>");
        return html.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
