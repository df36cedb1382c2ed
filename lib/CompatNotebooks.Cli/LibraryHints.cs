using CompatNotebooks.Data;

namespace CompatNotebooks.Cli;

/// <summary>
/// Rewrites the library's advice in an error message into what a CLI user can do: the library names policies
/// (<c>InvalidValuePolicy.SkipRow</c>, <c>DuplicatePolicy.KeepFirst</c>) that only code can set.
/// </summary>
public static class LibraryHints
{
    private static readonly (string Library, string Cli)[] Replacements =
    [
        (FeatureFileHints.SkipRow, " The CLI stops at NaN/Inf values: repair or regenerate the file."),
        (FeatureFileHints.StrictInvalidValue, " The CLI stops at NaN/Inf values: repair or regenerate the file."),
        (FeatureFileHints.KeepFirst, " Run without --strict to keep the first record and count the rest."),
        (FeatureFileHints.StrictDuplicate, " Run without --strict to keep the first record and count the rest."),
    ];

    /// <summary>The message with each library hint replaced by the CLI's.</summary>
    public static string ForCli(string message)
    {
        foreach (var (library, cli) in Replacements)
            message = message.Replace(library, cli, StringComparison.Ordinal);
        return message;
    }
}
