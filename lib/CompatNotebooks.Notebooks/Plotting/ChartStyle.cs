using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CompatNotebooks.Plotting;

/// <summary>Small styling helpers the C# bindings of Plotly.NET 0.14 lack (chart title) or make verbose.</summary>
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
}
