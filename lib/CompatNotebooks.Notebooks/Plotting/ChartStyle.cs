using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;

namespace CompatNotebooks.Plotting;

/// <summary>Small styling helpers the C# bindings of Plotly.NET 0.14 lack (chart title, raw axis and legend attributes) or make verbose.</summary>
internal static class ChartStyle
{
    /// <summary>Sets the chart title and the two axis titles.</summary>
    public static GenericChart Titled(this GenericChart chart, string title, string? xTitle = null, string? yTitle = null)
    {
        var titled = Plotly.NET.Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);
        if (xTitle is not null)
            titled = titled.WithXAxisStyle<IConvertible, IConvertible, IConvertible>(TitleText: xTitle);
        if (yTitle is not null)
            titled = titled.WithYAxisStyle<IConvertible, IConvertible, IConvertible>(TitleText: yTitle);
        return titled;
    }

    /// <summary>Merges raw plotly.js attributes into the x axis (e.g. <c>constrain</c>, which the typed API lacks).</summary>
    public static GenericChart WithXAxisAttributes(this GenericChart chart, params (string Name, object Value)[] attributes) =>
        Plotly.NET.Chart.withXAxis(Axis(attributes), FSharpOption<StyleParam.SubPlotId>.None).Invoke(chart);

    /// <summary>Merges raw plotly.js attributes into the y axis (e.g. <c>scaleanchor</c>).</summary>
    public static GenericChart WithYAxisAttributes(this GenericChart chart, params (string Name, object Value)[] attributes) =>
        Plotly.NET.Chart.withYAxis(Axis(attributes), FSharpOption<StyleParam.SubPlotId>.None).Invoke(chart);

    /// <summary>Merges raw plotly.js attributes into the legend (position, orientation).</summary>
    public static GenericChart WithLegendAttributes(this GenericChart chart, params (string Name, object Value)[] attributes)
    {
        var legend = new Legend();
        foreach (var (name, value) in attributes)
            legend.SetProperty(name, value);
        return Plotly.NET.Chart.withLegend(legend, FSharpOption<int>.None).Invoke(chart);
    }

    private static LinearAxis Axis((string Name, object Value)[] attributes)
    {
        var axis = new LinearAxis();
        foreach (var (name, value) in attributes)
            axis.SetProperty(name, value);
        return axis;
    }
}
