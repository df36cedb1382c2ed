using System.CommandLine;

namespace CompatNotebooks.Cli;

/// <summary>The options several subcommands share, defined once so their names, help and checks agree.</summary>
public static class CommonOptions
{
    /// <summary><c>--data DIR</c>: an empty value is a usage error, never a silent fallback to the generated sample.</summary>
    public static Option<string?> Data()
    {
        var option = new Option<string?>("--data")
        {
            Description = "data folder holding image_features_<CAT>.b and meta_<CAT>.json.gz [default: $COMPAT_DATA_DIR, else the generated sample in data/sample]",
            HelpName = "DIR",
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
                result.AddError("--data is empty: name the data folder, or leave the option out to use $COMPAT_DATA_DIR or the generated sample.");
        });
        return option;
    }

    /// <summary><c>--category CAT</c> (required).</summary>
    public static Option<string> Category() => new("--category")
    {
        Description = "category in the file names, e.g. Musical_Instruments (spaces are read as underscores)",
        HelpName = "CAT",
        Required = true,
    };

    /// <summary><c>--no-store</c>: map the <c>.b</c> file instead of reading the compact feature store.</summary>
    public static Option<bool> NoStore() => new("--no-store")
    {
        Description = "map image_features_<CAT>.b directly (float32) instead of reading its compact store (written on first use, see `convert`)",
    };

    /// <summary><c>--strict</c>: the first malformed metadata line or repeated feature ASIN is an error.</summary>
    public static Option<bool> Strict() => new("--strict")
    {
        Description = "stop at the first malformed metadata line or repeated feature-file ASIN (exit code 1) instead of skipping and counting it",
    };
}
