using System.Numerics;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace CompatNotebooks.Plotting;

/// <summary>Bar charts of counts (items per subcategory, pairs per kind…).</summary>
public static class CountCharts
{
    /// <summary>
    /// Vertical bars, in the order given, labelled with their counts: from a dictionary
    /// (<c>new Dictionary&lt;string, long&gt; { ["model"] = hits, … }</c>) or from LINQ's <c>CountBy</c>.
    /// </summary>
    public static GenericChart Bars<TCount>(IEnumerable<KeyValuePair<string, TCount>> counts, string title, string xTitle, string yTitle = "count")
        where TCount : IBinaryInteger<TCount>
    {
        var list = counts.ToList();
        var labels = list.Select(c => c.Key).ToArray();
        var values = list.Select(c => long.CreateChecked(c.Value)).ToArray();
        return Chart.Column<long, string, string>(values, Keys: labels, MultiText: values.Select(v => v.ToString("N0")).ToArray(), Name: yTitle)
            .Titled(title, xTitle, yTitle)
            .WithSize(Math.Clamp(120 + 48 * labels.Length, 480, 1100), 440);
    }
}
