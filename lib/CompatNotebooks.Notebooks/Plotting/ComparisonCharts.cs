using CompatNotebooks.Evaluation;
using CompatNotebooks.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace CompatNotebooks.Plotting;

/// <summary>One cell of a model × negatives comparison: held-out accuracy and AUC.</summary>
/// <param name="Model">"Euclidean" or "inner product".</param>
/// <param name="Negatives">"random" or "difficult (same subcategory)".</param>
/// <param name="Accuracy">Held-out accuracy at p = 0.5.</param>
/// <param name="Auc">Held-out ROC AUC.</param>
public sealed record ComparisonResult(string Model, string Negatives, double Accuracy, double Auc);

/// <summary>The 2×2 comparison (two models × two kinds of negatives) as grouped bars.</summary>
public static class ComparisonCharts
{
    /// <summary>The panels of <see cref="ModelsByNegatives(IReadOnlyList{ComparisonResult}, string)"/> for a <see cref="ModelComparison"/>'s runs.</summary>
    public static GenericChart ModelsByNegatives(ModelComparisonResult comparison, string title) =>
        ModelsByNegatives(comparison.Runs.Select(r => new ComparisonResult(r.Model.ToString(), r.NegativesName, r.Accuracy, r.Auc)).ToList(), title);

    /// <summary>Two panels (accuracy, AUC); in each, one bar group per kind of negatives and one bar per model.</summary>
    public static GenericChart ModelsByNegatives(IReadOnlyList<ComparisonResult> results, string title)
    {
        if (results.Count == 0)
            throw new ArgumentException("no results to compare", nameof(results));
        var negatives = results.Select(r => r.Negatives).Distinct().ToArray();
        var models = results.Select(r => r.Model).Distinct().ToArray();
        // One colour per model in both panels (otherwise each panel continues plotly's colour cycle).
        string[] palette = ["#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3"];
        GenericChart Panel(Func<ComparisonResult, double> metric, bool showLegend) =>
            Chart.Combine(models.Select((m, i) => Chart.Column<double, string, string>(
                negatives.Select(n => results.Where(r => r.Model == m && r.Negatives == n).Select(metric).DefaultIfEmpty(double.NaN).First()).ToArray(),
                Keys: negatives, Name: m, ShowLegend: showLegend, MarkerColor: Color.fromString(palette[i % palette.Length]),
                MultiText: negatives.Select(n => results.Where(r => r.Model == m && r.Negatives == n).Select(metric).Select(v => v.ToString("0.000")).DefaultIfEmpty("").First()).ToArray())
                .WithTraceInfo(LegendGroup: m)));
        return Chart.Grid(new[] { Panel(r => r.Accuracy, true), Panel(r => r.Auc, false) }, 1, 2,
                SubPlotTitles: new[] { "held-out accuracy", "held-out AUC" })
            .Titled(title)
            .WithSize(980, 460);
    }
}
