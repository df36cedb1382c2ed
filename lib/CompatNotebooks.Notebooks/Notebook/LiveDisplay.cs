using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace CompatNotebooks.Notebook;

/// <summary>
/// A notebook output that can be replaced in place (a progress bar, a live loss curve).
/// </summary>
/// <remarks>
/// The kernel's own <c>DisplayedValue</c> publishes its first event and its updates under different ids in
/// 1.0.0-beta.26120.1, so a front end cannot always tell which output an update replaces. This publishes both
/// events itself with one id, which the Jupyter kernel sends as the <c>display_id</c> of the first
/// <c>display_data</c> and of every <c>update_display_data</c>. In the kernel's Jupyter mode the messages go straight
/// to the front end instead (<see cref="JupyterDisplayChannel"/>), so that JSON mime types such as the Plotly figure
/// arrive as JSON objects. Outside a kernel (a console program, a unit test) it does nothing.
/// </remarks>
public sealed class LiveDisplay
{
    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly string[] _mimeTypes;
    private KernelInvocationContext? _context;
    private bool _shown;

    /// <summary>Creates a display for the given mime types (default: HTML and plain text).</summary>
    public LiveDisplay(params string[] mimeTypes)
    {
        _mimeTypes = mimeTypes.Length > 0 ? mimeTypes : ["text/html", "text/plain"];
        _context = KernelInvocationContext.Current;
    }

    /// <summary>Shows <paramref name="value"/> the first time, replaces the shown value afterwards.</summary>
    public void Show(object value)
    {
        // A later cell may update a display created earlier: publish on the command now running.
        if (KernelInvocationContext.Current is { } current)
            _context = current;
        if (_context is null)
            return;
        var formatted = FormattedValue.CreateManyFromObject(value, _mimeTypes);
        if (JupyterDisplayChannel.TrySend(update: _shown, _id, formatted))
        {
            _shown = true;
            return;
        }
        _context.Publish(_shown
            ? new DisplayedValueUpdated(value, _id, _context.Command, formatted)
            : new DisplayedValueProduced(value, _context.Command, formatted, _id));
        _shown = true;
    }
}
