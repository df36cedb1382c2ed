using System.Text.RegularExpressions;
using CompatNotebooks.Plotting;
using Plotly.NET;

namespace CompatNotebooks.Tests.Plotting;

/// <summary>What students see in the style-space and ROC plots: one colour per group, a readable price scale, square ROC axes.</summary>
public sealed class StyleSpaceReadabilityTests
{
    private static string Json(GenericChart chart) => GenericChart.toFigureJson(chart);

    private static List<string> MarkerColours(string json) =>
        Regex.Matches(json, "\"marker\":\\{[^}]*?\"color\":\"(#[0-9A-Fa-f]{6}|lightgrey)\"").Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void Every_group_gets_its_own_colour_up_to_the_palette_size()
    {
        const int groups = 30; // more than plotly's 10-colour cycle and than the 14 sample subcategories
        var n = groups * 2;
        var points = new ScatterPoints(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), new double[n], Enumerable.Range(0, n).Select(i => $"item {i}").ToArray());
        var json = Json(StyleSpaceCharts.ByGroup(points, Enumerable.Range(0, n).Select(i => (string?)$"group {i % groups}").ToArray(), "t"));
        var colours = MarkerColours(json);
        Assert.Equal(groups, colours.Count);
        Assert.Equal(groups, colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain("lightgrey", colours);
        Assert.Equal(GroupPalette.Colours.Count, GroupPalette.Colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Top_groups_are_coloured_distinctly_and_the_rest_grey()
    {
        var points = new ScatterPoints([0, 1, 2, 3], [0, 1, 2, 3], ["a", "b", "c", "d"]);
        var colours = MarkerColours(Json(StyleSpaceCharts.ByTopGroups(points, ["x", "y", "z", null], topN: 2, "t")));
        Assert.Equal(3, colours.Count);
        Assert.Equal("lightgrey", colours[0]);
        Assert.NotEqual(colours[1], colours[2]);
    }

    [Fact]
    public void Logarithmic_price_colours_follow_log10_and_label_the_bar_in_prices()
    {
        var points = new ScatterPoints([0, 1, 2, 3], [0, 1, 2, 3], ["a", "b", "c", "d"]);
        var json = Json(StyleSpaceCharts.ByValue(points, [10, 1000, double.NaN, 0], "price", "t", logarithmic: true));
        Assert.Contains("\"color\":[1.0,3.0]", json);                 // log10 of 10 and 1000
        Assert.Contains("\"name\":\"price unknown (2)\"", json);      // NaN and the non-positive price
        Assert.Contains("\"ticktext\":[\"10\",\"20\",\"50\",\"100\",\"200\",\"500\",\"1000\"]", json);
        Assert.Contains("price (log scale)", json);
        // The legend sits under the plot, clear of the colour bar on the right.
        Assert.Matches("\"legend\":\\{[^}]*\"orientation\":\"h\"", json);
    }

    [Fact]
    public void Log_ticks_are_the_1_2_5_sequence_inside_the_range()
    {
        Assert.Equal([2.0, 5, 10, 20, 50], StyleSpaceCharts.LogTicks(1.5, 60));
        Assert.Equal([0.2, 0.5, 1], StyleSpaceCharts.LogTicks(0.15, 1.2).Select(t => Math.Round(t, 9)));
    }

    [Fact]
    public void Roc_axes_are_square_and_equal()
    {
        var json = Json(RocCharts.Curves("ROC", new RocSeries("m", [0, 0.5, 1], [0, 0.8, 1], 0.8)));
        // The y axis is tied to the x axis one to one, both confined to their domain, both from 0 to 1.
        Assert.Matches("\"scaleanchor\":\"x\"", json);
        Assert.Matches("\"scaleratio\":1[,}]", json);
        Assert.Equal(2, Regex.Matches(json, "\"constrain\":\"domain\"").Count);
        Assert.Equal(2, Regex.Matches(json, "\"range\":\\[0\\.0,1\\.0\\]").Count);
    }

    [Fact]
    public void Neighbour_purity_separates_clustered_groups_from_mixed_ones()
    {
        // Two groups: in the first layout each group sits in its own half of the line, in the second they alternate.
        var n = 200;
        var points = new ScatterPoints(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), new double[n], Enumerable.Range(0, n).Select(i => $"{i}").ToArray());
        var halves = Enumerable.Range(0, n).Select(i => (string?)(i < n / 2 ? "a" : "b")).ToArray();
        var alternating = Enumerable.Range(0, n).Select(i => (string?)(i % 2 == 0 ? "a" : "b")).ToArray();

        var clustered = NeighbourPurity.Measure("halves", points, halves, neighbours: 4);
        var mixed = NeighbourPurity.Measure("alternating", points, alternating, neighbours: 4);

        Assert.True(clustered.Purity > 0.95, $"clustered purity {clustered.Purity}");
        Assert.InRange(mixed.Purity, 0.45, 0.55); // the two nearest are the other group, the next two the same
        Assert.Equal(99.0 / 199, clustered.Chance, 12);
        Assert.True(clustered.Lift > 1.9 && mixed.Lift < 1.1);
    }

    [Fact]
    public void Neighbour_purity_leaves_out_points_without_a_group_and_samples_queries_evenly()
    {
        var n = 50;
        var points = new ScatterPoints(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), new double[n], Enumerable.Range(0, n).Select(i => $"{i}").ToArray());
        var groups = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? null : (string?)(i < 25 ? "a" : "b")).ToArray();
        var purity = NeighbourPurity.Measure("g", points, groups, neighbours: 3, maxQueries: 10);
        Assert.Equal(40, purity.Points);
        Assert.Equal(10, purity.Queries);
        Assert.Throws<ArgumentException>(() => NeighbourPurity.Measure("g", points, groups.Take(3).ToArray()));
    }
}
