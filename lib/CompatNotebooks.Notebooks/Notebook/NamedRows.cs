using Microsoft.Data.Analysis;

namespace CompatNotebooks.Notebook;

/// <summary>Rows with a name each, waiting for their columns (see <see cref="DataFrames.Named{T}"/>).</summary>
/// <typeparam name="T">What each row describes (a pair set, an evaluation result…).</typeparam>
public sealed class NamedRows<T>
{
    private readonly string _nameColumn;
    private readonly (string Name, T Row)[] _rows;

    internal NamedRows(string nameColumn, (string Name, T Row)[] rows)
    {
        _nameColumn = nameColumn;
        _rows = rows;
    }

    /// <summary>The table: the names, then one column per (title, selector) in the order given.</summary>
    public DataFrame With(params (string Name, Func<T, object?> Value)[] columns)
    {
        var cells = new List<DataFrameColumn> { new StringDataFrameColumn(_nameColumn, _rows.Select(r => r.Name)) };
        cells.AddRange(columns.Select(c => DataFrames.Column(c.Name, _rows.Select(r => c.Value(r.Row)).ToList())));
        return new DataFrame(cells);
    }
}
