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
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("succeed.ipynb"), new RunOptions { OutputDirectory = outDir, TimeoutPerCell = CellLimit });

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(8, result.Cells.Count);
        Assert.Equal(1.5, Assert.IsType<double>(result.Variables["total"]));
        Assert.Contains("fixture: 1.5", string.Concat(result.Cells.Select(c => c.StandardOutput)));

        // The chart: text/html carrying the scatter trace and the draw call. The inline plotly.js bundle travels once,
        // in the first cell's output (NotebookSetup.Prepare()), not with the chart.
        var chart = Assert.Single(result.Cells.SelectMany(c => c.HtmlOutputs), h => h.Contains("compat-chart"));
        Assert.Contains("\"type\":\"scatter\"", chart);
        Assert.Contains("\"y\":[0.9,0.6,0.4]", chart);
        Assert.Contains("Plotly.newPlot", chart);
        Assert.DoesNotContain("data-compat-plotly-bundle", chart);
        var bundled = Assert.Single(result.Cells, c => c.HtmlOutputs.Any(h => h.Contains("data-compat-plotly-bundle")));
        Assert.StartsWith("#r", bundled.FirstLine);

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
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("succeed.ipynb"), new RunOptions { OutputDirectory = outDir, Parameters = parameters, TimeoutPerCell = CellLimit });

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
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("fail.ipynb"), new RunOptions { OutputDirectory = outDir, TimeoutPerCell = CellLimit });

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
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("fail.ipynb"), new RunOptions { ContinueOnError = true, TimeoutPerCell = CellLimit });

        Assert.False(result.Succeeded);
        Assert.Equal(4, result.FirstFailure!.CellNumber);
        Assert.Equal(4, result.Cells.Count);
        Assert.True(Assert.IsType<bool>(result.Variables["after"]));
    }

    [Fact]
    public async Task Compile_errors_fail_with_the_cell_number()
    {
        var dir = RepositoryPaths.Artifacts("runner-errors");
        var compile = TempNotebook(dir, "compile.ipynb", "var ok = 1;", "int x = \"text\";");
        var result = await NotebookRunner.RunAsync(compile, new RunOptions { TimeoutPerCell = CellLimit });
        Assert.Equal(2, result.FirstFailure!.CellNumber);
        Assert.Contains("CS0029", result.FirstFailure.Error);

    }

    [Fact]
    public async Task Timed_out_cell_fails_alone_and_later_cells_run_in_a_restarted_kernel()
    {
        var dir = RepositoryPaths.Artifacts("runner-timeout");
        // Only the sleeping cell has the short limit: a fresh kernel's first cell (2–4 s of compilation) does not.
        var slow = TempNotebook(dir, "slow.ipynb",
            new Cell("var ok = 1;"),
            new Cell("System.Threading.Thread.Sleep(30_000);", TimeoutSeconds: 5),
            new Cell("var after = ok + 1;"));
        var log = new StringWriter();
        var timedOut = await NotebookRunner.RunAsync(slow, new RunOptions { TimeoutPerCell = CellLimit, ContinueOnError = true, Log = log });

        Assert.Equal(2, timedOut.FirstFailure!.CellNumber);
        Assert.Contains("timed out after 5 s", timedOut.FirstFailure.Error);
        Assert.Equal(3, timedOut.Cells.Count);
        Assert.True(timedOut.Cells[2].Succeeded, timedOut.Cells[2].Error); // not "Command cancelled."
        Assert.Equal(2, Assert.IsType<int>(timedOut.Variables["after"])); // cell 1 re-ran in the new kernel
        Assert.Contains("kernel restarted after the timeout; re-running cell 1", log.ToString());
    }

    [Fact]
    public async Task Bad_per_cell_timeout_is_rejected_before_anything_runs()
    {
        var dir = RepositoryPaths.Artifacts("runner-bad-timeout");
        var bad = TempNotebook(dir, "bad.ipynb", new Cell("File.WriteAllText(\"ran.txt\", \"\");"), new Cell("var x = 1;", TimeoutSeconds: -1));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => NotebookRunner.RunAsync(bad, new RunOptions()));
        Assert.Contains("bad.ipynb", e.Message);
        Assert.Contains("timeout_seconds must be a positive number", e.Message);
        Assert.False(File.Exists(Path.Combine(dir, "ran.txt")));
    }

    [Fact]
    public async Task Non_finite_float_and_double_parameters_reach_the_notebook()
    {
        var dir = RepositoryPaths.Artifacts("runner-non-finite");
        var notebook = TempNotebook(dir, "nonfinite.ipynb",
            new Cell("float margin = 0.5f;\ndouble rate = 1.0;\nfloat low = 0f;", Tags: [NotebookParameters.ParametersTag]),
            new Cell("var seen = $\"{float.IsNaN(margin)} {double.IsPositiveInfinity(rate)} {float.IsNegativeInfinity(low)}\";"));
        var result = await NotebookRunner.RunAsync(notebook, new RunOptions
        {
            TimeoutPerCell = CellLimit,
            Parameters = new Dictionary<string, string> { ["margin"] = "NaN", ["rate"] = "Infinity", ["low"] = "-Infinity" },
        });
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal("True True True", result.Variables["seen"]);
    }

    [Fact]
    public async Task Output_folder_that_resolves_to_the_input_folder_is_refused_and_nothing_is_written()
    {
        var dir = RepositoryPaths.Artifacts("runner-over-input");
        var source = Directory.CreateDirectory(Path.Combine(dir, "notebooks")).FullName;
        var notebook = Path.Combine(source, "succeed.ipynb");
        File.Copy(RepositoryPaths.Fixture("succeed.ipynb"), notebook);
        var before = File.ReadAllBytes(notebook);
        var link = Path.Combine(dir, "link-to-notebooks");
        Directory.CreateSymbolicLink(link, "notebooks"); // relative target, as `ln -s notebooks link` makes

        foreach (var outDir in new[] { source, source + "/", Path.Combine(source, "..", "notebooks"), link })
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(notebook, new RunOptions { OutputDirectory = outDir, TimeoutPerCell = CellLimit }));
            Assert.Contains("never writes over its input", e.Message);
            await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAllAsync(NotebookRunner.Expand([source]), new RunOptions { OutputDirectory = outDir, TimeoutPerCell = CellLimit }));
        }
        // The notebook itself a link into another folder: writing beside the link's target is refused too.
        var linkedNotebook = Path.Combine(dir, "succeed.ipynb");
        File.CreateSymbolicLink(linkedNotebook, notebook);
        await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(linkedNotebook, new RunOptions { OutputDirectory = source }));

        Assert.Equal(before, File.ReadAllBytes(notebook));
        Assert.Equal(["succeed.ipynb"], Directory.GetFiles(source).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Injected_parameters_of_an_earlier_run_are_replaced_not_stacked()
    {
        var dir = RepositoryPaths.Artifacts("runner-reinject");
        var first = Path.Combine(dir, "first.ipynb");
        var earlier = NotebookRunner.Load(RepositoryPaths.Fixture("succeed.ipynb"), new Dictionary<string, string> { ["count"] = "5" });
        foreach (var element in earlier.Elements) // the copy lives elsewhere: its library reference made absolute
            element.Contents = element.Contents.Replace("\"../../../../lib/", $"\"{RepositoryPaths.Root}/lib/");
        NotebookRunner.Save(earlier, first);
        var second = NotebookRunner.Load(first, new Dictionary<string, string> { ["scale"] = "3" });

        var injected = Assert.Single(second.Elements, e => e.Contents.Contains("compat-notebooks run -p"));
        Assert.DoesNotContain("count = 5", injected.Contents);
        var index = second.Elements.IndexOf(injected);
        Assert.Contains("double scale = 0.5;", second.Elements[index - 1].Contents); // right after the parameters cell

        var result = await NotebookRunner.RunAsync(first, new RunOptions
        {
            TimeoutPerCell = CellLimit,
            Parameters = new Dictionary<string, string> { ["scale"] = "3" },
        });
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(9.0, Assert.IsType<double>(result.Variables["total"])); // the declared count = 3, not the stale 5
        Assert.Single(result.Cells, c => c.CellNumber == 0);
    }

    [Fact]
    public async Task Unknown_parameter_is_rejected_before_anything_runs()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(RepositoryPaths.Fixture("succeed.ipynb"),
            new RunOptions { Parameters = new Dictionary<string, string> { ["epochs"] = "3" } }));
        Assert.Contains("'epochs' is not declared", e.Message);
        Assert.Contains("count, label, scale", e.Message);
    }

    private static readonly TimeSpan CellLimit = NotebookRuns.CellLimit;

    private sealed record Cell(string Code, double? TimeoutSeconds = null, string[]? Tags = null);

    private static string TempNotebook(string dir, string name, params string[] cells) =>
        TempNotebook(dir, name, cells.Select(c => new Cell(c)).ToArray());

    private static string TempNotebook(string dir, string name, params Cell[] cells)
    {
        var document = new InteractiveDocument(cells.Select(c =>
        {
            var element = new InteractiveDocumentElement(c.Code, "csharp") { Metadata = new Dictionary<string, object>() };
            if (c.TimeoutSeconds is { } seconds)
                element.Metadata["compat_notebooks"] = new Dictionary<string, object> { ["timeout_seconds"] = seconds };
            if (c.Tags is { } tags)
                element.Metadata["tags"] = tags;
            return element;
        }).ToList());
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
