using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using CompatNotebooks.Runner;

namespace CompatNotebooks.Cli;

/// <summary>
/// <c>compat-notebooks run [NOTEBOOK|DIR]... [--out DIR] [-p name=value]... [--strict] [--timeout-per-cell S] [--continue-on-error]</c>:
/// runs notebooks headless (see <see cref="NotebookRunner"/>).
/// </summary>
public static class RunCommand
{
    /// <summary>The <c>run</c> command with its arguments and options.</summary>
    public static Command Create()
    {
        var notebooks = new Argument<string[]>("notebooks")
        {
            Description = "notebooks or folders (a folder: its *.ipynb in name order) [default: notebooks]",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out")
        {
            Description = "folder for the executed notebooks and standalone HTML reports (checked before any notebook runs)",
            DefaultValueFactory = _ => "out",
            HelpName = "DIR",
        };
        var parameters = new Option<Dictionary<string, string>>("--parameter", "-p")
        {
            Description = "set a variable of the notebook's `parameters` cell (repeatable; typed as declared)",
            HelpName = "name=value",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => new Dictionary<string, string>(StringComparer.Ordinal),
            CustomParser = ParseParameters,
        };
        var strict = new Option<bool>("--strict")
        {
            Description = "set `strict = true` in each notebook that declares it, so its catalog load stops at the first malformed " +
                          "metadata line or bad feature record; a notebook without a `strict` parameter runs unchanged (the log says so)",
        };
        var timeout = new Option<double>("--timeout-per-cell") { Description = "fail a cell that runs longer than S seconds", HelpName = "S" }.Within(0.001, 1e9);
        var continueOnError = new Option<bool>("--continue-on-error") { Description = "keep running after a failing cell (the exit code is still 1)" };
        var noHtml = new Option<bool>("--no-html") { Description = "write only the executed notebooks" };
        var command = new Command("run", "Runs .ipynb notebooks in-process, one after another; the last stdout line is a JSON summary.\n" + ExitCodes.HelpText)
        {
            notebooks, output, parameters, strict, timeout, continueOnError, noHtml,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(strict) && result.GetValue(parameters)!.ContainsKey(RunOptions.StrictParameter))
                result.AddError($"--strict and -p {RunOptions.StrictParameter}=… both set '{RunOptions.StrictParameter}': give one of them.");
        });
        command.SetAction(result => Run(result.GetValue(notebooks) ?? [], new RunOptions
        {
            OutputDirectory = result.GetValue(output),
            Parameters = result.GetValue(parameters)!,
            Strict = result.GetValue(strict),
            TimeoutPerCell = result.GetResult(timeout) is null ? null : TimeSpan.FromSeconds(result.GetValue(timeout)),
            ContinueOnError = result.GetValue(continueOnError),
            WriteHtml = !result.GetValue(noHtml),
            Log = Console.Out,
        }));
        return command;
    }

    /// <summary>The <c>-p name=value</c> words as a dictionary; a word without a name, or a name given twice, is a parse error.</summary>
    private static Dictionary<string, string> ParseParameters(ArgumentResult result)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            string pair = token.Value;
            int eq = pair.IndexOf('=');
            if (eq <= 0)
                result.AddError($"-p '{pair}': expected name=value.");
            else if (!parameters.TryAdd(pair[..eq], pair[(eq + 1)..]))
                result.AddError($"-p {pair[..eq]} was given twice.");
        }
        return parameters;
    }

    private static int Run(IReadOnlyList<string> paths, RunOptions options)
    {
        var notebooks = NotebookRunner.Expand(paths.Count > 0 ? paths : ["notebooks"]);
        if (notebooks.Count == 0)
            throw new FileNotFoundException($"no .ipynb notebooks in {string.Join(", ", paths.Count > 0 ? paths : ["notebooks"])}");
        if (options.OutputDirectory is { } outDir)
            OutputPaths.CheckDirectory("--out", outDir);

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
        return succeeded ? ExitCodes.Success : ExitCodes.DataError;
    }
}
