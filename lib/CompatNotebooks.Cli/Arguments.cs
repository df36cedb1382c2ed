using System.Globalization;

namespace CompatNotebooks.Cli;

/// <summary>
/// The one argument parser every subcommand shares: <c>--name value</c> (or <c>--name=value</c>) options,
/// <c>--flag</c> switches and, when a command allows them, positional arguments. Unknown options, missing
/// values, repeated options and bad numbers are reported as <see cref="UsageException"/> naming the option,
/// which <see cref="CommandLine"/> prints to stderr with a non-zero exit code.
/// </summary>
/// <example>
/// <code>
/// var a = Arguments.Parse("inspect", args, options: ["data", "category", "seed"], flags: ["hard-negatives"]);
/// string dir = a.Required("data");
/// ulong seed = a.UInt64("seed", 1);
/// bool hard = a.Flag("hard-negatives");
/// </code>
/// </example>
public sealed class Arguments
{
    private readonly string _command;
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _flags;

    private Arguments(string command, Dictionary<string, string> values, HashSet<string> flags, List<string> positionals)
    {
        _command = command;
        _values = values;
        _flags = flags;
        Positionals = positionals;
    }

    /// <summary>Arguments that are not options, in order (empty unless the command allows them).</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>True when <c>--help</c> or <c>-h</c> was given (always accepted).</summary>
    public bool HelpRequested { get; private init; }

    /// <summary>
    /// Parses <paramref name="args"/> (the words after the subcommand name).
    /// </summary>
    /// <param name="command">Subcommand name, used in error messages.</param>
    /// <param name="args">The words to parse.</param>
    /// <param name="options">Names (without <c>--</c>) of options that take a value.</param>
    /// <param name="flags">Names (without <c>--</c>) of switches without a value.</param>
    /// <param name="maxPositionals">How many non-option words are allowed (default none).</param>
    /// <exception cref="UsageException">An unknown option, a missing value, a repeated option or too many positionals.</exception>
    public static Arguments Parse(string command, IReadOnlyList<string> args, IEnumerable<string> options,
        IEnumerable<string>? flags = null, int maxPositionals = 0)
    {
        var optionNames = new HashSet<string>(options, StringComparer.Ordinal);
        var flagNames = new HashSet<string>(flags ?? [], StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var setFlags = new HashSet<string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        bool help = false, onlyPositionals = false;
        for (int i = 0; i < args.Count; i++)
        {
            string word = args[i];
            if (onlyPositionals || !word.StartsWith('-') || word == "-")
            {
                if (positionals.Count >= maxPositionals)
                    throw new UsageException(command, maxPositionals == 0
                        ? $"unexpected argument '{word}' (options start with --)"
                        : $"unexpected extra argument '{word}' (at most {maxPositionals} allowed)");
                positionals.Add(word);
                continue;
            }
            if (word == "--") { onlyPositionals = true; continue; }
            if (word is "-h" or "--help") { help = true; continue; }
            if (!word.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException(command, $"unknown option '{word}' (options are written --name)");
            string name = word[2..];
            string? inlineValue = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { inlineValue = name[(eq + 1)..]; name = name[..eq]; }
            if (flagNames.Contains(name))
            {
                if (inlineValue is not null)
                    throw new UsageException(command, $"--{name} is a switch and takes no value");
                setFlags.Add(name);
                continue;
            }
            if (!optionNames.Contains(name))
                throw new UsageException(command, $"unknown option '--{name}'. Known: {Describe(optionNames, flagNames)}");
            string value;
            if (inlineValue is not null) value = inlineValue;
            else if (i + 1 < args.Count && !(args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2)) value = args[++i];
            else throw new UsageException(command, $"--{name} needs a value");
            if (!values.TryAdd(name, value))
                throw new UsageException(command, $"--{name} was given twice");
        }
        return new Arguments(command, values, setFlags, positionals) { HelpRequested = help };
    }

    /// <summary>True when the option was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>True when the switch <c>--name</c> was given.</summary>
    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>The option's value, or <paramref name="fallback"/> when absent.</summary>
    public string? String(string name, string? fallback = null) => _values.GetValueOrDefault(name, fallback!);

    /// <summary>The option's value; a <see cref="UsageException"/> when absent or empty.</summary>
    public string Required(string name) =>
        _values.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new UsageException(_command, $"--{name} is required");

    /// <summary>The option as an integer within [<paramref name="min"/>, <paramref name="max"/>], or the fallback.</summary>
    public int Int32(string name, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        (int)Int64(name, fallback, min, max);

    /// <summary>The option as a 64-bit integer within [<paramref name="min"/>, <paramref name="max"/>], or the fallback.</summary>
    public long Int64(string name, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        if (!long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            throw new UsageException(_command, $"--{name} expects an integer, got '{text}'");
        if (v < min || v > max)
            throw new UsageException(_command, $"--{name} must be between {min} and {max}, got {v}");
        return v;
    }

    /// <summary>The option as an unsigned 64-bit integer (seeds), or the fallback.</summary>
    public ulong UInt64(string name, ulong fallback)
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        return ulong.TryParse(text.Replace("_", ""), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new UsageException(_command, $"--{name} expects a non-negative integer, got '{text}'");
    }

    /// <summary>The option as a finite number within [<paramref name="min"/>, <paramref name="max"/>], or the fallback.</summary>
    public double Double(string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new UsageException(_command, $"--{name} expects a number, got '{text}'");
        if (v < min || v > max)
            throw new UsageException(_command, $"--{name} must be between {min} and {max}, got {v}");
        return v;
    }

    /// <summary>The option as one of <paramref name="choices"/> (case-insensitive), or the fallback.</summary>
    public string Choice(string name, string fallback, params string[] choices)
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        return choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException(_command, $"--{name} must be one of {string.Join(", ", choices)}, got '{text}'");
    }

    /// <summary>The option as an enum value (case-insensitive name), or the fallback.</summary>
    public TEnum Enum<TEnum>(string name, TEnum fallback) where TEnum : struct, System.Enum
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        return System.Enum.TryParse(text, ignoreCase: true, out TEnum v) && System.Enum.IsDefined(v)
            ? v : throw new UsageException(_command, $"--{name} must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}, got '{text}'");
    }

    private static string Describe(HashSet<string> options, HashSet<string> flags) =>
        string.Join(", ", options.Concat(flags).Order(StringComparer.Ordinal).Select(n => "--" + n).DefaultIfEmpty("(none)"));
}

/// <summary>A command-line usage error (bad or missing argument); the message names the command and the option.</summary>
public sealed class UsageException(string command, string message) : ArgumentException($"{message} (see compat-notebooks {command} --help)")
{
    /// <summary>The subcommand whose arguments were wrong.</summary>
    public string Command { get; } = command;
}
