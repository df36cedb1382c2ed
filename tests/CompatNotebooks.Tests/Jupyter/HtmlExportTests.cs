using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CompatNotebooks.Plotting;
using CompatNotebooks.Tests.Plotting;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Jupyter;

/// <summary>
/// A notebook executed through Jupyter, exported by Debian's nbconvert to HTML and opened in headless Chromium with
/// the network cut: every chart must be drawn from the plotly.js the outputs carry (the export's own CDN scripts fail).
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class HtmlExportTests
{
    [Fact]
    public void Nbconvert_html_of_the_tsne_notebook_draws_every_chart_offline()
    {
        var run = JupyterNotebookRuns.Of("04-style-space-tsne.ipynb");
        Assert.True(run.Script.ExitCode == 0, run.Script.ToString());
        var dir = RepositoryPaths.Artifacts("jupyter-html-04");
        var convert = JupyterScripts.RunProcess("/usr/bin/jupyter-nbconvert",
            ["--to", "html", "--output-dir", dir, run.ExecutedPath], TimeSpan.FromMinutes(3));
        Assert.True(convert.ExitCode == 0, convert.ToString());
        var page = Path.Combine(dir, "04-style-space-tsne.html");
        var html = File.ReadAllText(page);
        var charts = run.Data("text/html").Select(JupyterNotebookRun.Text).Count(h => h.Contains("class=\"compat-chart\""));
        Assert.True(charts >= 4, $"{charts} chart outputs");
        Assert.Single(Regex.Matches(html, Regex.Escape(PlotlyJs.BundleMarker)));

        var dom = HeadlessChromium.DumpDom(page);
        Assert.Equal(charts, Regex.Matches(dom, "class=\"plot-container plotly\"").Count); // every chart drawn
        Assert.Contains("class=\"point\"", dom); // markers, not just axes
        HeadlessChromium.Screenshot(page, Path.Combine(dir, "04-style-space-tsne.png"), height: 4000);
        Assert.True(new FileInfo(Path.Combine(dir, "04-style-space-tsne.png")).Length > 10_000);
    }

    [Fact]
    public void The_live_curve_and_every_chart_draw_offline_and_still_do_with_the_first_charts_cell_cleared()
    {
        var run = JupyterNotebookRuns.Of("01-visual-compatibility.ipynb");
        Assert.True(run.Script.ExitCode == 0, run.Script.ToString());
        var dir = RepositoryPaths.Artifacts("jupyter-html-01");

        var (charts, drawn) = ExportAndDraw(JsonNode.Parse(run.Executed.ToJsonString())!, dir, "01-as-run");
        Assert.True(charts >= 3, $"{charts} chart outputs"); // the live loss curve, the epoch losses, the ROC curves
        Assert.Equal(charts, drawn);

        // A front end clears a cell's outputs when it re-runs it (or on "clear output"): the first chart's cell here.
        // The bundle is in the first cell's output, so the charts left still draw with the network cut.
        var cleared = JsonNode.Parse(run.Executed.ToJsonString())!;
        var cell = cleared["cells"]!.AsArray().First(c => c!["outputs"] is JsonArray outputs && outputs.Any(IsChart))!;
        var removed = cell["outputs"]!.AsArray().Count(IsChart);
        cell["outputs"] = new JsonArray();
        var (left, drawnLeft) = ExportAndDraw(cleared, dir, "01-first-chart-cleared");
        Assert.Equal(charts - removed, left);
        Assert.True(left >= 2, $"{left} charts left");
        Assert.Equal(left, drawnLeft);
    }

    private static bool IsChart(JsonNode? output) =>
        output?["data"]?["text/html"] is { } html && JupyterNotebookRun.Text(html).Contains("class=\"compat-chart\"");

    /// <summary>Writes the notebook, converts it with nbconvert, opens it offline: (chart outputs, charts drawn).</summary>
    private static (int Charts, int Drawn) ExportAndDraw(JsonNode notebook, string dir, string name)
    {
        var path = Path.Combine(dir, name + ".ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        var convert = JupyterScripts.RunProcess("/usr/bin/jupyter-nbconvert",
            ["--to", "html", "--output-dir", dir, path], TimeSpan.FromMinutes(3));
        Assert.True(convert.ExitCode == 0, convert.ToString());
        var page = Path.Combine(dir, name + ".html");
        Assert.Single(Regex.Matches(File.ReadAllText(page), Regex.Escape(PlotlyJs.BundleMarker)));
        var charts = notebook["cells"]!.AsArray().Sum(c => c!["outputs"] is JsonArray outputs ? outputs.Count(IsChart) : 0);
        var dom = HeadlessChromium.DumpDom(page);
        return (charts, Regex.Matches(dom, "class=\"plot-container plotly\"").Count);
    }
}
