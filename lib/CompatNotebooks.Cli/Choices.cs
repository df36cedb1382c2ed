using System.CommandLine;

namespace CompatNotebooks.Cli;

/// <summary>
/// The command-line names of an enum's values, written once: they parse the option (case-insensitive), list the
/// accepted values in the help and the error, and name the value again in the JSON output.
/// </summary>
/// <typeparam name="T">The library enum the option sets.</typeparam>
public sealed class Choices<T> where T : struct, Enum
{
    private readonly (string Name, T Value)[] _entries;

    /// <summary>Creates the table; each value has one name.</summary>
    public Choices(params (string Name, T Value)[] entries) => _entries = entries;

    /// <summary>The command-line name of <paramref name="value"/>.</summary>
    public string NameOf(T value) => _entries.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Name;

    /// <summary>An option taking one of the names, <paramref name="defaultValue"/> when absent.</summary>
    public Option<T> Option(string name, T defaultValue, string description)
    {
        string[] names = _entries.Select(e => e.Name).ToArray();
        var option = new Option<T>(name)
        {
            // The help shows the default by its command-line name, not the enum member's.
            Description = $"{description} [default: {NameOf(defaultValue)}]",
            HelpName = string.Join('|', names),
            CustomParser = result =>
            {
                string text = result.Tokens[^1].Value;
                foreach (var (entryName, value) in _entries)
                    if (string.Equals(entryName, text, StringComparison.OrdinalIgnoreCase))
                        return value;
                result.AddError($"{name} must be one of {string.Join(", ", names)}; got '{text}'.");
                return defaultValue;
            },
        };
        option.CompletionSources.Add(names);
        return option;
    }
}
