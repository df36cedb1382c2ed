using System.Text.Json.Nodes;
using CompatNotebooks.Tests.Runner;

namespace CompatNotebooks.Tests.Jupyter;

/// <summary>The committed kernelspec: found by Jupyter through JUPYTER_PATH, starting the pinned tool, loopback only.</summary>
public sealed class KernelSpecTests
{
    private static readonly string KernelJson = Path.Combine(JupyterScripts.Folder, "kernels", ".net-csharp", "kernel.json");

    [Fact]
    public void Kernelspec_runs_the_pinned_tool_with_its_http_server_on_loopback_only()
    {
        var argv = JsonNode.Parse(File.ReadAllText(KernelJson))!["argv"]!.AsArray().Select(a => (string)a!).ToList();
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".config", "dotnet-tools.json")))!;
        var command = (string)manifest["tools"]!["microsoft.dotnet-interactive"]!["commands"]![0]!;
        // `dotnet tool run` takes the version from .config/dotnet-tools.json, so no global install is involved.
        Assert.Equal(["dotnet", "tool", "run", command, "--", "jupyter"], argv.Take(6));
        Assert.Contains("--http-local-only", argv);
        Assert.Equal("csharp", argv[argv.IndexOf("--default-kernel") + 1]);
        Assert.Contains("{connection_file}", argv);
    }

    [Fact]
    public void Jupyter_finds_the_kernelspec_through_JUPYTER_PATH()
    {
        const string Script = """
            import os, sys, json
            os.environ["JUPYTER_PATH"] = sys.argv[1]
            from jupyter_client.kernelspec import KernelSpecManager
            spec = KernelSpecManager().get_kernel_spec(".net-csharp")
            print(json.dumps({"resource_dir": spec.resource_dir, "display_name": spec.display_name}))
            """;
        var result = JupyterScripts.RunProcess(JupyterScripts.Python, ["-c", Script, JupyterScripts.Folder], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Path.GetDirectoryName(KernelJson), (string?)result.Report["resource_dir"]);
        Assert.Equal(".NET (C#)", (string?)result.Report["display_name"]);
    }
}
