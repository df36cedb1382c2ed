using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace CompatNotebooks.Notebook;

/// <summary>
/// A DataFrame as aligned plain text, the fallback of front ends without HTML: columns separated by two spaces,
/// text left-aligned, numbers right-aligned and rounded for reading (the DataFrame's own <c>ToString</c> runs
/// full-precision numbers together).
/// </summary>
public static class DataFrameText
{
    /// <summary>Significant digits kept for floating-point cells.</summary>
    public const int SignificantDigits = 4;

    /// <summary>The first <see cref="NotebookFormatters.DataFrameRowLimit"/> rows under a header, then the row count.</summary>
    public static string Render(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var shown = (int)Math.Min(frame.Rows.Count, NotebookFormatters.DataFrameRowLimit);
        var columns = frame.Columns.Select(c => (Numeric: c.DataType != typeof(string) && c.DataType != typeof(bool),
            Cells: new[] { c.Name }.Concat(Enumerable.Range(0, shown).Select(r => Cell(c[r]))).ToArray())).ToList();
        var widths = columns.Select(c => c.Cells.Max(s => s.Length)).ToList();
        var text = new StringBuilder();
        for (var row = 0; row <= shown; row++)
        {
            var line = string.Join("  ", columns.Select((c, i) => c.Numeric && row > 0 ? c.Cells[row].PadLeft(widths[i]) : c.Cells[row].PadRight(widths[i])));
            text.Append(line.TrimEnd()).Append('\n');
        }
        text.Append(frame.Rows.Count > shown ? $"({shown} of {frame.Rows.Count:N0} rows shown)"
            : frame.Rows.Count == 1 ? "(1 row)" : $"({frame.Rows.Count:N0} rows)");
        return text.ToString();
    }

    /// <summary>One cell: floating point rounded to <see cref="SignificantDigits"/> significant digits, whole numbers grouped.</summary>
    internal static string Cell(object? value) => value switch
    {
        null => "",
        double d => Round(d),
        float f => Round(f),
        long or int => ((IFormattable)value).ToString("N0", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Round(double value)
    {
        if (value == 0)
            return "0";
        if (!double.IsFinite(value) || Math.Abs(value) is < 1e-3 or >= 1e6)
            return value.ToString("G" + SignificantDigits, CultureInfo.InvariantCulture);
        var decimals = Math.Clamp(SignificantDigits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15);
        return Math.Round(value, decimals).ToString("0.######", CultureInfo.InvariantCulture);
    }
}
