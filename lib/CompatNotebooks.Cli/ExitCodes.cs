namespace CompatNotebooks.Cli;

/// <summary>The process exit codes of every subcommand, as <c>compat-notebooks --help</c> states them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>A file or the data is wrong (missing, unreadable, malformed, no pairs), an output cannot be written,
    /// or a notebook failed.</summary>
    public const int DataError = 1;

    /// <summary>The command line itself is wrong (unknown option, missing or bad value); nothing was read.</summary>
    public const int UsageError = 2;

    /// <summary>The sentence every help text ends with.</summary>
    public const string HelpText = "Exit codes: 0 success, 1 data or file error (or a failed notebook), 2 usage error.";
}
