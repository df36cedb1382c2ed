using System.Text.RegularExpressions;
using CompatNotebooks.Runner;
using CompatNotebooks.Tests.Plotting;
using Microsoft.DotNet.Interactive.Documents;

namespace CompatNotebooks.Tests.Runner;

/// <summary>The runner's HTML report in a real browser cut off from the network: math typeset, long code wrapped.</summary>
[Collection(NotebookCollection.Name)]
public sealed class ReportBrowserTests
{
    private const string LongLine = "var veryLongName = new[] { " + "1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, " + "11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0 }.Sum();";

    [Fact]
    public async Task Report_typesets_markdown_math_offline_and_wraps_long_code_lines()
    {
        var dir = RepositoryPaths.Artifacts("browser-report-math");
        var notebook = Path.Combine(dir, "math.ipynb");
        NotebookRunner.Save(new InteractiveDocument(
        [
            new("# Math\nThe probability is $p = \\sigma(c - \\|x_1E_1 - x_2E_2\\|^2)$ and it costs $5 or $10 (not math).", "markdown"),
            new("$$\n\\hat{y}_{ij} = \\sigma\\left(c + \\langle x_i E_1, x_j E_2 \\rangle\\right)\n$$", "markdown"),
            new(LongLine, "csharp"),
        ]), notebook);
        var result = await NotebookRunner.RunAsync(notebook, new RunOptions { OutputDirectory = Path.Combine(dir, "out"), TimeoutPerCell = NotebookRuns.CellLimit });
        Assert.True(result.Succeeded, result.FailureMessage);
        var html = File.ReadAllText(result.HtmlReportPath!);
        Assert.DoesNotContain("url(fonts/", html); // every KaTeX font inlined: nothing to fetch

        // The report plus a probe that records, after the fonts settled, what a reader would see.
        var probe = Path.Combine(dir, "probe.html");
        File.WriteAllText(probe, html.Replace("</body>", """
            <script>
            document.fonts.ready.then(function () {
              var wide = Array.from(document.querySelectorAll("pre.source")).filter(function (p) { return p.scrollWidth > p.clientWidth + 1; });
              document.body.setAttribute("data-overflowing-code", String(wide.length));
              document.body.setAttribute("data-katex-font", String(document.fonts.check("16px KaTeX_Main") && Array.from(document.fonts).some(function (f) { return f.family.indexOf("KaTeX_Main") >= 0 && f.status === "loaded"; })));
            });
            </script>
            </body>
            """));
        var dom = HeadlessChromium.DumpDom(probe);

        Assert.Equal(2, Regex.Matches(dom, "<span class=\"katex\">").Count); // the inline formula and the display one
        Assert.Single(Regex.Matches(dom, "<span class=\"katex-display\">"));
        Assert.Contains("<annotation encoding=\"application/x-tex\">p = \\sigma(c - \\|x_1E_1 - x_2E_2\\|^2)</annotation>", dom);
        Assert.DoesNotContain("class=\"katex-error\"", dom); // (the script itself names the class)
        Assert.Contains("costs $5 or $10 (not math)", dom);
        Assert.Contains("data-katex-font=\"true\"", dom);
        Assert.Contains("data-overflowing-code=\"0\"", dom);
        HeadlessChromium.Screenshot(probe, Path.Combine(dir, "math.png"), width: 800, height: 700);
    }
}
