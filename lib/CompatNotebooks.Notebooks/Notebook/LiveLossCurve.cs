using CompatNotebooks.Plotting;
using CompatNotebooks.Training;

namespace CompatNotebooks.Notebook;

/// <summary>
/// A loss curve redrawn in place as training reports come in (the book's loop prints its objective every 5,000
/// steps; this plots it). Also keeps the book's printed lines.
/// </summary>
public sealed class LiveLossCurve : IProgress<BookLoopProgress>
{
    private readonly LiveDisplay _display = new("text/html", "text/plain");
    private readonly string _title;
    private readonly bool _carriesBundle;
    private readonly List<double> _steps = [];
    private readonly List<double> _objectives = [];
    private readonly List<double> _means = [];

    /// <summary>Creates the (not yet shown) curve.</summary>
    public LiveLossCurve(string title = "The book's loop: objective while training")
    {
        _title = title;
        // This output is replaced on every report, so if it is the one carrying plotly.js it must keep carrying it.
        _carriesBundle = NotebookFormatters.ClaimPlotlyBundle();
    }

    /// <summary>The book's lines so far ("iteration 5000, objective = …").</summary>
    public IReadOnlyList<string> Lines => _steps.Select((s, i) => $"iteration {s:0}, objective = {_objectives[i]:G8} (mean since last report {_means[i]:F4})").ToList();

    /// <summary>Adds a report and redraws.</summary>
    public void Report(BookLoopProgress value)
    {
        _steps.Add(value.Iteration);
        _objectives.Add(value.Objective);
        _means.Add(value.MeanObjective);
        _display.Show(new LiveChartView(ChartHtml.Fragment(Chart(), _carriesBundle), string.Join('\n', Lines)));
    }

    /// <summary>The curve as a chart: the sampled one-pair objective and its mean over each reporting window.</summary>
    public Plotly.NET.GenericChart Chart() =>
        TrainingCharts.Curves(_title, "iteration", "objective (−log likelihood)",
            new CurveSeries("objective of the sampled pair", _steps, _objectives),
            new CurveSeries("mean since previous report", _steps, _means));
}

/// <summary>A chart fragment with a plain-text fallback, as shown by <see cref="LiveLossCurve"/>.</summary>
/// <param name="Html">The chart HTML.</param>
/// <param name="Text">Plain text for front ends without HTML.</param>
public sealed record LiveChartView(string Html, string Text)
{
    /// <summary>The plain text.</summary>
    public override string ToString() => Text;
}
