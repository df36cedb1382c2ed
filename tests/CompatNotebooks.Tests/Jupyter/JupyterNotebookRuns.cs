using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Jupyter;

/// <summary>
/// The repository's notebooks executed by jupyter/run_notebook.py (nbclient, the repo's kernelspec, a fresh kernel
/// each), with small parameters so the set stays quick. One run per notebook per test process, shared by the tests
/// that read it (outputs under TestResults/jupyter-NN-topic/).
/// </summary>
internal static class JupyterNotebookRuns
{
    /// <summary>Per notebook, the parameters the tests run it with (every notebook gets an injected cell).</summary>
    public static readonly IReadOnlyDictionary<string, (string Name, string Value)[]> Parameters = new Dictionary<string, (string, string)[]>
    {
        ["01-visual-compatibility.ipynb"] = [("bookIterations", "300"), ("reportEvery", "100"), ("epochs", "2")],
        ["02-subcategories-and-hard-negatives.ipynb"] = [("seed", "2")],
        ["03-inner-product-vs-euclidean.ipynb"] = [("epochs", "2")],
        ["04-style-space-tsne.ipynb"] = [("epochs", "2"), ("tsneIterations", "300")],
        ["05-compatible-item-recommendations.ipynb"] = [("epochs", "2"), ("hitRateLinks", "150")],
    };

    private static readonly ConcurrentDictionary<string, Lazy<JupyterNotebookRun>> SharedRuns = new();

    /// <summary>The run of <paramref name="notebook"/> (started by the first test that asks).</summary>
    public static JupyterNotebookRun Of(string notebook) =>
        SharedRuns.GetOrAdd(notebook, name => new Lazy<JupyterNotebookRun>(() => Run(name))).Value;

    private static JupyterNotebookRun Run(string notebook)
    {
        var dir = RepositoryPaths.Artifacts("jupyter-" + Path.GetFileNameWithoutExtension(notebook));
        var arguments = new List<string> { RepositoryPaths.Notebook(notebook), "--out", dir, "--timeout-per-cell", "300" };
        foreach (var (name, value) in Parameters[notebook])
            arguments.AddRange(["-p", $"{name}={value}"]);
        var result = JupyterScripts.Run("run_notebook.py", arguments, TimeSpan.FromMinutes(15));
        var report = result.Report["notebooks"]![0]!;
        var executed = Path.Combine(dir, notebook);
        Assert.True(File.Exists(executed), $"no executed notebook at {executed}\n{result}");
        return new JupyterNotebookRun(notebook, result, report, JsonNode.Parse(File.ReadAllText(executed))!, executed);
    }
}

/// <summary>One notebook executed through Jupyter: the script's output and report, and the executed notebook.</summary>
internal sealed record JupyterNotebookRun(string Notebook, ScriptResult Script, JsonNode Report, JsonNode Executed, string ExecutedPath)
{
    /// <summary>Every output of every code cell of the executed notebook.</summary>
    public IEnumerable<JsonObject> Outputs =>
        Executed["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code")
            .SelectMany(c => c!["outputs"]!.AsArray().Select(o => o!.AsObject()));

    /// <summary>The outputs' values of one mime type (strings as they are, JSON values as JSON text).</summary>
    public IEnumerable<JsonNode> Data(string mimeType) =>
        Outputs.Select(o => o["data"]?[mimeType]).Where(d => d is not null)!;

    /// <summary>The text of a mime value: nbformat stores text either as a string or as a list of lines.</summary>
    public static string Text(JsonNode value) =>
        value is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : value.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)value! : value.ToJsonString();
}
