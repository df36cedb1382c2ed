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
        var library = Path.Combine(RepositoryPaths.Root, "lib", "CompatNotebooks", "bin", "Release", "net10.0", "CompatNotebooks.dll");
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
