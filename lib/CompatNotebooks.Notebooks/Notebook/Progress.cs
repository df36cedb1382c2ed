using CompatNotebooks.Training;

namespace CompatNotebooks.Notebook;

/// <summary>
/// Runs a long step behind a progress bar and returns its result, so a cell reads
/// <c>var run = Progress.Train("Fused trainer", p =&gt; FusedTrainer.Train(..., p));</c> with no declare-then-assign.
/// </summary>
public static class Progress
{
    /// <summary>
    /// Runs <paramref name="train"/> with a <see cref="TrainingProgressDisplay"/> (pairs seen, epoch, running loss) and
    /// returns what it returned; the bar is marked finished even when training throws.
    /// </summary>
    /// <param name="label">What is being trained, shown before the bar.</param>
    /// <param name="train">The training call, given the progress sink to pass on to the trainer.</param>
    public static T Train<T>(string label, Func<IProgress<TrainingProgress>, T> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        using var display = new TrainingProgressDisplay(label);
        return train(display);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a <see cref="ProgressDisplay"/> of <paramref name="total"/> units and returns
    /// its result. The work reports through the bar itself (it is an <see cref="IProgress{T}"/> of units done) or
    /// through an adapter, e.g. <c>bar =&gt; TSne.Embed(..., bar.As&lt;TSneProgress&gt;(p =&gt; p.Iteration))</c>.
    /// </summary>
    /// <param name="label">What is running.</param>
    /// <param name="total">Units in all (0 when unknown).</param>
    /// <param name="work">The step, given the bar.</param>
    public static T Run<T>(string label, long total, Func<ProgressDisplay, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var bar = ProgressDisplay.Start(label, total);
        return work(bar);
    }
}
