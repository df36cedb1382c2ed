using CompatNotebooks.Training;

namespace CompatNotebooks.Notebook;

/// <summary>Shows a trainer's <see cref="TrainingProgress"/> reports as a progress bar with the running loss.</summary>
public sealed class TrainingProgressDisplay : IProgress<TrainingProgress>, IDisposable
{
    private readonly string _label;
    private ProgressDisplay? _bar;
    private TrainingProgress? _last;

    /// <summary>Creates the display; the bar appears with the first report.</summary>
    public TrainingProgressDisplay(string label = "Training") => _label = label;

    /// <summary>Shows one report (throttled by the underlying bar).</summary>
    public void Report(TrainingProgress value)
    {
        _bar ??= ProgressDisplay.Start(_label, value.TotalPairs);
        _last = value;
        _bar.Report(value.PairsSeen, $"epoch {value.Epoch}/{value.Epochs}, loss {value.RunningLoss:0.0000}, {value.PairsPerSecond:N0} pairs/s");
    }

    /// <summary>Marks the bar finished, with the last loss.</summary>
    public void Dispose() =>
        _bar?.Complete(_last is null ? null : $"loss {_last.RunningLoss:0.0000}, {_last.PairsPerSecond:N0} pairs/s");
}
