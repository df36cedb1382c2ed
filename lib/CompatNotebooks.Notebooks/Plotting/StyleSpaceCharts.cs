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
    /// by decreasing size, each in its own colour (<see cref="GroupPalette"/>). Points whose group is null or not shown are left out.
    /// </summary>
    public static GenericChart ByGroup(ScatterPoints points, IReadOnlyList<string?> group, string title, IEnumerable<string>? groupsToShow = null)
    {
        points.Validate();
        if (group.Count != points.Count)
            throw new ArgumentException($"{points.Count} points but {group.Count} group labels", nameof(group));
        var order = groupsToShow?.ToList() ?? GroupsBySize(group);
        // One colour per group from a palette of distinct colours (plotly's default cycle repeats after 10).
        var traces = order.Select((g, k) => Trace(points, Enumerable.Range(0, points.Count).Where(i => group[i] == g), g, Color.fromString(GroupPalette.Of(k))));
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
        traces.AddRange(top.Select((g, k) => Trace(points, Enumerable.Range(0, points.Count).Where(i => group[i] == g), g, Color.fromString(GroupPalette.Of(k)))));
        return Chart.Combine(traces).Titled(title, XTitle, YTitle).WithSize(820, 620);
    }

    /// <summary>
    /// Every point coloured by a continuous value (price) on a colour scale with a colour bar; points whose value is
    /// NaN (unknown price) are drawn grey underneath. With <paramref name="logarithmic"/> the colour follows
    /// log10(value), so a few expensive items do not squeeze every other point into one colour; the colour bar is
    /// still labelled in the value's own units (1, 2, 5, 10, …), and values ≤ 0 count as unknown.
    /// </summary>
    public static GenericChart ByValue(ScatterPoints points, IReadOnlyList<double> value, string valueName, string title, bool logarithmic = false)
    {
        points.Validate();
        if (value.Count != points.Count)
            throw new ArgumentException($"{points.Count} points but {value.Count} values", nameof(value));
        bool Known(int i) => double.IsFinite(value[i]) && (!logarithmic || value[i] > 0);
        var known = Enumerable.Range(0, points.Count).Where(Known).ToList();
        var unknown = Enumerable.Range(0, points.Count).Where(i => !Known(i)).ToList();
        var traces = new List<GenericChart>();
        if (unknown.Count > 0)
            traces.Add(Trace(points, unknown, $"{valueName} unknown ({unknown.Count:N0})", Color.fromString("lightgrey")));
        if (known.Count > 0)
            traces.Add(ValueTrace(points, known, value, valueName, logarithmic));
        // The legend goes under the plot: on the right it would sit on the colour bar and its title.
        return Chart.Combine(traces).Titled(title, XTitle, YTitle).WithSize(820, 660)
            .WithLegendAttributes(("orientation", "h"), ("x", 0.0), ("y", -0.12), ("yanchor", "top"));
    }

    private static GenericChart ValueTrace(ScatterPoints points, List<int> known, IReadOnlyList<double> value, string valueName, bool logarithmic)
    {
        var shown = known.Select(i => logarithmic ? Math.Log10(value[i]) : value[i]).ToArray();
        // Set as raw plotly.js attributes: the typed Marker.init of Plotly.NET has no C#-optional parameters.
        var colorBar = new DynamicObj.DynamicObj();
        colorBar.SetProperty("title", new Dictionary<string, object> { ["text"] = logarithmic ? $"{valueName} (log scale)" : valueName, ["side"] = "right" });
        if (logarithmic)
        {
            var ticks = LogTicks(known.Min(i => value[i]), known.Max(i => value[i]));
            colorBar.SetProperty("tickvals", ticks.Select(Math.Log10).ToArray());
            colorBar.SetProperty("ticktext", ticks.Select(t => t.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }
        var marker = new Marker();
        marker.SetProperty("color", shown);
        marker.SetProperty("colorscale", "Viridis");
        marker.SetProperty("showscale", true);
        marker.SetProperty("colorbar", colorBar);
        marker.SetProperty("size", 6);
        return Chart.Point<double, double, string>(
            known.Select(i => points.X[i]).ToArray(), known.Select(i => points.Y[i]).ToArray(),
            Name: valueName, MultiText: known.Select(i => $"{points.HoverText[i]} ({valueName} {value[i]:0.##})").ToArray(),
            Marker: marker, UseWebGL: points.Count > WebGlThreshold);
    }

    /// <summary>The 1-2-5 sequence (…, 1, 2, 5, 10, 20, …) between <paramref name="min"/> and <paramref name="max"/>, ends included.</summary>
    internal static IReadOnlyList<double> LogTicks(double min, double max)
    {
        var ticks = new List<double>();
        for (var decade = Math.Pow(10, Math.Floor(Math.Log10(min))); decade <= max; decade *= 10)
            foreach (var step in new[] { 1.0, 2.0, 5.0 })
                if (decade * step >= min && decade * step <= max)
                    ticks.Add(decade * step);
        return ticks.Count > 0 ? ticks : [min, max];
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
