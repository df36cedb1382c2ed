using CompatNotebooks.Training;

namespace CompatNotebooks.Cli;

/// <summary>Dispatches <c>compat-notebooks SUBCOMMAND ...</c> to one handler per subcommand.</summary>
public static class CommandLine
{
    /// <summary>Subcommand name → handler returning the exit code. Each feature registers its own entry here.</summary>
    private static readonly Dictionary<string, Func<string[], int>> Commands = new(StringComparer.Ordinal)
    {
        ["sample-data"] = SampleDataCommand.Run,
        ["inspect"] = InspectCommand.Run,
        ["tsne"] = TSneCommand.Run,
        ["train"] = TrainCommand.Run,
        ["run"] = RunCommand.Run,
    };

    /// <summary>Runs the command line and returns the process exit code (0 success, 1 failure, 2 usage).</summary>
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Error.WriteLine("usage: compat-notebooks <command> [options]");
            Console.Error.WriteLine("commands: " + string.Join(", ", Commands.Keys.Order()));
            return args.Length == 0 ? 2 : 0;
        }
        if (!Commands.TryGetValue(args[0], out var handler))
        {
            Console.Error.WriteLine($"compat-notebooks: unknown command '{args[0]}'. Commands: {string.Join(", ", Commands.Keys.Order())}");
            return 2;
        }
        try
        {
            return handler(args[1..]);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException or UnauthorizedAccessException or TrainingDivergedException)
        {
            Console.Error.WriteLine($"compat-notebooks {args[0]}: {e.Message}");
            return 1;
        }
    }
}
