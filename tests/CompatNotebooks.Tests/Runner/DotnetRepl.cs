using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CompatNotebooks.Tests.Runner;

/// <summary>
/// Runs a notebook under dotnet-repl, which embeds the same .NET Interactive kernel (and FSharp.Core 10.0) as the
/// VS Code extension, restored from .config/dotnet-tools.json.
/// </summary>
internal static class DotnetRepl
{
    private static readonly Lazy<bool> Restored = new(() =>
    {
        Run("dotnet", ["tool", "restore"], RepositoryPaths.Root, TimeSpan.FromMinutes(5));
        return true;
    });

    /// <summary>Outputs of every code cell of the executed notebook (cells without outputs give empty lists).</summary>
    public sealed record Result(JsonArray Cells, string Log)
    {
        public IEnumerable<JsonNode> Outputs => Cells.SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!);

        public IEnumerable<string> Errors => Outputs.Where(o => o["output_type"]!.GetValue<string>() == "error")
            .Select(o => o["ename"] + ": " + o["evalue"]);

        /// <summary>The text of all outputs of cell <paramref name="index"/> (0-based among all cells), all mime types.</summary>
        public string CellText(int index) => string.Concat((Cells[index]!["outputs"]?.AsArray() ?? []).Select(o => Text(o!)));

        private static string Text(JsonNode output) =>
            output["data"] is JsonObject data
                ? string.Concat(data.Select(kv => Join(kv.Value)))
                : Join(output["text"]) + Join(output["evalue"]);

        private static string Join(JsonNode? node) => node switch
        {
            JsonArray a => string.Concat(a.Select(x => x?.GetValue<string>())),
            JsonValue v => v.ToString(),
            _ => "",
        };
    }

    /// <summary>
    /// Runs <paramref name="notebook"/> with the kernel's working directory set to the notebook's folder (as VS Code
    /// does) and returns the executed notebook.
    /// </summary>
    public static Result RunNotebook(string notebook, string outputPath, TimeSpan timeout)
    {
        _ = Restored.Value;
        var folder = Path.GetDirectoryName(Path.GetFullPath(notebook))!;
        var log = Run("dotnet",
            ["tool", "run", "dotnet-repl", "--run", Path.GetFullPath(notebook), "--exit-after-run", "--output-path", Path.GetFullPath(outputPath), "--working-dir", folder],
            folder, timeout, allowFailure: true);
        if (!File.Exists(outputPath))
            throw new InvalidOperationException($"dotnet-repl wrote no output notebook:\n{log}");
        return new Result(JsonNode.Parse(File.ReadAllText(outputPath))!["cells"]!.AsArray(), log);
    }

    private static string Run(string file, string[] args, string workingDirectory, TimeSpan timeout, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        var output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{output}");
        return output;
    }
}
