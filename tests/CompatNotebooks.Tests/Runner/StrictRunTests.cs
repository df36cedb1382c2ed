using System.Net;
using System.Text.Json.Nodes;
using CompatNotebooks.Catalog;
using CompatNotebooks.Cli;
using CompatNotebooks.Data;
using CompatNotebooks.Runner;
using CompatNotebooks.Tests.Data;

namespace CompatNotebooks.Tests.Runner;

/// <summary>
/// Issue 13 item 9 through the runner and <c>compat-notebooks run</c>: a notebook that loads a catalog with bad lines
/// shows the engine's first skipped-line messages under the report's counts, and strict mode (<see cref="RunOptions.Strict"/>,
/// <c>--strict</c>) turns the first bad record into the failing cell's error.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class StrictRunTests
{
    private static readonly TimeSpan CellLimit = NotebookRuns.CellLimit;
    private static string Notebook => RepositoryPaths.Fixture("catalog-report.ipynb");

    private static string DuplicateRecord(string features) =>
        $"Feature file '{features}', record 24 (byte offset {24 * DerivedDataSet.RecordBytes}): duplicate ASIN {DerivedDataSet.Asin(3)}";

    [Fact]
    public async Task The_report_cell_lists_the_first_skipped_lines_under_the_counts()
    {
        using var files = new DataTestFiles();
        DerivedDataSet.WithBadInput(files);
        IReadOnlyList<string> expected;
        using (var catalog = ProductCatalog.Load(files.Directory, DerivedDataSet.Category))
            expected = catalog.Report.SkippedMessages();
        Assert.Equal(4, expected.Count);

        var result = await NotebookRunner.RunAsync(Notebook, new RunOptions
        {
            OutputDirectory = RepositoryPaths.Artifacts("runner-skipped-lines"),
            Parameters = new Dictionary<string, string> { ["dataDir"] = files.Directory },
            TimeoutPerCell = CellLimit,
        });

        Assert.True(result.Succeeded, result.FailureMessage);
        var html = string.Join("\n", Assert.Single(result.Cells, c => c.FirstLine.StartsWith("var catalog", StringComparison.Ordinal)).HtmlOutputs);
        int counts = html.IndexOf("CatalogItems", StringComparison.Ordinal);
        Assert.True(counts >= 0, html);
        int previous = html.IndexOf("metadata lines skipped: syntax: 1, not a dict: 1, missing asin: 1", counts, StringComparison.Ordinal);
        Assert.True(previous > counts, html);
        foreach (var message in expected) // under the counts, in order
        {
            int at = html.IndexOf(WebUtility.HtmlEncode(message), previous, StringComparison.Ordinal);
            Assert.True(at > previous, $"'{message}' not under the counts in order:\n{html}");
            previous = at;
        }
    }

    [Fact]
    public async Task Strict_sets_the_declared_parameter_and_the_first_bad_record_fails_the_load_cell()
    {
        using var files = new DataTestFiles();
        var (features, _) = DerivedDataSet.WithBadInput(files);
        var log = new StringWriter();
        var outDir = RepositoryPaths.Artifacts("runner-strict");

        var result = await NotebookRunner.RunAsync(Notebook, new RunOptions
        {
            OutputDirectory = outDir,
            Parameters = new Dictionary<string, string> { ["dataDir"] = files.Directory },
            Strict = true,
            TimeoutPerCell = CellLimit,
            Log = log,
        });

        Assert.False(result.Succeeded);
        Assert.StartsWith("var catalog", result.FirstFailure!.FirstLine);
        Assert.Contains(DuplicateRecord(features), result.FirstFailure.Error);
        Assert.Contains(FeatureFileHints.StrictDuplicate.Trim(), result.FirstFailure.Error); // the way out is strict = false, not a policy
        Assert.False(result.Variables.ContainsKey("items"));
        var executed = JsonNode.Parse(File.ReadAllText(result.ExecutedNotebookPath!))!;
        Assert.Equal("true", executed["metadata"]!["compat_notebooks"]!["parameters"]!["strict"]!.GetValue<string>());
        Assert.DoesNotContain("declares no 'strict'", log.ToString());
    }

    [Fact]
    public async Task Strict_on_a_notebook_without_the_parameter_runs_it_unchanged_and_says_so()
    {
        var log = new StringWriter();
        var result = await NotebookRunner.RunAsync(RepositoryPaths.Fixture("succeed.ipynb"), new RunOptions { Strict = true, TimeoutPerCell = CellLimit, Log = log });
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Contains("[succeed] declares no 'strict' parameter: --strict does not apply, it runs as it is", log.ToString());
    }

    [Fact]
    public async Task Strict_together_with_a_strict_parameter_is_refused_before_anything_runs()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(Notebook, new RunOptions
        {
            Strict = true,
            Parameters = new Dictionary<string, string> { ["strict"] = "false" },
        }));
        Assert.Contains("catalog-report.ipynb", e.Message);
        Assert.Contains("both set", e.Message);
        Assert.NotEmpty(CommandLine.Parse(["run", Notebook, "--strict", "-p", "strict=false"]).Errors);
        Assert.Empty(CommandLine.Parse(["run", Notebook, "--strict", "-p", "dataDir=x"]).Errors);
    }

    [Fact]
    public void Run_strict_exits_1_naming_the_record_and_without_it_exits_0()
    {
        using var files = new DataTestFiles();
        var (features, _) = DerivedDataSet.WithBadInput(files);
        var outDir = RepositoryPaths.Artifacts("cli-run-strict");
        string[] args = ["run", Notebook, "--out", outDir, "--no-html", "-p", $"dataDir={files.Directory}"];

        var lenient = RunCli(args);
        Assert.True(lenient.Exit == 0, lenient.Err);
        var strict = RunCli([.. args, "--strict"]);
        Assert.Equal(1, strict.Exit);
        Assert.Contains(DuplicateRecord(features), strict.Err);
        var summary = JsonNode.Parse(strict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        Assert.Contains(DuplicateRecord(features), summary["notebooks"]![0]!["error"]!.GetValue<string>());
        Assert.Equal(2, RunCli([.. args, "--strict", "-p", "strict=true"]).Exit);
    }

    private static (int Exit, string Out, string Err) RunCli(string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            return (CommandLine.Run(args), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
