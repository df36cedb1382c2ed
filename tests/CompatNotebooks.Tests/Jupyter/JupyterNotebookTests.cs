using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CompatNotebooks.Plotting;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Jupyter;

/// <summary>
/// Every notebook executed by Jupyter's own executor (nbclient) with the repo's kernelspec, as a Jupyter front end
/// would run it. Checks what survives a rewrite of the notebooks: no error outputs, charts (offline HTML plus Plotly's
/// figure JSON), tables, the injected parameters, and no kernel process left behind.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class JupyterNotebookTests
{
    public static TheoryData<string, int, int> Notebooks => new()
    {
        // notebook, charts at least (outputs carrying the figure JSON), tables at least
        { "01-visual-compatibility.ipynb", 2, 1 },
        { "02-subcategories-and-hard-negatives.ipynb", 2, 1 },
        { "03-inner-product-vs-euclidean.ipynb", 2, 1 },
        { "04-style-space-tsne.ipynb", 4, 0 },
        { "05-compatible-item-recommendations.ipynb", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_through_nbclient_without_errors_and_shows_its_charts_and_tables(string notebook, int charts, int tables)
    {
        var run = JupyterNotebookRuns.Of(notebook);
        Assert.True(run.Script.ExitCode == 0, run.Script.ToString());
        Assert.Null((string?)run.Report["error"]);

        var errors = run.Outputs.Where(o => (string?)o["output_type"] == "error")
            .Select(o => $"{o["ename"]}: {o["evalue"]}").ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));

        // Each chart carries the offline HTML and the figure JSON as a JSON object (what Plotly renderers read).
        var figures = run.Data(ChartHtml.PlotlyMimeType).ToList();
        Assert.True(figures.Count >= charts, $"{figures.Count} chart outputs, expected at least {charts}");
        Assert.All(figures, f => Assert.IsType<JsonArray>(Assert.IsType<JsonObject>(f)["data"]));
        Assert.All(run.Outputs.Where(o => o["data"]?[ChartHtml.PlotlyMimeType] is not null),
            o => Assert.Contains("compat-chart", JupyterNotebookRun.Text(o["data"]!["text/html"]!)));
        var html = run.Data("text/html").Select(JupyterNotebookRun.Text).ToList();
        Assert.True(html.Count(h => h.Contains("class=\"compat-table\"")) >= tables, $"fewer than {tables} tables");
        Assert.Single(html, h => h.Contains(PlotlyJs.BundleMarker)); // plotly.js once per notebook, for offline use
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Parameters_are_injected_after_the_parameters_cell_and_run(string notebook, int charts, int tables)
    {
        _ = (charts, tables);
        var run = JupyterNotebookRuns.Of(notebook);
        var cells = run.Executed["cells"]!.AsArray();
        var index = cells.ToList().FindIndex(c => Tags(c!).Contains("parameters"));
        Assert.True(index >= 0, "no parameters cell");
        var injected = cells[index + 1]!;
        Assert.Contains("injected-parameters", Tags(injected));
        var source = JupyterNotebookRun.Text(injected["source"]!);
        foreach (var (name, value) in JupyterNotebookRuns.Parameters[notebook])
            Assert.Matches($@"(?m)^{name} = {Regex.Escape(value)}(\.0|L|f)?;$", source);
        Assert.NotNull(injected["execution_count"]?.GetValue<int?>()); // it ran, after the parameters cell
        Assert.True(injected["execution_count"]!.GetValue<int>() > cells[index]!["execution_count"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void No_kernel_process_is_left_after_the_run(string notebook, int charts, int tables)
    {
        _ = (charts, tables);
        var run = JupyterNotebookRuns.Of(notebook);
        Assert.Empty(run.Report["leftover_processes"]!.AsArray());
        var kernel = run.Report["kernel_pid"]!.GetValue<int>();
        Assert.False(JupyterScripts.IsRunning(kernel), $"kernel process {kernel} still running");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_plotly_js_bundle_crosses_the_protocol_once_in_the_first_cells_output(string notebook, int charts, int tables)
    {
        _ = (charts, tables);
        var run = JupyterNotebookRuns.Of(notebook);
        var cells = run.Report["cells"]!.AsArray().Select(c => c!).ToList();
        // Only the 3.6 MB bundle makes a message over 1 MB; live curves and progress bars stay small on every update.
        var large = cells.Where(c => c["messages_over_1mb"]!.GetValue<int>() > 0).ToList();
        var carrier = Assert.Single(large);
        Assert.Equal(1, carrier["messages_over_1mb"]!.GetValue<int>());
        Assert.Equal(cells[0]["index"]!.GetValue<int>(), carrier["index"]!.GetValue<int>());
        var first = run.Executed["cells"]!.AsArray()[carrier["index"]!.GetValue<int>()]!["outputs"]!.AsArray();
        Assert.Contains(first, o => o!["data"]?["text/html"] is { } h && JupyterNotebookRun.Text(h).Contains(PlotlyJs.BundleMarker));
    }

    [Fact]
    public void The_first_notebook_reports_its_metrics()
    {
        var run = JupyterNotebookRuns.Of("01-visual-compatibility.ipynb");
        var text = string.Join('\n', run.Data("text/html").Concat(run.Data("text/plain")).Select(JupyterNotebookRun.Text));
        var auc = Regex.Match(text, @"AUC\D{0,40}?(0\.\d+|1\.0+)\b");
        Assert.True(auc.Success, "no AUC value in the outputs");
        Assert.InRange(double.Parse(auc.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.5, 1.0);
    }

    [Fact]
    public void A_parameter_the_notebook_does_not_declare_is_refused_before_any_kernel_starts()
    {
        var dir = RepositoryPaths.Artifacts("jupyter-bad-parameter");
        var notebook = RepositoryPaths.Notebook("02-subcategories-and-hard-negatives.ipynb");
        var result = JupyterScripts.Run("run_notebook.py", [notebook, "--out", dir, "-p", "epochs=3"], TimeSpan.FromMinutes(2));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{notebook}: parameter 'epochs' is not declared in the parameters cell (declared: category, dataDir, seed, strict)", result.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, Path.GetFileName(notebook))));
    }

    private static List<string> Tags(JsonNode cell) =>
        cell["metadata"]?["tags"] is JsonArray tags ? tags.Select(t => (string?)t ?? "").ToList() : [];
}
