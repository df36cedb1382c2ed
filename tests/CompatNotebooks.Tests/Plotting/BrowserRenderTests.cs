using System.Text.RegularExpressions;
using CompatNotebooks.Plotting;
using CompatNotebooks.Runner;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Plotting;

/// <summary>Exported HTML opened in a real browser with no network: the Plotly charts must actually draw.</summary>
[Collection(NotebookCollection.Name)]
public sealed class BrowserRenderTests
{
    [Fact]
    public void Exported_chart_page_renders_every_chart_offline()
    {
        var dir = RepositoryPaths.Artifacts("browser-charts");
        var page = ChartHtml.Save(Path.Combine(dir, "charts.html"), "charts",
            TrainingCharts.Loss([5000, 10000, 15000], [0.69, 0.52, 0.47]),
            CountCharts.Bars(new Dictionary<string, long> { ["Guitars"] = 120, ["Amplifiers"] = 80 }, "items per subcategory", "subcategory"),
            RocCharts.Curves("ROC", new RocSeries("inner product", [0, 0.2, 1], [0, 0.7, 1], 0.75)));

        var dom = HeadlessChromium.DumpDom(page);
        Assert.Contains("<svg class=\"main-svg\"", dom);
        Assert.Equal(3, Regex.Matches(dom, "class=\"plot-container plotly\"").Count); // one drawn plot per chart
        HeadlessChromium.Screenshot(page, Path.Combine(dir, "charts.png"));
        Assert.True(new FileInfo(Path.Combine(dir, "charts.png")).Length > 10_000);
    }

    [Fact]
    public void Notebook_chart_output_renders_on_a_page_with_an_AMD_loader()
    {
        // Jupyter-style front ends load require.js; plotly.js's UMD header would then register an AMD module and never
        // set window.Plotly. The chart output must draw anyway (and the second chart must reuse the first's bundle).
        var dir = RepositoryPaths.Artifacts("browser-amd");
        var page = Path.Combine(dir, "amd.html");
        File.WriteAllText(page,
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>window.define = function () {}; window.define.amd = {};</script></head><body>"
            + ChartHtml.Fragment(TrainingCharts.Loss([1, 2], [0.7, 0.6], title: "first"), includePlotlyJs: true)
            + ChartHtml.Fragment(TrainingCharts.Loss([1, 2], [0.5, 0.4], title: "second"), includePlotlyJs: false)
            + "</body></html>");

        var dom = HeadlessChromium.DumpDom(page);
        Assert.Equal(2, Regex.Matches(dom, "class=\"plot-container plotly\"").Count);
        Assert.Contains(">second<", dom);
    }

    [Fact]
    public async Task Runner_html_report_renders_its_chart_offline()
    {
        var dir = RepositoryPaths.Artifacts("browser-report");
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("succeed.ipynb"), new RunOptions { OutputDirectory = dir, TimeoutPerCell = NotebookRuns.CellLimit });
        Assert.True(result.Succeeded, result.FailureMessage);

        var html = File.ReadAllText(result.HtmlReportPath!);
        Assert.Single(Regex.Matches(html, PlotlyJs.BundleMarker)); // one plotly.js copy for the whole page
        Assert.DoesNotContain("cdn.plot.ly/plotly", html.Replace("'https://cdn.plot.ly/plotly-' ", "")[..html.IndexOf("<body>", StringComparison.Ordinal)]);

        var dom = HeadlessChromium.DumpDom(result.HtmlReportPath!);
        Assert.Contains("<svg class=\"main-svg\"", dom);
        Assert.Contains("fixture loss", dom); // the chart title, drawn by plotly.js as SVG text
        Assert.Contains("Runner fixture: succeeds</h1>", dom); // markdown rendered
        HeadlessChromium.Screenshot(result.HtmlReportPath!, Path.Combine(dir, "succeed.png"));
    }

    [Fact]
    public async Task Exported_report_of_the_tsne_notebook_draws_its_scatter_plots_offline()
    {
        // The report the notebook test writes (one run of the notebook serves both checks).
        var result = await NotebookRuns.StyleSpaceTsne();
        var report = result.HtmlReportPath!;
        Assert.Single(Regex.Matches(File.ReadAllText(report), PlotlyJs.BundleMarker));

        var dom = HeadlessChromium.DumpDom(report);
        Assert.Contains("<svg class=\"main-svg\"", dom);
        Assert.Equal(4, Regex.Matches(dom, "class=\"plot-container plotly\"").Count); // every scatter plot drawn
        Assert.Contains("class=\"point\"", dom); // markers, not just axes
        Assert.Contains("coloured by price", dom);
        var dir = RepositoryPaths.Artifacts("browser-notebook-04");
        HeadlessChromium.Screenshot(report, Path.Combine(dir, "04-style-space-tsne.png"), height: 4000);
        Assert.True(new FileInfo(Path.Combine(dir, "04-style-space-tsne.png")).Length > 10_000);
    }

    [Fact]
    public async Task Exported_report_of_notebook_01_typesets_its_equations_offline()
    {
        var result = await NotebookRuns.VisualCompatibility();
        var report = result.HtmlReportPath!;
        var markdown = string.Join("\n", File.ReadAllLines(RepositoryPaths.Notebook("01-visual-compatibility.ipynb")));
        int displayFormulas = Regex.Matches(markdown, @"\$\$").Count / 2;
        Assert.True(displayFormulas >= 2, "notebook 01 states the model and the objective as display formulas");

        var dom = HeadlessChromium.DumpDom(report);
        Assert.Equal(displayFormulas, Regex.Matches(dom, "<span class=\"katex-display\">").Count); // every $$…$$ typeset
        Assert.DoesNotContain("<span class=\"katex-error\"", dom);
        Assert.DoesNotContain("$$", Regex.Replace(dom, "<script[\\s\\S]*?</script>", "")); // no raw TeX left in the page
        var dir = RepositoryPaths.Artifacts("browser-notebook-01");
        HeadlessChromium.Screenshot(report, Path.Combine(dir, "01-visual-compatibility.png"), height: 4000);
    }
}
