using System.CommandLine;
using System.CommandLine.Invocation;
using CompatNotebooks.Training;

namespace CompatNotebooks.Cli;

/// <summary>
/// <c>compat-notebooks SUBCOMMAND ...</c> on System.CommandLine: the library parses, checks and binds the options and
/// writes the help; this class maps the outcome to <see cref="ExitCodes"/> and prints errors as
/// <c>compat-notebooks SUBCOMMAND: message</c> on stderr, without a stack trace.
/// </summary>
public static class CommandLine
{
    // Words are taken literally: no "@file" response-file expansion (a path or category may start with '@').
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    /// <summary>The command tree (a new one per call: commands hold no state, but parse results refer to their options).</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Runs the visual-compatibility model of chapter 9 of \"Personalized Machine Learning\": " +
                                   "inspect the data, train, embed with t-SNE, run the notebooks.\n" + ExitCodes.HelpText)
        {
            SampleDataCommand.Create(),
            ConvertCommand.Create(),
            InspectCommand.Create(),
            TSneCommand.Create(),
            TrainCommand.Create(),
            RunCommand.Create(),
        };
        return root;
    }

    /// <summary>Parses <paramref name="args"/> without running anything (errors are in <see cref="ParseResult.Errors"/>).</summary>
    public static ParseResult Parse(IReadOnlyList<string> args) => CreateRoot().Parse(args, Configuration);

    /// <summary>Runs the command line and returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args)
    {
        var parsed = Parse(args);
        string name = parsed.CommandResult.Command is RootCommand ? "compat-notebooks" : $"compat-notebooks {parsed.CommandResult.Command.Name}";
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"{name}: {error.Message}");
            Console.Error.WriteLine($"See '{name} --help'.");
            return ExitCodes.UsageError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException
                                      or UnauthorizedAccessException or TrainingDivergedException)
        {
            Console.Error.WriteLine($"{name}: {LibraryHints.ForCli(e.Message)}");
            return ExitCodes.DataError;
        }
    }
}
