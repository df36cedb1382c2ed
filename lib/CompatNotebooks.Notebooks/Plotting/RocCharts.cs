using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace CompatNotebooks.Plotting;

/// <summary>One ROC curve: false-positive rate against true-positive rate, and its area.</summary>
/// <param name="Name">Legend name (model and negatives).</param>
/// <param name="FalsePositiveRate">X values, ascending from 0 to 1.</param>
/// <param name="TruePositiveRate">Y values.</param>
/// <param name="Auc">Area under the curve, printed in the legend.</param>
public sealed record RocSeries(string Name, IReadOnlyList<double> FalsePositiveRate, IReadOnlyList<double> TruePositiveRate, double Auc)
{
    /// <summary>A series from the points of <see cref="CompatNotebooks.Evaluation.Metrics.RocCurve"/>.</summary>
    public static RocSeries From(string name, IReadOnlyList<CompatNotebooks.Evaluation.RocPoint> points, double auc) =>
        new(name, points.Select(p => p.FalsePositiveRate).ToArray(), points.Select(p => p.TruePositiveRate).ToArray(), auc);
}

/// <summary>ROC curves of held-out predictions.</summary>
public static class RocCharts
{
    /// <summary>One curve per run of a <see cref="CompatNotebooks.Evaluation.ModelComparison"/>, named after the run.</summary>
    public static GenericChart Curves(string title, CompatNotebooks.Evaluation.ModelComparisonResult comparison) =>
        Curves(title, comparison.Runs.Select(r => RocSeries.From(r.Name, r.Roc, r.Auc)).ToArray());

    /// <summary>All curves on one square plot (equal axes, 0 to 1), with the chance diagonal; the legend sits beside it.</summary>
    public static GenericChart Curves(string title, params RocSeries[] curves)
    {
        var traces = new List<GenericChart>
        {
            Chart.Line<double, double, string>(new[] { 0.0, 1.0 }, new[] { 0.0, 1.0 }, Name: "chance",
                LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("grey")),
        };
        foreach (var c in curves)
        {
            if (c.FalsePositiveRate.Count != c.TruePositiveRate.Count)
                throw new ArgumentException($"ROC '{c.Name}': {c.FalsePositiveRate.Count} FPR but {c.TruePositiveRate.Count} TPR values");
            traces.Add(Chart.Line<double, double, string>(c.FalsePositiveRate, c.TruePositiveRate, Name: $"{c.Name} (AUC {c.Auc:0.000})"));
        }
        // Square: one unit of false-positive rate as long as one unit of true-positive rate, so the chance diagonal is at 45°.
        return Chart.Combine(traces)
            .Titled(title)
            .WithXAxisStyle<double, double, IConvertible>(TitleText: "false positive rate", MinMax: Tuple.Create(0.0, 1.0))
            .WithYAxisStyle<double, double, IConvertible>(TitleText: "true positive rate", MinMax: Tuple.Create(0.0, 1.0))
            .WithXAxisAttributes(("constrain", "domain"))
            .WithYAxisAttributes(("scaleanchor", "x"), ("scaleratio", 1), ("constrain", "domain"))
            .WithSize(760, 560);
    }
}
