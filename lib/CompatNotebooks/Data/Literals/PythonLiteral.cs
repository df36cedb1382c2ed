using System.Text;

namespace CompatNotebooks.Data;

/// <summary>
/// Safe reading and writing of Python literals — the format of the 2014 Amazon metadata lines, which the book
/// reads with <c>eval</c>. <see cref="Parse(string)"/> never executes anything: only dicts (string keys), lists,
/// tuples, strings (single/double/triple quoted, <c>u</c>/<c>r</c> prefixes, every escape Python has except
/// <c>\N{name}</c>, adjacent literals concatenated), ints, floats, <c>True</c>/<c>False</c>/<c>None</c> are accepted (as
/// in <c>ast.literal_eval</c>, the names <c>inf</c>/<c>nan</c> that <c>repr</c> writes are not); names, calls, operators, sets, bytes, f-strings
/// and complex numbers raise <see cref="PythonLiteralException"/> with the column.
/// </summary>
/// <remarks>Results: dict → <c>Dictionary&lt;string, object?&gt;</c> (insertion order kept, a repeated key keeps
/// its last value as in Python), list and tuple → <c>List&lt;object?&gt;</c>, str → <see cref="string"/>, int →
/// <see cref="long"/> (<see cref="System.Numerics.BigInteger"/> beyond 64 bits), float → <see cref="double"/>,
/// bool, None → null.</remarks>
public static class PythonLiteral
{
    /// <summary>Parses one Python literal.</summary>
    /// <exception cref="PythonLiteralException">Not a literal; the column says where.</exception>
    public static object? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses one Python literal from a span.</summary>
    /// <exception cref="PythonLiteralException">Not a literal; the column says where.</exception>
    public static object? Parse(ReadOnlySpan<char> text) => new PythonLiteralParser(text, json: false, pool: null).ParseDocument();

    /// <summary>Parses a Python literal or a strict JSON value: additionally accepts <c>true</c>/<c>false</c>/
    /// <c>null</c>/<c>Infinity</c>/<c>NaN</c> and reads <c>\/</c> as <c>/</c>.</summary>
    public static object? ParseJsonOrPython(ReadOnlySpan<char> text) => new PythonLiteralParser(text, json: true, pool: null).ParseDocument();

    /// <summary>Writes <paramref name="value"/> as Python's <c>repr</c> would (dicts as <c>{'k': v}</c>,
    /// any other sequence as a list, floats in shortest round-trip form), so that <see cref="Parse(string)"/> and
    /// Python's <c>eval</c> read it back to the same value.</summary>
    /// <exception cref="ArgumentException">A value with no literal form (or nesting deeper than 200).</exception>
    public static string Format(object? value)
    {
        var sb = new StringBuilder();
        PythonLiteralFormatter.Write(sb, value);
        return sb.ToString();
    }
}
