using CompatNotebooks.Plotting;
using CompatNotebooks.Training;

namespace CompatNotebooks.Notebook;

/// <summary>
/// A loss curve redrawn in place as training reports come in (the book's loop prints its objective every 5,000
/// steps; this plots it). Also keeps the book's printed lines.
/// </summary>
public sealed class LiveLossCurve : IProgress<BookLoopProgress>
{
    // Each display and update carries the offline HTML (no plotly.js inside: see PlotlyBundleView), the text, and
    // Plotly's figure JSON for front ends that draw charts natively.
    private readonly LiveDisplay _display = new("text/html", "text/plain", ChartHtml.PlotlyMimeType);
    private readonly LiveDisplay _bundle = new("text/html", "text/plain");
    private readonly string _title;
    private readonly List<double> _steps = [];
    private readonly List<double> _objectives = [];
    private readonly List<double> _means = [];

    /// <summary>Creates the (not yet shown) curve.</summary>
    public LiveLossCurve(string title = "The book's loop: objective while training") => _title = title;

    /// <summary>The book's lines so far ("iteration 5000, objective = …").</summary>
    public IReadOnlyList<string> Lines => _steps.Select((s, i) => $"iteration {s:0}, objective = {_objectives[i]:G8} (mean since last report {_means[i]:F4})").ToList();

    /// <summary>Adds a report and redraws.</summary>
    public void Report(BookLoopProgress value)
    {
        _steps.Add(value.Iteration);
        _objectives.Add(value.Objective);
        _means.Add(value.MeanObjective);
        // Normally the first cell's output already carries plotly.js; if nothing did yet, a separate output shown once
        // takes it, so the updates below stay a few kilobytes instead of resending the 3.6 MB bundle each time.
        if (_steps.Count == 1 && NotebookFormatters.ClaimPlotlyBundle())
            _bundle.Show(new PlotlyBundleView());
        var chart = Chart();
        _display.Show(new LiveChartView(ChartHtml.Fragment(chart, includePlotlyJs: false), string.Join('\n', Lines), ChartHtml.FigureJson(chart)));
    }

    /// <summary>The curve as a chart: the sampled one-pair objective and its mean over each reporting window.</summary>
    public Plotly.NET.GenericChart Chart() =>
        TrainingCharts.Curves(_title, "iteration", "objective (−log likelihood)",
            new CurveSeries("objective of the sampled pair", _steps, _objectives),
            new CurveSeries("mean since previous report", _steps, _means));
}

/// <summary>A chart fragment with a plain-text fallback and the figure JSON, as shown by <see cref="LiveLossCurve"/>.</summary>
/// <param name="Html">The chart HTML.</param>
/// <param name="Text">Plain text for front ends without HTML.</param>
/// <param name="FigureJson">Plotly's figure JSON (<see cref="ChartHtml.PlotlyMimeType"/>).</param>
public sealed record LiveChartView(string Html, string Text, string FigureJson)
{
    /// <summary>The plain text.</summary>
    public override string ToString() => Text;
}
