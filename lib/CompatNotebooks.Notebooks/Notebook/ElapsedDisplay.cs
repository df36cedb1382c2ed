namespace CompatNotebooks.Notebook;

/// <summary>
/// For a long step that reports no progress of its own (pair sampling, scoring every held-out pair, projecting every
/// item): a line with the step's name and how long it has been running, refreshed in place once a second from a
/// timer, then the time it took. It says the step is still working, not how far it has got.
/// </summary>
public sealed class ElapsedDisplay : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly object _gate = new();
    private readonly ProgressDisplay _bar;
    private readonly Timer _timer;

    /// <summary>Shows the line and starts its clock.</summary>
    public ElapsedDisplay(string label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        _bar = ProgressDisplay.Start(label);
        _timer = new Timer(_ => Refresh(), null, Interval, Interval);
    }

    /// <summary>The latest snapshot (no total, nothing counted: only the elapsed time).</summary>
    public ProgressState State
    {
        get
        {
            lock (_gate)
                return _bar.State;
        }
    }

    /// <summary>Stops the clock and shows the time the step took.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
            _bar.Complete();
    }

    private void Refresh()
    {
        lock (_gate)
            if (!_bar.State.Finished)
                _bar.Report(0);
    }
}
