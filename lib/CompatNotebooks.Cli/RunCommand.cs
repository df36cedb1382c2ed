using System.Text.Json;
using CompatNotebooks.Runner;

namespace CompatNotebooks.Cli;

/// <summary>
/// <c>compat-notebooks run [NOTEBOOK|DIR]... [--out DIR] [-p name=value]... [--timeout-per-cell S] [--continue-on-error]</c>:
/// runs notebooks headless (see <see cref="NotebookRunner"/>).
/// </summary>
public static class RunCommand
{
    private const string Usage =
        "usage: compat-notebooks run [NOTEBOOK|DIR]... [--out DIR] [-p name=value]... [--timeout-per-cell S] [--continue-on-error] [--no-html]\n" +
        "  Runs .ipynb notebooks in-process, one after another (a folder: its *.ipynb in name order; default: notebooks/).\n" +
        "  --out DIR             write the executed notebooks and standalone HTML reports there (default out/)\n" +
        "  -p name=value         set a variable of the notebook's `parameters` cell (repeatable; typed as declared)\n" +
        "  --timeout-per-cell S  fail a cell that runs longer than S seconds\n" +
        "  --continue-on-error   keep running after a failing cell (the exit code is still 1)\n" +
        "  --no-html             write only the executed notebooks";

    /// <summary>Runs the subcommand; returns the exit code (0 all notebooks succeeded, 1 a cell failed, 2 usage).</summary>
    public static int Run(string[] args)
    {
        var (parameters, rest) = ExtractParameters(args);
        var a = Arguments.Parse("run", rest, options: ["out", "timeout-per-cell"], flags: ["continue-on-error", "no-html"], maxPositionals: int.MaxValue);
        if (a.HelpRequested) { Console.WriteLine(Usage); return 0; }
        var timeout = a.Has("timeout-per-cell") ? TimeSpan.FromSeconds(a.Double("timeout-per-cell", 0, min: 0.001)) : (TimeSpan?)null;
        var notebooks = NotebookRunner.Expand(a.Positionals.Count > 0 ? a.Positionals : ["notebooks"]);
        if (notebooks.Count == 0)
            throw new UsageException("run", "no .ipynb notebooks found");
        var options = new RunOptions
        {
            OutputDirectory = a.String("out", "out"),
            Parameters = parameters,
            TimeoutPerCell = timeout,
            ContinueOnError = a.Flag("continue-on-error"),
            WriteHtml = !a.Flag("no-html"),
            Log = Console.Out,
        };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = NotebookRunner.RunAllAsync(notebooks, options).GetAwaiter().GetResult();
        clock.Stop();
        foreach (var failure in results.Where(r => !r.Succeeded))
            Console.Error.WriteLine($"compat-notebooks run: {failure.FailureMessage}");
        var succeeded = results.Count == notebooks.Count && results.All(r => r.Succeeded);
        Console.WriteLine($"{results.Count(r => r.Succeeded)} of {notebooks.Count} notebooks succeeded in {clock.Elapsed.TotalSeconds:0.0} s" +
                          (options.OutputDirectory is null ? "" : $"; outputs in {Path.GetFullPath(options.OutputDirectory)}"));
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["succeeded"] = succeeded,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["notebooks"] = results.Select(r => new Dictionary<string, object?>
            {
                ["notebook"] = r.NotebookPath,
                ["succeeded"] = r.Succeeded,
                ["seconds"] = Math.Round(r.Duration.TotalSeconds, 3),
                ["cells"] = r.Cells.Count,
                ["executed"] = r.ExecutedNotebookPath,
                ["html"] = r.HtmlReportPath,
                ["failed_cell"] = r.FirstFailure?.CellNumber,
                ["error"] = r.FirstFailure?.Error?.Split('\n')[0].Trim(),
            }).ToList(),
        }));
        return succeeded ? 0 : 1;
    }

    /// <summary>Pulls the repeatable <c>-p name=value</c> / <c>--parameter name=value</c> pairs out of the words.</summary>
    public static (Dictionary<string, string> Parameters, List<string> Others) ExtractParameters(IReadOnlyList<string> args)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is not ("-p" or "--parameter"))
            {
                rest.Add(args[i]);
                continue;
            }
            if (i + 1 >= args.Count)
                throw new UsageException("run", $"{args[i]} needs name=value");
            var pair = args[++i];
            var eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new UsageException("run", $"-p '{pair}': expected name=value");
            var name = pair[..eq];
            if (!parameters.TryAdd(name, pair[(eq + 1)..]))
                throw new UsageException("run", $"-p {name} given twice");
        }
        return (parameters, rest);
    }
}
