using CompatNotebooks.Notebook;

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
        var library = Path.Combine(RepositoryPaths.Root, "lib", "CompatNotebooks.Notebooks", "bin", "Release", "net10.0", "CompatNotebooks.Notebooks.dll");
        Assert.True(File.Exists(library), $"the notebooks reference {library}: build the solution in Release first (scripts/test.sh does)");
        var dir = RepositoryPaths.Artifacts("real-kernel");

        var result = DotnetRepl.RunNotebook(RepositoryPaths.Fixture("real-kernel.ipynb"), Path.Combine(dir, "real-kernel.ipynb"), TimeSpan.FromMinutes(5));

        Assert.True(!result.Errors.Any(), string.Join("\n", result.Errors) + "\n" + result.Log);
        Assert.Contains("FSharp.Core 10.0", result.CellText(1)); // Prepare() ran in the kernel's FSharp.Core 10.0 ...
        Assert.Contains("redirect installed", result.CellText(1));
        Assert.Contains("\"type\":\"scatter\"", result.CellText(2)); // ... and a Plotly.NET chart still formatted to HTML
        Assert.Contains("compat-chart", result.CellText(2));
        Assert.DoesNotContain("FileNotFoundException", result.CellText(2));
        Assert.Contains(">9<", result.CellText(3)); // torch.ones(3, 3).sum() computed natively
        Assert.StartsWith("10.0.", result.CellText(4));
    }
}

/// <summary>The real notebooks, with small parameters, under the kernel VS Code uses.</summary>
[Collection(NotebookCollection.Name)]
public sealed class RealKernelNotebookTests
{
    public static TheoryData<string, string[]> Notebooks => new()
    {
        { "01-visual-compatibility.ipynb", ["bookIterations=200", "reportEvery=100", "epochs=2"] },
        { "02-subcategories-and-hard-negatives.ipynb", [] },
        { "03-inner-product-vs-euclidean.ipynb", ["epochs=2"] },
        { "04-style-space-tsne.ipynb", ["epochs=2", "tsneIterations=250"] },
        { "05-compatible-item-recommendations.ipynb", ["epochs=2", "hitRateLinks=50"] },
    };

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_top_to_bottom_in_dotnet_repl(string notebook, string[] parameters)
    {
        var library = Path.Combine(RepositoryPaths.Root, "lib", "CompatNotebooks.Notebooks", "bin", "Release", "net10.0", "CompatNotebooks.Notebooks.dll");
        Assert.True(File.Exists(library), $"the notebooks reference {library}: build the solution in Release first (scripts/test.sh does)");
        var dir = RepositoryPaths.Artifacts("real-kernel-" + Path.GetFileNameWithoutExtension(notebook));

        // A parameterised copy; its library reference made absolute so that it resolves from the copy's folder.
        var document = CompatNotebooks.Runner.NotebookRunner.Load(RepositoryPaths.Notebook(notebook),
            parameters.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]));
        foreach (var element in document.Elements)
            element.Contents = element.Contents.Replace("\"../lib/CompatNotebooks.Notebooks/bin/Release/net10.0/CompatNotebooks.Notebooks.dll\"", $"\"{library}\"");
        var copy = Path.Combine(dir, notebook);
        CompatNotebooks.Runner.NotebookRunner.Save(document, copy);

        var result = DotnetRepl.RunNotebook(copy, Path.Combine(dir, "executed-" + notebook), TimeSpan.FromMinutes(5));

        Assert.True(!result.Errors.Any(), string.Join("\n", result.Errors));
        var outputs = string.Concat(Enumerable.Range(0, result.Cells.Count).Select(result.CellText));
        Assert.Contains("FSharp.Core 10.0", outputs);
        Assert.Contains("compat-chart", outputs);
        Assert.DoesNotContain("FileNotFoundException", outputs);
        Assert.DoesNotContain("DllNotFoundException", outputs);
        Assert.DoesNotContain("TypeInitializationException", outputs);
        // Every code cell produced its outputs: a failing cell would have stopped dotnet-repl with an error output.
        Assert.All(result.Cells.Where(c => c!["cell_type"]!.GetValue<string>() == "code"), c => Assert.NotNull(c!["outputs"]));
    }
}
