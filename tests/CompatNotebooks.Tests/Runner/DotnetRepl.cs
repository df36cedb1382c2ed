using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CompatNotebooks.Tests.Runner;

/// <summary>
/// Runs a notebook under dotnet-repl, which embeds the same .NET Interactive kernel (and FSharp.Core 10.0) as the
/// VS Code extension, restored from .config/dotnet-tools.json. A run that exits non-zero fails the test.
/// </summary>
internal static partial class DotnetRepl
{
    /// <summary>The prefix of the lines a read-back cell prints: <c>compat-metric name=value</c>.</summary>
    public const string MetricPrefix = "compat-metric ";

    private static readonly Lazy<bool> Restored = new(() =>
    {
        Run(["tool", "restore"], RepositoryPaths.Root, TimeSpan.FromMinutes(5));
        return true;
    });

    [GeneratedRegex(@"^compat-metric (?<name>[A-Za-z0-9_.]+)=(?<value>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

    /// <summary>The executed notebook as dotnet-repl wrote it, and what the tool printed.</summary>
    public sealed record Result(JsonArray Cells, string Log)
    {
        public IEnumerable<JsonNode> CodeCells => Cells.Select(c => c!).Where(c => c["cell_type"]!.GetValue<string>() == "code");

        public IEnumerable<JsonNode> Outputs => Cells.SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!);

        public IEnumerable<string> Errors => Outputs.Where(o => o["output_type"]!.GetValue<string>() == "error")
            .Select(o => o["ename"] + ": " + o["evalue"]);

        /// <summary>
        /// The first lines of the code cells the kernel did not finish: dotnet-repl stamps every cell it ran with
        /// <c>dotnet_repl_cellExecutionEndTime</c> (it writes no execution count).
        /// </summary>
        public IEnumerable<string> NotExecuted => CodeCells
            .Where(c => c["metadata"]?["dotnet_repl_cellExecutionEndTime"] is null)
            .Select(c => Join(c["source"]).Split('\n')[0]);

        /// <summary>The text of all outputs of cell <paramref name="index"/> (0-based among all cells), all mime types.</summary>
        public string CellText(int index) => string.Concat((Cells[index]!["outputs"]?.AsArray() ?? []).Select(o => Text(o!)));

        /// <summary>The values printed as <c>compat-metric name=value</c> lines by any cell.</summary>
        public IReadOnlyDictionary<string, double> Metrics =>
            Enumerable.Range(0, Cells.Count).SelectMany(i => MetricLine().Matches(CellText(i)))
                .ToDictionary(m => m.Groups["name"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

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
    /// Runs <paramref name="notebook"/> with the kernel's working directory set to <paramref name="workingDirectory"/>
    /// (default: the notebook's folder, as VS Code does; relative <c>#r</c> paths resolve against it) and returns the
    /// executed notebook. Throws when dotnet-repl exits non-zero (it does when a cell fails) or runs past
    /// <paramref name="timeout"/>.
    /// </summary>
    public static Result RunNotebook(string notebook, string outputPath, TimeSpan timeout, string? workingDirectory = null)
    {
        _ = Restored.Value;
        var folder = workingDirectory ?? Path.GetDirectoryName(Path.GetFullPath(notebook))!;
        var log = Run(["tool", "run", "dotnet-repl", "--run", Path.GetFullPath(notebook), "--exit-after-run", "--output-path", Path.GetFullPath(outputPath), "--working-dir", folder],
            folder, timeout);
        if (!File.Exists(outputPath))
            throw new InvalidOperationException($"dotnet-repl wrote no output notebook:\n{log}");
        return new Result(JsonNode.Parse(File.ReadAllText(outputPath))!["cells"]!.AsArray(), log);
    }

    private static string Run(string[] args, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var outcome = BoundedProcess.Run(start, timeout);
        var output = outcome.StandardOutput + outcome.StandardError;
        if (outcome.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited {outcome.ExitCode}:\n{output}");
        return output;
    }
}
