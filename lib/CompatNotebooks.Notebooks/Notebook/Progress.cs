using CompatNotebooks.Catalog;
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
    /// Runs <paramref name="step"/>, a long step with no progress reports of its own, behind an
    /// <see cref="ElapsedDisplay"/> (its name and the seconds it has been running), and returns its result:
    /// <c>var pairs = Progress.Step("Sampling pairs", () =&gt; PairSampler.Sample(catalog, options));</c>.
    /// </summary>
    /// <param name="label">What is running.</param>
    /// <param name="step">The step.</param>
    public static T Step<T>(string label, Func<T> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        using var display = new ElapsedDisplay(label);
        return step();
    }

    /// <summary>
    /// <see cref="ProductCatalog.Load"/> with progress bars for its long steps (<see cref="CatalogLoadProgress"/>:
    /// converting the feature file to the compact store on first use, reading the metadata file), so a cell reads
    /// <c>var catalog = Progress.LoadCatalog(DataLocation.Resolve(dataDir), category, new CatalogOptions { ... });</c>.
    /// Progress sinks already set in <paramref name="options"/> are replaced.
    /// </summary>
    /// <param name="dataDir">Folder holding the category's files.</param>
    /// <param name="category">File-name spelling of the category (<c>Musical_Instruments</c>).</param>
    /// <param name="options">Which items to keep and how to treat bad input.</param>
    public static ProductCatalog LoadCatalog(string dataDir, string category, CatalogOptions? options = null)
    {
        using var progress = new CatalogLoadProgress(category);
        return ProductCatalog.Load(dataDir, category,
            (options ?? new CatalogOptions()) with { StoreProgress = progress.Store, MetadataProgress = progress.Metadata });
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
