using CompatNotebooks.Plotting;
using Plotly.NET;

namespace CompatNotebooks.Tests.Plotting;

/// <summary>The chart builders put the right traces, names and values into the figure.</summary>
public sealed class ChartBuilderTests
{
    private static string Json(GenericChart chart) => GenericChart.toFigureJson(chart);

    private static int Traces(GenericChart chart) => GenericChart.getTraces(chart).Length;

    [Fact]
    public void Training_curves_have_one_line_per_series()
    {
        var chart = TrainingCharts.Curves("t", "epoch", "loss",
            new CurveSeries("train", [1, 2], [0.6, 0.5]), new CurveSeries("test", [1, 2], [0.65, 0.58]));
        Assert.Equal(2, Traces(chart));
        Assert.Contains("\"name\":\"test\"", Json(chart));
        Assert.Throws<ArgumentException>(() => TrainingCharts.Curves("t", "x", "y", new CurveSeries("bad", [1, 2], [0.5])));
    }

    [Fact]
    public void Bars_keep_order_and_label_counts()
    {
        var json = Json(CountCharts.Bars(new Dictionary<string, long> { ["Guitars"] = 1200, ["Drums"] = 3 }, "t", "subcategory"));
        Assert.Contains("\"x\":[\"Guitars\",\"Drums\"]", json);
        Assert.Contains("\"1,200\"", json);
    }

    [Fact]
    public void Roc_has_the_chance_line_and_auc_in_legend()
    {
        var chart = RocCharts.Curves("ROC", new RocSeries("euclidean", [0, 1], [0, 1], 0.8123));
        Assert.Equal(2, Traces(chart));
        Assert.Contains("euclidean (AUC 0.812)", Json(chart));
    }

    [Fact]
    public void Style_space_top_groups_grey_out_the_rest()
    {
        var points = new ScatterPoints([0, 1, 2, 3, 4], [0, 1, 2, 3, 4], ["a", "b", "c", "d", "e"]);
        var chart = StyleSpaceCharts.ByTopGroups(points, ["Fender", "Fender", "Yamaha", null, "Gibson"], topN: 1, "brands");
        var json = Json(chart);
        Assert.Equal(2, Traces(chart));
        Assert.Contains("\"name\":\"other (3)\"", json);
        Assert.Contains("\"name\":\"Fender\"", json);
        Assert.DoesNotContain("\"name\":\"Yamaha\"", json);
    }

    [Fact]
    public void Style_space_by_value_separates_unknown_values_and_shows_a_colour_bar()
    {
        var points = new ScatterPoints([0, 1, 2], [0, 1, 2], ["a", "b", "c"]);
        var json = Json(StyleSpaceCharts.ByValue(points, [10, double.NaN, 30], "price", "prices"));
        Assert.Contains("\"name\":\"price unknown (1)\"", json);
        Assert.Contains("\"showscale\":true", json);
        Assert.Contains("\"color\":[10.0,30.0]", json);
        Assert.Contains("a (price 10)", json);
    }

    [Fact]
    public void Style_space_by_group_follows_the_requested_groups()
    {
        var points = new ScatterPoints([0, 1, 2], [0, 1, 2], ["a", "b", "c"]);
        var chart = StyleSpaceCharts.ByGroup(points, ["Guitars", "Drums", "Guitars"], "t", ["Guitars"]);
        Assert.Equal(1, Traces(chart));
        Assert.Throws<ArgumentException>(() => StyleSpaceCharts.ByGroup(points, ["only one"], "t"));
    }

    [Fact]
    public void Comparison_has_one_bar_trace_per_model_in_each_panel()
    {
        var chart = ComparisonCharts.ModelsByNegatives(
        [
            new("Euclidean", "random", 0.81, 0.88), new("inner product", "random", 0.83, 0.9),
            new("Euclidean", "difficult", 0.61, 0.66), new("inner product", "difficult", 0.64, 0.69),
        ], "2x2");
        Assert.Equal(4, Traces(chart));
        var json = Json(chart);
        Assert.Contains("\"x\":[\"random\",\"difficult\"]", json);
        Assert.Contains("\"0.690\"", json);
        // The same model has the same colour in both panels.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(json, "\"color\":\"#636efa\"").Count);
    }
}
