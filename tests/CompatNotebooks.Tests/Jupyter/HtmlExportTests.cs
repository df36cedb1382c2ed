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
}
