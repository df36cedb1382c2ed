using System.Text.RegularExpressions;
using CompatNotebooks.Plotting;
using Plotly.NET;

namespace CompatNotebooks.Tests.Plotting;

public sealed class ChartHtmlTests
{
    private static GenericChart Loss() => TrainingCharts.Loss([1, 2], [0.7, 0.5]);

    [Fact]
    public void Fragment_carries_the_figure_and_the_bundle_only_when_asked()
    {
        var with = ChartHtml.Fragment(Loss(), includePlotlyJs: true);
        var without = ChartHtml.Fragment(Loss(), includePlotlyJs: false);
        Assert.Contains(PlotlyJs.BundleMarker, with);
        Assert.DoesNotContain(PlotlyJs.BundleMarker, without);
        Assert.Contains("\"y\":[0.7,0.5]", without);
        Assert.True(with.Length > 3_000_000, "the inline plotly.js bundle is ≈ 3.6 MB");
        Assert.True(without.Length < 50_000);
    }

    [Fact]
    public void Script_end_tags_in_data_cannot_close_the_script()
    {
        var points = new ScatterPoints([0, 1], [0, 1], ["</script><b>x", "ok"]);
        var html = ChartHtml.Fragment(StyleSpaceCharts.ByGroup(points, ["a", "a"], "t"), includePlotlyJs: false);
        Assert.DoesNotContain("</script><b>", html);
        Assert.Contains("<\\/script><b>x", html);
    }

    [Fact]
    public void Page_keeps_exactly_one_bundle()
    {
        var body = ChartHtml.Fragment(Loss(), true) + ChartHtml.Fragment(Loss(), true) + ChartHtml.Fragment(Loss(), false);
        var page = ChartHtml.Page("t", body);
        Assert.Single(Regex.Matches(page, PlotlyJs.BundleMarker + "=").Cast<Match>());
        Assert.Equal(3, Regex.Matches(page, "class=\"compat-chart\"").Count);
    }

    [Fact]
    public void Bundle_hides_amd_loaders_so_window_Plotly_is_defined()
    {
        var script = PlotlyJs.ScriptElement();
        Assert.StartsWith("<script", script);
        Assert.Contains("(function (define, module, exports) {", script);
        Assert.Contains("}).call(window);", script);
        Assert.Matches(@"^\d+\.\d+\.\d+$", PlotlyJs.Version);
    }
}
