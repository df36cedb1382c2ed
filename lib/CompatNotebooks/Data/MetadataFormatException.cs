namespace CompatNotebooks.Data;

/// <summary>A metadata line that cannot be read as a product: not a literal, not a dict, no <c>asin</c>, a field of
/// the wrong type, or invalid UTF-8. The message names the file, the 1-based line and column.</summary>
public sealed class MetadataFormatException : FormatException
{
    /// <summary>Creates the exception; the message is prefixed with file, line and column.</summary>
    public MetadataFormatException(string path, long line, int column, string reason, string problem, Exception? inner = null)
        : base($"Metadata file '{path}', line {line}, column {column}: {problem}", inner)
    {
        Path = path;
        Line = line;
        Column = column;
        Reason = reason;
        Problem = problem;
    }

    /// <summary>The metadata file.</summary>
    public string Path { get; }

    /// <summary>1-based line number.</summary>
    public long Line { get; }

    /// <summary>1-based character column in the line (1 when the problem is the line as a whole).</summary>
    public int Column { get; }

    /// <summary>A short category for counting (one of the <see cref="MetadataSkipReasons"/> constants).</summary>
    public string Reason { get; }

    /// <summary>The problem alone, without the position prefix.</summary>
    public string Problem { get; }
}

/// <summary>The reasons a metadata line can be skipped, as counted in <see cref="MetadataReadReport.Skipped"/>.</summary>
public static class MetadataSkipReasons
{
    /// <summary>The line is not a Python literal or JSON value.</summary>
    public const string Syntax = "syntax";

    /// <summary>The line is a literal but not a dict.</summary>
    public const string NotADict = "not a dict";

    /// <summary>The dict has no string <c>asin</c>.</summary>
    public const string MissingAsin = "missing asin";

    /// <summary>A known field has the wrong type (e.g. a number as title).</summary>
    public const string FieldType = "field type";

    /// <summary>The line's bytes are not valid UTF-8.</summary>
    public const string Encoding = "invalid UTF-8";
}

/// <summary>Why a numeric price was kept as missing, as counted in <see cref="MetadataReadReport.DroppedPrices"/>
/// (the value stays in <see cref="ProductMetadata.Extra"/> under <c>price</c>).</summary>
public static class MetadataPriceReasons
{
    /// <summary>A price below zero.</summary>
    public const string Negative = "negative price";

    /// <summary>An infinite price (<c>1e999</c>, JSON <c>Infinity</c>).</summary>
    public const string Infinite = "infinite price";

    /// <summary>A NaN price (JSON <c>NaN</c>).</summary>
    public const string NotANumber = "NaN price";
}
