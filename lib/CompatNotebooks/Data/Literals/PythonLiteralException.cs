namespace CompatNotebooks.Data;

/// <summary>Text that is not a Python literal (or is one this parser does not accept). <see cref="Column"/> is
/// the 1-based character position of the problem.</summary>
public sealed class PythonLiteralException : FormatException
{
    /// <summary>Creates the exception; the message ends with the column.</summary>
    public PythonLiteralException(string problem, int column)
        : base($"{problem} (column {column})")
    {
        Problem = problem;
        Column = column;
    }

    /// <summary>The problem alone, without the column.</summary>
    public string Problem { get; }

    /// <summary>1-based character position where the problem was found.</summary>
    public int Column { get; }
}
