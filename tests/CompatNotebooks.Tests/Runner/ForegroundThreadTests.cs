using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CompatNotebooks.Tests.Runner;

/// <summary>The <c>compat-notebooks run</c> process ends after its summary whatever threads the notebook left behind.</summary>
[Collection(NotebookCollection.Name)]
public sealed class ForegroundThreadTests
{
    [Fact]
    public void Run_exits_after_its_summary_although_a_cell_left_a_foreground_thread_running()
    {
        var dir = RepositoryPaths.Artifacts("cli-foreground-thread");
        var notebook = Path.Combine(dir, "thread.ipynb");
        var document = new Microsoft.DotNet.Interactive.Documents.InteractiveDocument(
        [
            new("var sleeper = new System.Threading.Thread(() => System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite)) { IsBackground = false };\nsleeper.Start();", "csharp"),
            new("Console.WriteLine(sleeper.IsAlive);", "csharp"),
        ]);
        CompatNotebooks.Runner.NotebookRunner.Save(document, notebook);

        var start = new ProcessStartInfo("dotnet");
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "compat-notebooks.dll"), "run", notebook, "--out", Path.Combine(dir, "out"), "--no-html" })
            start.ArgumentList.Add(a);
        var outcome = BoundedProcess.Run(start, TimeSpan.FromMinutes(3)); // without the fix: killed here, TimeoutException

        Assert.True(outcome.ExitCode == 0, outcome.StandardOutput + outcome.StandardError);
        var summary = JsonNode.Parse(outcome.StandardOutput.TrimEnd().Split('\n')[^1])!;
        Assert.True(summary["succeeded"]!.GetValue<bool>());
        Assert.Equal(2, summary["notebooks"]![0]!["cells"]!.GetValue<int>());
    }
}
