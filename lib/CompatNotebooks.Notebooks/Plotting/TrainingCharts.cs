using CompatNotebooks.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace CompatNotebooks.Plotting;

/// <summary>A named series of (step, value) points, e.g. the training objective every 5,000 steps.</summary>
/// <param name="Name">Legend name.</param>
/// <param name="Steps">X values (iterations or epochs).</param>
/// <param name="Values">Y values (objective, accuracy…).</param>
public sealed record CurveSeries(string Name, IReadOnlyList<double> Steps, IReadOnlyList<double> Values);

/// <summary>Training curves: the objective (or any metric) against iterations/epochs.</summary>
public static class TrainingCharts
{
    /// <summary>One line per series, with markers, titled axes.</summary>
    public static GenericChart Curves(string title, string xTitle, string yTitle, params CurveSeries[] series)
    {
        if (series.Length == 0)
            throw new ArgumentException("at least one series is needed", nameof(series));
        var lines = series.Select(s =>
        {
            if (s.Steps.Count != s.Values.Count)
                throw new ArgumentException($"series '{s.Name}': {s.Steps.Count} steps but {s.Values.Count} values");
            return Chart.Line<double, double, string>(s.Steps, s.Values, ShowMarkers: true, Name: s.Name);
        });
        return Chart.Combine(lines)
            .Titled(title, xTitle, yTitle)
            .WithSize(720, 420);
    }

    /// <summary>The objective against the step, one series.</summary>
    public static GenericChart Loss(IReadOnlyList<double> steps, IReadOnlyList<double> losses, string title = "Training objective", string xTitle = "iteration") =>
        Curves(title, xTitle, "objective (mean −log likelihood)", new CurveSeries("objective", steps, losses));

    /// <summary>The mean training objective of each epoch of a trainer's run (epochs 1, 2, … on the x axis).</summary>
    public static GenericChart EpochLoss(TrainingResult run, string title = "Mean training objective per epoch")
    {
        ArgumentNullException.ThrowIfNull(run);
        var epochs = Enumerable.Range(1, run.EpochLosses.Count).Select(e => (double)e).ToArray();
        return Curves(title, "epoch", "objective (mean −log likelihood)", new CurveSeries("training pairs", epochs, run.EpochLosses));
    }
}
