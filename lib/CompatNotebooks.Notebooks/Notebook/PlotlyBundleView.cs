using CompatNotebooks.Plotting;

namespace CompatNotebooks.Notebook;

/// <summary>
/// An output holding only the inline plotly.js bundle (its HTML is the script element), shown once by a live chart
/// that would otherwise be the first output to need it: a live chart's later updates replace its output, so the
/// bundle cannot travel with them without being resent on every update.
/// </summary>
public sealed record PlotlyBundleView
{
    /// <summary>Plain text for front ends without HTML.</summary>
    public override string ToString() => $"(plotly.js {PlotlyJs.Version} for the charts below)";
}
