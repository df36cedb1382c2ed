using Microsoft.DotNet.Interactive.Documents;

namespace CompatNotebooks.Tests.Runner;

/// <summary>
/// The two traps, checked where users meet them: the dotnet-interactive kernel (via dotnet-repl) loads FSharp.Core
/// 10.0 while Plotly.NET 6 wants 10.1, and TorchSharp's native library needs a newer libstdc++ than Debian 12's.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class RealKernelTests
{
    [Fact]
    public void Chart_and_tensor_work_in_the_kernel_VS_Code_uses()
    {
        RealKernelNotebookTests.RequireReleaseLibrary();
        var dir = RepositoryPaths.Artifacts("real-kernel");

        var result = DotnetRepl.RunNotebook(RepositoryPaths.Fixture("real-kernel.ipynb"), Path.Combine(dir, "real-kernel.ipynb"), TimeSpan.FromMinutes(5));

        Assert.Empty(result.Errors);
        Assert.Empty(result.NotExecuted);
        Assert.Contains("FSharp.Core 10.0", result.CellText(1)); // Prepare() ran in the kernel's FSharp.Core 10.0 ...
        Assert.Contains("redirect installed", result.CellText(1));
        Assert.Contains("\"type\":\"scatter\"", result.CellText(2)); // ... and a Plotly.NET chart still formatted to HTML
        Assert.Contains("compat-chart", result.CellText(2));
        Assert.DoesNotContain("FileNotFoundException", result.CellText(2));
        Assert.Contains(">9<", result.CellText(3)); // torch.ones(3, 3).sum() computed natively
        Assert.StartsWith("10.0.", result.CellText(4));
    }
}

/// <summary>
/// The real notebooks under the kernel VS Code uses (dotnet-repl), each from a copy that differs from the committed
/// notebook in two ways only: an injected parameters cell with small values (the run stays short) and one cell
/// appended at the end that prints a metric per notebook (<c>compat-metric name=value</c>), read back here. The
/// copy runs with the kernel's working directory set to notebooks/, so its relative <c>#r</c> of the library
/// resolves exactly as the original's does.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class RealKernelNotebookTests
{
    private const string Metric = $"Console.WriteLine(FormattableString.Invariant($\"{DotnetRepl.MetricPrefix}";

    public static TheoryData<string, string[], string> Notebooks => new()
    {
        { "01-visual-compatibility.ipynb", ["bookIterations=200", "reportEvery=100", "epochs=2"], Metric + "auc={auc}\"));" },
        { "02-subcategories-and-hard-negatives.ipynb", [], Metric + "difficult_pairs={difficult.Pairs.Count}\"));" },
        { "03-inner-product-vs-euclidean.ipynb", ["epochs=2"], "foreach (var run in comparison.Runs) " + Metric + "auc_{run.Model}_{run.Negatives}={run.Auc}\"));" },
        { "04-style-space-tsne.ipynb", ["epochs=2", "tsneIterations=250"], Metric + "embedded={embedding.Count}\"));" + Metric + "items={catalog.Count}\"));" },
        { "05-compatible-item-recommendations.ipynb", ["epochs=2", "hitRateLinks=50"], Metric + "hit_rate={modelHits.Rate}\"));" + Metric + "random_hit_rate={modelHits.RandomRate}\"));" },
    };

    internal static void RequireReleaseLibrary()
    {
        var library = Path.Combine(RepositoryPaths.Root, "lib", "CompatNotebooks.Notebooks", "bin", "Release", "net10.0", "CompatNotebooks.Notebooks.dll");
        Assert.True(File.Exists(library), $"the notebooks reference {library}: build the solution in Release first (scripts/test.sh does)");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_top_to_bottom_in_dotnet_repl(string notebook, string[] parameters, string readBack)
    {
        RequireReleaseLibrary();
        var dir = RepositoryPaths.Artifacts("real-kernel-" + Path.GetFileNameWithoutExtension(notebook));
        var document = CompatNotebooks.Runner.NotebookRunner.Load(RepositoryPaths.Notebook(notebook),
            parameters.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]));
        // What Prepare() set up (its one-line output leaves the FSharp.Core details out), then the metrics.
        document.Elements.Add(new InteractiveDocumentElement("Console.WriteLine(NotebookSetup.Prepare().Details)", "csharp"));
        document.Elements.Add(new InteractiveDocumentElement(readBack, "csharp"));
        var copy = Path.Combine(dir, notebook);
        CompatNotebooks.Runner.NotebookRunner.Save(document, copy);

        var result = DotnetRepl.RunNotebook(copy, Path.Combine(dir, "executed-" + notebook), TimeSpan.FromMinutes(5),
            workingDirectory: Path.Combine(RepositoryPaths.Root, "notebooks"));

        Assert.Empty(result.Errors);
        Assert.Empty(result.NotExecuted); // every code cell ran, the read-back cell included
        var outputs = string.Concat(Enumerable.Range(0, result.Cells.Count).Select(result.CellText));
        Assert.Contains("FSharp.Core 10.0", outputs);
        Assert.Contains("compat-chart", outputs);
        var metrics = result.Metrics;
        Assert.NotEmpty(metrics);
        Assert.All(metrics.Values, v => Assert.True(double.IsFinite(v)));
        switch (notebook[..2])
        {
            case "01":
                Assert.InRange(metrics["auc"], 0.5, 1.0);
                break;
            case "02":
                Assert.True(metrics["difficult_pairs"] > 0);
                break;
            case "03":
                Assert.Equal(4, metrics.Count);
                Assert.All(metrics.Values, auc => Assert.InRange(auc, 0.5, 1.0));
                break;
            case "04":
                Assert.Equal(metrics["items"], metrics["embedded"]);
                Assert.True(metrics["embedded"] > 0);
                break;
            case "05":
                Assert.True(metrics["hit_rate"] > metrics["random_hit_rate"], $"hit rate {metrics["hit_rate"]} vs random {metrics["random_hit_rate"]}");
                break;
        }
    }
}
