using System.Text.Json.Nodes;
using CompatNotebooks.Runner;
using Microsoft.DotNet.Interactive.Documents;

namespace CompatNotebooks.Tests.Runner;

/// <summary>Runs the fixture notebooks through the in-process runner (one kernel per notebook, serially).</summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookRunnerTests
{
    [Fact]
    public async Task Succeeding_notebook_keeps_outputs_timings_chart_and_variables()
    {
        var outDir = RepositoryPaths.Artifacts("runner-succeed");
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("succeed.ipynb"), new RunOptions { OutputDirectory = outDir });

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(8, result.Cells.Count);
        Assert.Equal(1.5, Assert.IsType<double>(result.Variables["total"]));
        Assert.Contains("fixture: 1.5", string.Concat(result.Cells.Select(c => c.StandardOutput)));

        // The chart: text/html carrying the scatter trace, the inline plotly.js bundle (first chart) and the draw call.
        var chart = Assert.Single(result.Cells.SelectMany(c => c.HtmlOutputs), h => h.Contains("compat-chart"));
        Assert.Contains("\"type\":\"scatter\"", chart);
        Assert.Contains("\"y\":[0.9,0.6,0.4]", chart);
        Assert.Contains("data-compat-plotly-bundle", chart);
        Assert.Contains("Plotly.newPlot", chart);

        // The progress bar was updated in place: one output, in its final state.
        var progress = Assert.Single(result.Cells.SelectMany(c => c.HtmlOutputs), h => h.Contains("compat-progress") && h.Contains("Counting"));
        Assert.Contains("3/3", progress);
        Assert.Contains("done", progress);

        // A display updated by a later cell is replaced where it was first shown, as in VS Code.
        var started = Assert.Single(result.Cells, c => c.FirstLine.StartsWith("var status = ProgressDisplay.Start"));
        Assert.Contains("finished by the next cell", Assert.Single(started.HtmlOutputs));
        Assert.Empty(result.Cells[^1].Outputs);

        // Executed notebook: outputs and per-cell timings on disk, markdown untouched.
        var executed = JsonNode.Parse(File.ReadAllText(result.ExecutedNotebookPath!))!;
        var codeCells = executed["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code").ToList();
        Assert.Contains("finished by the next cell", codeCells[^2]!["outputs"]!.ToJsonString());
        Assert.All(codeCells, c => Assert.True(c!["metadata"]!["compat_notebooks"]!["duration_seconds"]!.GetValue<double>() >= 0));
        Assert.Contains(codeCells, c => c!["outputs"]!.AsArray().Any(o => o!["output_type"]!.GetValue<string>() == "stream"));
        Assert.Equal("completed", executed["metadata"]!["compat_notebooks"]!["status"]!.GetValue<string>());
        Assert.True(File.Exists(result.HtmlReportPath));
    }

    [Fact]
    public async Task Parameters_are_injected_after_the_parameters_cell_with_their_declared_types()
    {
        var outDir = RepositoryPaths.Artifacts("runner-parameters");
        var parameters = new Dictionary<string, string> { ["count"] = "5", ["scale"] = "2", ["label"] = "say \"hi\"" };
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("succeed.ipynb"), new RunOptions { OutputDirectory = outDir, Parameters = parameters });

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(10.0, Assert.IsType<double>(result.Variables["total"]));
        Assert.Contains("say \"hi\": 10", string.Concat(result.Cells.Select(c => c.StandardOutput)));
        var injected = Assert.Single(result.Cells, c => c.CellNumber == 0);
        Assert.True(injected.Succeeded);

        var cells = JsonNode.Parse(File.ReadAllText(result.ExecutedNotebookPath!))!["cells"]!.AsArray();
        var tags = cells.Select(c => c!["metadata"]?["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToArray() ?? []).ToList();
        var parametersAt = tags.FindIndex(t => t.Contains("parameters"));
        Assert.Contains("injected-parameters", tags[parametersAt + 1]);
        Assert.Contains("scale = 2.0;", string.Concat(cells[parametersAt + 1]!["source"]!.AsArray().Select(s => s!.GetValue<string>())));
    }

    [Fact]
    public async Task Failing_notebook_stops_at_the_failing_cell_and_names_it()
    {
        var outDir = RepositoryPaths.Artifacts("runner-fail");
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("fail.ipynb"), new RunOptions { OutputDirectory = outDir });

        Assert.False(result.Succeeded);
        var failure = result.FirstFailure!;
        Assert.Equal(4, failure.CellNumber);
        Assert.Contains("fixture failure in cell 4", failure.Error);
        Assert.Equal(3, result.Cells.Count); // cells 2, 3 and 4: cell 5 never ran
        Assert.False(result.Variables.ContainsKey("after"));
        Assert.Contains("fail.ipynb: cell 4 `throw new InvalidOperationException(\"fixture failure in cell 4\");` failed", result.FailureMessage);

        var executed = JsonNode.Parse(File.ReadAllText(result.ExecutedNotebookPath!))!;
        Assert.Equal("failed", executed["metadata"]!["compat_notebooks"]!["status"]!.GetValue<string>());
        var errorOutputs = executed["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []).Where(o => o!["output_type"]!.GetValue<string>() == "error");
        Assert.Contains(errorOutputs, o => o!["evalue"]!.GetValue<string>().Contains("fixture failure in cell 4"));
    }

    [Fact]
    public async Task Continue_on_error_runs_the_remaining_cells_but_still_fails()
    {
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("fail.ipynb"), new RunOptions { ContinueOnError = true });

        Assert.False(result.Succeeded);
        Assert.Equal(4, result.FirstFailure!.CellNumber);
        Assert.Equal(4, result.Cells.Count);
        Assert.True(Assert.IsType<bool>(result.Variables["after"]));
    }

    [Fact]
    public async Task Compile_errors_and_timeouts_fail_with_the_cell_number()
    {
        var dir = RepositoryPaths.Artifacts("runner-errors");
        var compile = TempNotebook(dir, "compile.ipynb", "var ok = 1;", "int x = \"text\";");
        var result = await NotebookRunner.RunAsync(compile, new RunOptions());
        Assert.Equal(2, result.FirstFailure!.CellNumber);
        Assert.Contains("CS0029", result.FirstFailure.Error);

        var slow = TempNotebook(dir, "slow.ipynb", "var ok = 1;", "System.Threading.Thread.Sleep(30_000);");
        var timedOut = await NotebookRunner.RunAsync(slow, new RunOptions { TimeoutPerCell = TimeSpan.FromSeconds(5) });
        Assert.Equal(2, timedOut.FirstFailure!.CellNumber);
        Assert.Contains("timed out", timedOut.FirstFailure.Error);
    }

    [Fact]
    public async Task Unknown_parameter_is_rejected_before_anything_runs()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(RepositoryPaths.Fixture("succeed.ipynb"),
            new RunOptions { Parameters = new Dictionary<string, string> { ["epochs"] = "3" } }));
        Assert.Contains("'epochs' is not declared", e.Message);
        Assert.Contains("count, label, scale", e.Message);
    }

    private static string TempNotebook(string dir, string name, params string[] cells)
    {
        var document = new InteractiveDocument(cells.Select(c => new InteractiveDocumentElement(c, "csharp")).ToList());
        var path = Path.Combine(dir, name);
        using (var stream = File.Create(path))
            Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook.Write(document, stream, [new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#", [])]);
        return path;
    }
}

/// <summary>Notebook runs share the process-wide formatter registry and current directory: never in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "notebooks (serial)";
}
