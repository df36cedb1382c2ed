using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace CompatNotebooks.Runner;

/// <summary>
/// Turns the kernel events of one cell into .ipynb outputs: stdout/stderr streams, displays (replaced in place when
/// the kernel publishes an update for the same display id), the return value and errors.
/// </summary>
internal sealed class CellOutputCollector
{
    private readonly List<InteractiveDocumentOutputElement> _outputs = [];
    private readonly HashSet<int> _updatedDisplays = [];
    private readonly int _executionCount;
    private readonly Dictionary<string, (CellOutputCollector Cell, int Index)> _displays;

    /// <param name="executionCount">The cell's execution count (for its return value).</param>
    /// <param name="displays">Display id → output, shared by all cells of a notebook so that an update published
    /// by a later cell replaces the output where it was first shown, as a notebook front end does.</param>
    public CellOutputCollector(int executionCount, Dictionary<string, (CellOutputCollector, int)> displays)
    {
        _executionCount = executionCount;
        _displays = displays;
    }

    /// <summary>Outputs in the order the cell produced them.</summary>
    public IReadOnlyList<InteractiveDocumentOutputElement> Outputs => _outputs;

    /// <summary>The first error the kernel reported for the cell, if any.</summary>
    public string? Error { get; private set; }

    public void Add(KernelEvent e)
    {
        switch (e)
        {
            case StandardOutputValueProduced o:
                AppendStream("stdout", Text(o.FormattedValues));
                break;
            case StandardErrorValueProduced o:
                AppendStream("stderr", Text(o.FormattedValues));
                break;
            case DisplayedValueUpdated u:
                Update(u);
                break;
            case ReturnValueProduced r:
                if (r.FormattedValues.Any(f => !f.SuppressDisplay))
                {
                    var value = new ReturnValueElement { ExecutionOrder = _executionCount };
                    foreach (var (mime, text) in Data(r.FormattedValues))
                        value.Data[mime] = text;
                    _outputs.Add(value);
                }
                break;
            case DisplayedValueProduced d:
                if (d.ValueId is { } id)
                    _displays[id] = (this, _outputs.Count);
                _outputs.Add(new DisplayElement(Data(d.FormattedValues)));
                break;
            case ErrorProduced err:
                Fail(err.Message, "Error");
                break;
            case CommandFailed failed:
                Fail(failed.Message, failed.Exception?.GetType().Name ?? "Error");
                break;
        }
    }

    /// <summary>Records a failure the runner itself detected (a timeout).</summary>
    public void Fail(string message, string name)
    {
        Error ??= message;
        if (!_outputs.OfType<ErrorElement>().Any(x => x.ErrorValue == message))
            _outputs.Add(new ErrorElement(message, name, []));
    }

    private void Update(DisplayedValueUpdated update)
    {
        var data = Data(update.FormattedValues);
        if (update.ValueId is { } id && _displays.TryGetValue(id, out var shown))
        {
            shown.Cell._outputs[shown.Index] = new DisplayElement(data);
            shown.Cell._updatedDisplays.Add(shown.Index);
            return;
        }
        // The kernel's DisplayedValue publishes its first display and its updates under different ids: pair an
        // unknown update with the latest display of this cell that has not been updated yet.
        for (var i = _outputs.Count - 1; i >= 0; i--)
        {
            if (_outputs[i] is DisplayElement && !_updatedDisplays.Contains(i))
            {
                _outputs[i] = new DisplayElement(data);
                _updatedDisplays.Add(i);
                if (update.ValueId is { } newId)
                    _displays[newId] = (this, i);
                return;
            }
        }
        // An update whose display was never seen: show the new state here.
        if (update.ValueId is { } orphan)
            _displays[orphan] = (this, _outputs.Count);
        _outputs.Add(new DisplayElement(data));
    }

    private void AppendStream(string name, string text)
    {
        if (_outputs.Count > 0 && _outputs[^1] is TextElement last && last.Name == name)
            _outputs[^1] = new TextElement(last.Text + text, name);
        else
            _outputs.Add(new TextElement(text, name));
    }

    private static string Text(IEnumerable<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? values.FirstOrDefault()?.Value ?? "";

    private static Dictionary<string, object> Data(IEnumerable<FormattedValue> values) =>
        values.Where(v => !v.SuppressDisplay).GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => (object)g.First().Value);
}
