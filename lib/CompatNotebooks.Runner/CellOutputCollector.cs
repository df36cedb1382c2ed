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
    private readonly List<InteractiveDocumentOutputElement> outputs = [];
    private readonly HashSet<int> updatedDisplays = [];
    private readonly int executionCount;
    private readonly Dictionary<string, (CellOutputCollector Cell, int Index)> displays;

    /// <param name="executionCount">The cell's execution count (for its return value).</param>
    /// <param name="displays">Display id → output, shared by all cells of a notebook so that an update published
    /// by a later cell replaces the output where it was first shown, as a notebook front end does.</param>
    public CellOutputCollector(int executionCount, Dictionary<string, (CellOutputCollector, int)> displays)
    {
        this.executionCount = executionCount;
        this.displays = displays;
    }

    /// <summary>Outputs in the order the cell produced them.</summary>
    public IReadOnlyList<InteractiveDocumentOutputElement> Outputs => outputs;

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
                    var value = new ReturnValueElement { ExecutionOrder = executionCount };
                    foreach (var (mime, text) in Data(r.FormattedValues))
                        value.Data[mime] = text;
                    outputs.Add(value);
                }
                break;
            case DisplayedValueProduced d:
                if (d.ValueId is { } id)
                    displays[id] = (this, outputs.Count);
                outputs.Add(new DisplayElement(Data(d.FormattedValues)));
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
        if (!outputs.OfType<ErrorElement>().Any(x => x.ErrorValue == message))
            outputs.Add(new ErrorElement(message, name, []));
    }

    private void Update(DisplayedValueUpdated update)
    {
        var data = Data(update.FormattedValues);
        if (update.ValueId is { } id && displays.TryGetValue(id, out var shown))
        {
            shown.Cell.outputs[shown.Index] = new DisplayElement(data);
            shown.Cell.updatedDisplays.Add(shown.Index);
            return;
        }
        // The kernel's DisplayedValue publishes its first display and its updates under different ids: pair an
        // unknown update with the latest display of this cell that has not been updated yet.
        for (var i = outputs.Count - 1; i >= 0; i--)
        {
            if (outputs[i] is DisplayElement && !updatedDisplays.Contains(i))
            {
                outputs[i] = new DisplayElement(data);
                updatedDisplays.Add(i);
                if (update.ValueId is { } newId)
                    displays[newId] = (this, i);
                return;
            }
        }
        // An update whose display was never seen: show the new state here.
        if (update.ValueId is { } orphan)
            displays[orphan] = (this, outputs.Count);
        outputs.Add(new DisplayElement(data));
    }

    private void AppendStream(string name, string text)
    {
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == name)
            outputs[^1] = new TextElement(last.Text + text, name);
        else
            outputs.Add(new TextElement(text, name));
    }

    private static string Text(IEnumerable<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? values.FirstOrDefault()?.Value ?? "";

    private static Dictionary<string, object> Data(IEnumerable<FormattedValue> values) =>
        values.Where(v => !v.SuppressDisplay).GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => (object)g.First().Value);
}
