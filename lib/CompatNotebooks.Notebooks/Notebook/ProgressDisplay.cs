using System.Diagnostics;

namespace CompatNotebooks.Notebook;

/// <summary>One snapshot of a long-running step, shown as a progress bar in notebooks.</summary>
/// <param name="Label">What is running ("Training", "t-SNE").</param>
/// <param name="Done">Units finished so far.</param>
/// <param name="Total">Units in all (0 when unknown).</param>
/// <param name="Elapsed">Wall time since the start.</param>
/// <param name="Detail">A short status such as the current loss.</param>
/// <param name="Finished">True for the final snapshot.</param>
public sealed record ProgressState(string Label, long Done, long Total, TimeSpan Elapsed, string? Detail, bool Finished)
{
    /// <summary>Fraction done in [0, 1] (0 when the total is unknown).</summary>
    public double Fraction => Total > 0 ? Math.Clamp((double)Done / Total, 0, 1) : 0;

    /// <summary>Plain one-line form, e.g. <c>Training 40% (4,000/10,000) in 1.2 s — loss 0.52</c>; a step with no
    /// total and nothing counted reads <c>Sampling pairs, running for 12.0 s</c>, then <c>Sampling pairs done in 30.1 s</c>.</summary>
    public override string ToString()
    {
        var detail = string.IsNullOrEmpty(Detail) ? "" : " — " + Detail;
        if (Total <= 0 && Done == 0)
            return $"{Label}{(Finished ? " done in" : ", running for")} {Elapsed.TotalSeconds:0.0} s{detail}";
        var amount = Total > 0 ? $"{Fraction:P0} ({Done:N0}/{Total:N0})" : $"{Done:N0}";
        return $"{Label} {(Finished ? amount + ", done" : amount)} in {Elapsed.TotalSeconds:0.0} s{detail}";
    }
}

/// <summary>
/// A progress bar for anything that takes more than a second: shown once, then updated in place at most a few
/// times per second (and always at the end). Also usable as <see cref="IProgress{T}"/> of units done.
/// </summary>
public sealed class ProgressDisplay : IProgress<long>, IDisposable
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);
    private readonly LiveDisplay _display = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastShown = TimeSpan.MinValue;
    private long _done;
    private string? _detail;
    private bool _finished;

    private ProgressDisplay(string label, long total)
    {
        Label = label;
        Total = total;
        Show(force: true);
    }

    /// <summary>What is running.</summary>
    public string Label { get; }

    /// <summary>Units in all (0 when unknown).</summary>
    public long Total { get; }

    /// <summary>The latest snapshot.</summary>
    public ProgressState State => new(Label, _done, Total, _clock.Elapsed, _detail, _finished);

    /// <summary>Starts and shows a progress bar.</summary>
    public static ProgressDisplay Start(string label, long total = 0) => new(label, total);

    /// <summary>Records that <paramref name="unitsDone"/> units are finished.</summary>
    public void Report(long unitsDone) => Report(unitsDone, _detail);

    /// <summary>Records progress and a short status (shown next to the bar).</summary>
    public void Report(long unitsDone, string? status)
    {
        _done = unitsDone;
        _detail = status;
        Show(force: false);
    }

    /// <summary>Marks the work finished and shows the final state.</summary>
    public void Complete(string? status = null)
    {
        if (_finished)
            return;
        _finished = true;
        if (Total > 0)
            _done = Math.Max(_done, Total);
        if (status is not null)
            _detail = status;
        _clock.Stop();
        Show(force: true);
    }

    /// <summary>
    /// Adapts this bar to a library's own progress type, e.g. <c>bar.As&lt;TSneProgress&gt;(p =&gt; p.Iteration, p =&gt; $"KL {p.KullbackLeibler:0.00}")</c>.
    /// Reports are applied synchronously (no synchronisation context hop), throttled like <see cref="Report(long, string?)"/>.
    /// </summary>
    public IProgress<T> As<T>(Func<T, long> unitsDone, Func<T, string?>? status = null) =>
        new Adapter<T>(value => Report(unitsDone(value), status?.Invoke(value)));

    private sealed class Adapter<T>(Action<T> report) : IProgress<T>
    {
        private readonly object _gate = new();

        public void Report(T value)
        {
            lock (_gate)
                report(value);
        }
    }

    /// <summary>Completes the bar if the caller did not.</summary>
    public void Dispose() => Complete();

    private void Show(bool force)
    {
        var now = _clock.Elapsed;
        if (!force && now - _lastShown < MinimumInterval)
            return;
        _lastShown = now;
        _display.Show(State);
    }
}
