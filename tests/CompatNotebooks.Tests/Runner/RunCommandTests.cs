using System.Text.Json.Nodes;
using CompatNotebooks.Cli;

namespace CompatNotebooks.Tests.Runner;

[Collection(NotebookCollection.Name)]
public sealed class RunCommandTests
{
    [Fact]
    public void Repeated_p_options_become_parameters_and_the_rest_is_left_for_the_parser()
    {
        var parsed = CommandLine.Parse(["run", "nb.ipynb", "-p", "epochs=3", "--out", "x", "--parameter", "dataDir=/a=b"]);
        Assert.Empty(parsed.Errors);
        var parameters = parsed.GetValue<Dictionary<string, string>>("--parameter")!;
        Assert.Equal("3", parameters["epochs"]);
        Assert.Equal("/a=b", parameters["dataDir"]);
        Assert.Equal(["nb.ipynb"], parsed.GetValue<string[]>("notebooks"));
        Assert.Equal("x", parsed.GetValue<string>("--out"));
        Assert.NotEmpty(CommandLine.Parse(["run", "-p", "epochs"]).Errors);
        Assert.NotEmpty(CommandLine.Parse(["run", "-p", "a=1", "-p", "a=2"]).Errors);
        Assert.NotEmpty(CommandLine.Parse(["run", "-p"]).Errors);
    }

    [Fact]
    public void Failing_notebook_exits_1_and_the_last_line_is_a_json_summary_naming_the_cell()
    {
        var outDir = RepositoryPaths.Artifacts("cli-run-fail");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        int code;
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            code = CommandLine.Run(["run", RepositoryPaths.Fixture("fail.ipynb"), "--out", outDir, "--no-html"]);
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }

        Assert.Equal(1, code);
        Assert.Contains("fail.ipynb: cell 4 `throw new InvalidOperationException", stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("[fail]  3/4 FAILED"));
        var summary = JsonNode.Parse(lines[^1])!;
        Assert.False(summary["succeeded"]!.GetValue<bool>());
        Assert.Equal(4, summary["notebooks"]![0]!["failed_cell"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(outDir, "fail.ipynb")));
        Assert.False(File.Exists(Path.Combine(outDir, "fail.html")));
    }

    [Fact]
    public void Missing_notebook_is_a_clear_error() =>
        Assert.Equal(1, CommandLine.Run(["run", "no-such-notebook.ipynb"]));
}
