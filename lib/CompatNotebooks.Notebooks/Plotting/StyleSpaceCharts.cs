using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.TraceObjects;
using Chart = Plotly.NET.CSharp.Chart;

namespace CompatNotebooks.Plotting;

/// <summary>2-d points of an embedding (t-SNE of style vectors) with the hover text of each point (the item title).</summary>
/// <param name="X">First embedded dimension.</param>
/// <param name="Y">Second embedded dimension.</param>
/// <param name="HoverText">One line per point, shown on hover.</param>
public sealed record ScatterPoints(IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<string> HoverText)
{
    /// <summary>Number of points.</summary>
    public int Count => X.Count;

    /// <summary>Points from an n×2 row-major array (as t-SNE returns it) and hover texts.</summary>
    public static ScatterPoints FromRows(float[,] xy, IReadOnlyList<string> hoverText)
    {
        if (xy.GetLength(1) != 2)
            throw new ArgumentException($"expected n×2 coordinates, got n×{xy.GetLength(1)}", nameof(xy));
        var n = xy.GetLength(0);
        if (hoverText.Count != n)
            throw new ArgumentException($"{n} points but {hoverText.Count} hover texts", nameof(hoverText));
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = xy[i, 0];
            y[i] = xy[i, 1];
        }
        return new ScatterPoints(x, y, hoverText);
    }

    internal void Validate()
    {
        if (Y.Count != X.Count || HoverText.Count != X.Count)
            throw new ArgumentException($"scatter points: {X.Count} x, {Y.Count} y, {HoverText.Count} hover texts");
    }
}

/// <summary>Scatter plots of the style space (e.g. its t-SNE embedding), coloured three ways.</summary>
public static class StyleSpaceCharts
{
    /// <summary>Above this many points the plots switch to WebGL (SVG gets slow with tens of thousands of markers).</summary>
    public const int WebGlThreshold = 20_000;

    private const string XTitle = "first embedded dimension";
    private const string YTitle = "second embedded dimension";

    /// <summary>
    /// One trace per group (subcategory), in the order of <paramref name="groupsToShow"/> or, when that is null,
    /// by decreasing size. Points whose group is null or not shown are left out.
    /// </summary>
    public static GenericChart ByGroup(ScatterPoints points, IReadOnlyList<string?> group, string title, IEnumerable<string>? groupsToShow = null)
    {
        points.Validate();
        if (group.Count != points.Count)
            throw new ArgumentException($"{points.Count} points but {group.Count} group labels", nameof(group));
        var order = groupsToShow?.ToList() ?? GroupsBySize(group);
        var traces = order.Select(g => Trace(points, Enumerable.Range(0, points.Count).Where(i => group[i] == g), g, color: null));
        return Chart.Combine(traces).Titled(title, XTitle, YTitle).WithSize(820, 620);
    }

    /// <summary>
    /// The <paramref name="topN"/> largest groups (brands) in colour, every other point grey as "other"; points with
    /// no group (unknown brand) are grey too.
    /// </summary>
    public static GenericChart ByTopGroups(ScatterPoints points, IReadOnlyList<string?> group, int topN, string title)
    {
        points.Validate();
        if (group.Count != points.Count)
            throw new ArgumentException($"{points.Count} points but {group.Count} group labels", nameof(group));
        var top = GroupsBySize(group).Take(topN).ToList();
        var topSet = top.ToHashSet(StringComparer.Ordinal);
        var others = Enumerable.Range(0, points.Count).Where(i => group[i] is null || !topSet.Contains(group[i]!)).ToList();
        var traces = new List<GenericChart>();
        if (others.Count > 0)
            traces.Add(Trace(points, others, $"other ({others.Count:N0})", Color.fromString("lightgrey")));
        traces.AddRange(top.Select(g => Trace(points, Enumerable.Range(0, points.Count).Where(i => group[i] == g), g, color: null)));
        return Chart.Combine(traces).Titled(title, XTitle, YTitle).WithSize(820, 620);
    }

    /// <summary>
    /// Every point coloured by a continuous value (price) on a colour scale with a colour bar; points whose value is
    /// NaN (unknown price) are drawn grey underneath.
    /// </summary>
    public static GenericChart ByValue(ScatterPoints points, IReadOnlyList<double> value, string valueName, string title)
    {
        points.Validate();
        if (value.Count != points.Count)
            throw new ArgumentException($"{points.Count} points but {value.Count} values", nameof(value));
        var known = Enumerable.Range(0, points.Count).Where(i => double.IsFinite(value[i])).ToList();
        var unknown = Enumerable.Range(0, points.Count).Where(i => !double.IsFinite(value[i])).ToList();
        var traces = new List<GenericChart>();
        if (unknown.Count > 0)
            traces.Add(Trace(points, unknown, $"{valueName} unknown ({unknown.Count:N0})", Color.fromString("lightgrey")));
        if (known.Count > 0)
        {
            // Set as raw plotly.js attributes: the typed Marker.init of Plotly.NET has no C#-optional parameters.
            var colorBar = new DynamicObj.DynamicObj();
            colorBar.SetProperty("title", new Dictionary<string, string> { ["text"] = valueName });
            var marker = new Marker();
            marker.SetProperty("color", known.Select(i => value[i]).ToArray());
            marker.SetProperty("colorscale", "Viridis");
            marker.SetProperty("showscale", true);
            marker.SetProperty("colorbar", colorBar);
            marker.SetProperty("size", 6);
            traces.Add(Chart.Point<double, double, string>(
                known.Select(i => points.X[i]).ToArray(), known.Select(i => points.Y[i]).ToArray(),
                Name: valueName, MultiText: known.Select(i => $"{points.HoverText[i]} ({valueName} {value[i]:0.##})").ToArray(),
                Marker: marker, UseWebGL: points.Count > WebGlThreshold));
        }
        return Chart.Combine(traces).Titled(title, XTitle, YTitle).WithSize(820, 620);
    }

    private static List<string> GroupsBySize(IReadOnlyList<string?> group) =>
        group.Where(g => g is not null).GroupBy(g => g!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();

    private static GenericChart Trace(ScatterPoints points, IEnumerable<int> rows, string name, Color? color)
    {
        var index = rows.ToArray();
        return Chart.Point<double, double, string>(
            index.Select(i => points.X[i]).ToArray(), index.Select(i => points.Y[i]).ToArray(),
            Name: name, MultiText: index.Select(i => points.HoverText[i]).ToArray(),
            MarkerColor: color is null ? default(Optional<Color>) : new Optional<Color>(color, true), Opacity: 0.8, UseWebGL: points.Count > WebGlThreshold);
    }
}
