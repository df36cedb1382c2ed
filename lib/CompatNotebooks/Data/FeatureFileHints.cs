namespace CompatNotebooks.Data;

/// <summary>
/// The advice that ends a <see cref="FeatureFileException"/> for a NaN/Inf value or a repeated ASIN (each starts with a
/// space). Public so that a front end whose users cannot set these policies (the CLI) can replace it with its own.
/// </summary>
public static class FeatureFileHints
{
    /// <summary>The way out of a NaN/Inf error named in its message.</summary>
    public const string SkipRow = " Use InvalidValuePolicy.SkipRow to skip and count such rows.";

    /// <summary>The way out of a repeated-ASIN error named in its message.</summary>
    public const string KeepFirst = " Use DuplicatePolicy.KeepFirst to keep the first and count the rest.";

    /// <summary><see cref="SkipRow"/> when strict mode forced the policy.</summary>
    public const string StrictInvalidValue =
        " Strict mode (CatalogOptions.Strict, a notebook's `strict` parameter) stops at NaN/Inf values: turn it off and use InvalidValuePolicy.SkipRow to skip and count such rows.";

    /// <summary><see cref="KeepFirst"/> when strict mode forced the policy.</summary>
    public const string StrictDuplicate =
        " Strict mode (CatalogOptions.Strict, a notebook's `strict` parameter) stops at repeated ASINs: turn it off to keep the first and count the rest.";
}
