using System.Collections.Concurrent;
using CompatNotebooks.Runner;

namespace CompatNotebooks.Tests.Runner;

/// <summary>
/// Runs the repository's notebooks for the tests (outputs under TestResults/notebooks-NN-topic/). A run that checks
/// in several test classes read is shared: it happens once per test process, whichever test asks first.
/// </summary>
internal static class NotebookRuns
{
    /// <summary>
    /// The limit of every cell of an in-process test run: far above what any cell takes on the sample, so only a
    /// hang reaches it, and then the test fails naming the cell instead of stalling the suite.
    /// </summary>
    public static readonly TimeSpan CellLimit = TimeSpan.FromMinutes(5);

    private static readonly ConcurrentDictionary<string, Lazy<Task<NotebookRunResult>>> SharedRuns = new();

    /// <summary>The t-SNE notebook with small parameters: its cells (NotebooksTests) and its HTML report in a browser (BrowserRenderTests).</summary>
    public static Task<NotebookRunResult> StyleSpaceTsne() => Shared("04-style-space-tsne.ipynb", ("epochs", "2"), ("tsneIterations", "300"));

    /// <summary>Notebook 01 with small parameters: its cells (NotebooksTests) and the typeset equations of its HTML report
    /// (BrowserRenderTests).</summary>
    public static Task<NotebookRunResult> VisualCompatibility() =>
        Shared("01-visual-compatibility.ipynb", ("bookIterations", "300"), ("reportEvery", "100"), ("epochs", "3"));

    /// <summary>Runs <paramref name="notebook"/> with <paramref name="parameters"/>; fails the test if a cell fails.</summary>
    public static async Task<NotebookRunResult> Run(string notebook, params (string Name, string Value)[] parameters)
    {
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Notebook(notebook), new RunOptions
        {
            OutputDirectory = RepositoryPaths.Artifacts("notebooks-" + Path.GetFileNameWithoutExtension(notebook)),
            Parameters = parameters.ToDictionary(p => p.Name, p => p.Value),
            TimeoutPerCell = CellLimit,
        });
        Assert.True(result.Succeeded, result.FailureMessage);
        return result;
    }

    private static Task<NotebookRunResult> Shared(string notebook, params (string Name, string Value)[] parameters) =>
        SharedRuns.GetOrAdd(notebook + string.Concat(parameters.Select(p => $" {p.Name}={p.Value}")),
            _ => new Lazy<Task<NotebookRunResult>>(() => Run(notebook, parameters))).Value;
}
