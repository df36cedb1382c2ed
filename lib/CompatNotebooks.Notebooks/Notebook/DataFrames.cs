using System.Reflection;
using Microsoft.Data.Analysis;

namespace CompatNotebooks.Notebook;

/// <summary>Builds Microsoft.Data.Analysis DataFrames (the notebooks' tables) from rows in one call.</summary>
public static class DataFrames
{
    /// <summary>
    /// One column per (name, selector); the column type follows the selected values (text, whole numbers,
    /// floating point, booleans; anything else becomes text).
    /// </summary>
    public static DataFrame Of<T>(IEnumerable<T> rows, params (string Name, Func<T, object?> Value)[] columns)
    {
        var list = rows.ToList();
        return new DataFrame(columns.Select(c => Column(c.Name, list.Select(c.Value).ToList())));
    }

    /// <summary>
    /// Rows that have a name, e.g. <c>DataFrames.Named("pairs", ("all", pairs), ("train", train)).With(("count", p =&gt; p.Count))</c>:
    /// the first column, titled <paramref name="nameColumn"/>, holds the names; <see cref="NamedRows{T}.With"/> adds the others.
    /// </summary>
    public static NamedRows<T> Named<T>(string nameColumn, params (string Name, T Row)[] rows) => new(nameColumn, rows);

    /// <summary>A two-column table of named values, e.g. <c>DataFrames.Values("items", "count", ("kept", 120), ("left out", 7))</c>.</summary>
    public static DataFrame Values(string nameColumn, string valueColumn, params (string Name, object? Value)[] rows) =>
        new(new StringDataFrameColumn(nameColumn, rows.Select(r => r.Name)), Column(valueColumn, rows.Select(r => r.Value).ToList()));

    /// <summary>
    /// A cross table: one row per distinct <paramref name="row"/> key, one column per distinct <paramref name="column"/>
    /// key (both in order of first appearance), each cell the <paramref name="value"/> of the item with those keys
    /// (empty where there is none). The first column, titled <paramref name="corner"/>, holds the row keys.
    /// </summary>
    public static DataFrame Grid<T>(IEnumerable<T> items, Func<T, object> row, Func<T, object> column, Func<T, object?> value, string corner = "")
    {
        var list = items.ToList();
        var rows = list.Select(row).Distinct().ToList();
        var columns = list.Select(column).Distinct().ToList();
        var cells = new List<DataFrameColumn> { new StringDataFrameColumn(corner, rows.Select(Text)) };
        cells.AddRange(columns.Select(c => Column(Text(c), rows
            .Select(r => list.Where(i => Equals(row(i), r) && Equals(column(i), c)).Select(value).FirstOrDefault())
            .ToList())));
        return new DataFrame(cells);
    }

    /// <summary>A two-column table (name, value) of a report record's public properties, e.g. a catalog report.</summary>
    public static DataFrame Properties(object report, params string[] skip)
    {
        var properties = report.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && !skip.Contains(p.Name))
            .Select(p => (Name: p.Name, Value: p.GetValue(report)))
            .Where(p => p.Value is null or string or ValueType)
            .ToList();
        return new DataFrame(
            new StringDataFrameColumn("name", properties.Select(p => p.Name)),
            new StringDataFrameColumn("value", properties.Select(p => Text(p.Value))));
    }

    internal static DataFrameColumn Column(string name, List<object?> values)
    {
        var sample = values.FirstOrDefault(v => v is not null);
        return sample switch
        {
            int or long or short or byte => new Int64DataFrameColumn(name, values.Select(v => v is null ? (long?)null : Convert.ToInt64(v))),
            double or float or decimal => new DoubleDataFrameColumn(name, values.Select(v => v is null ? (double?)null : Convert.ToDouble(v))),
            bool => new BooleanDataFrameColumn(name, values.Select(v => (bool?)v)),
            _ => new StringDataFrameColumn(name, values.Select(Text)),
        };
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        TimeSpan t => $"{t.TotalSeconds:0.00} s",
        double d => d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
